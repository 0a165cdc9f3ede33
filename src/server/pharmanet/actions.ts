'use server';
import { revalidatePath } from 'next/cache';
import { parseInput, runAction } from '../action';
import { requireStaff, requireUser } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { decidedBy } from '../decisions/answer';
import { requestContext } from '../request-context';
import { decideUserPharmanetSchema, pharmanetWorksiteSchema, worksiteTeamStepSchema } from './schema';
import {
  requestUserPharmanet,
  requestWorksitePharmanet,
  teamApproveWorksitePharmanet,
  teamDecideUserPharmanet,
  teamDeclineWorksitePharmanet,
  teamMarkInstructionsSent,
} from './service';

export async function requestWorksitePharmanetAction(input: unknown) {
  return runAction('requestWorksitePharmanet', async () => {
    const me = await requireUser();
    const v = parseInput(pharmanetWorksiteSchema, input);
    const r = await requestWorksitePharmanet(me.id, v, await requestContext());
    revalidatePath(`/worksites/${v.worksiteId}/pharmanet`);
    return r;
  });
}

export async function requestUserPharmanetAction(input: unknown) {
  return runAction('requestUserPharmanet', async () => {
    const me = await requireUser();
    const v = parseInput(pharmanetWorksiteSchema, input);
    const r = await requestUserPharmanet(me.id, v, await requestContext());
    revalidatePath(`/worksites/${v.worksiteId}/pharmanet`);
    return r;
  });
}

export async function worksitePharmanetStepAction(input: unknown) {
  return runAction('worksitePharmanetStep', async () => {
    const me = await requireStaff(staffRolesFor('pharmanet.decide'));
    const v = parseInput(worksiteTeamStepSchema, input);
    const ctx = await requestContext();
    const base = { requestId: v.requestId, expectedStatus: v.expectedStatus };
    const r =
      v.step === 'instructions_sent'
        ? await teamMarkInstructionsSent(me, base, ctx)
        : v.step === 'approve'
          ? await teamApproveWorksitePharmanet(me, base, ctx)
          : await teamDeclineWorksitePharmanet(me, { ...base, reason: v.reason ?? '' }, ctx);
    // The queue row shows the answer; the page is not re-rendered (decision 027).
    return { ...r, ...decidedBy(me, r) };
  });
}

export async function decideUserPharmanetAction(input: unknown) {
  return runAction('decideUserPharmanet', async () => {
    const me = await requireStaff(staffRolesFor('pharmanet.decide'));
    const v = parseInput(decideUserPharmanetSchema, input);
    const r = await teamDecideUserPharmanet(
      me,
      { requestId: v.requestId, expectedStatus: v.expectedStatus, approve: v.decision === 'approve', reason: v.reason },
      await requestContext(),
    );
    // The queue row shows the answer; the page is not re-rendered (decision 027).
    return { ...r, ...decidedBy(me, r) };
  });
}
