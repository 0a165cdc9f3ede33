'use server';
import { revalidatePath } from 'next/cache';
import { parseInput, runAction } from '../action';
import { requireStaff, requireUser } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { decidedBy } from '../decisions/answer';
import { requestContext } from '../request-context';
import { decideRemoteAccessSchema, requestRemoteAccessSchema } from './schema';
import { decideRemoteAccess, requestRemoteAccess } from './service';

export async function requestRemoteAccessAction(input: unknown) {
  return runAction('requestRemoteAccess', async () => {
    const me = await requireUser();
    const v = parseInput(requestRemoteAccessSchema, input);
    const r = await requestRemoteAccess(me.id, v, await requestContext());
    revalidatePath('/worksites', 'layout');
    return r;
  });
}

export async function decideRemoteAccessAction(input: unknown) {
  return runAction('decideRemoteAccess', async () => {
    const me = await requireStaff(staffRolesFor('remoteAccess.decide'));
    const v = parseInput(decideRemoteAccessSchema, input);
    const r = await decideRemoteAccess(
      me,
      {
        requestId: v.requestId,
        expectedStatus: v.expectedStatus,
        approve: v.decision === 'approve',
        reason: v.reason,
      },
      await requestContext(),
    );
    // The queue row shows the answer; the page is not re-rendered (decision 027).
    return { ...r, ...decidedBy(me, r) };
  });
}
