'use server';
import { revalidatePath } from 'next/cache';
import type { PersonStatus } from '@/generated/prisma/client';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { requestContext } from '../request-context';
import { LAST_SITE_ADMIN_CONFIRM, type OrphanedWorksite } from './site-admin-rules';
import { teamActionRoles } from './team-rules';
import { personStatusDecisionSchema, suspendPersonSchema } from './team-schema';
import { LastSiteAdminConfirmation, reinstatePerson, suspendPerson } from './team-service';

type Decided = ActionResult<{ status: PersonStatus }>;
/** Nothing was done: the person is the last active site admin of these worksites. Submitting
 * again with `confirmLastSiteAdmin: true` suspends them anyway. */
export type LastSiteAdminQuestion = Extract<Decided, { ok: false }> & {
  code: typeof LAST_SITE_ADMIN_CONFIRM;
  formError: string;
  worksites: OrphanedWorksite[];
};

export async function suspendPersonAction(input: unknown): Promise<Decided | LastSiteAdminQuestion> {
  const asked: { question?: LastSiteAdminConfirmation } = {};
  const result = await runAction('suspendPerson', async () => {
    const me = await requireStaff(teamActionRoles('suspendPerson'));
    const values = parseInput(suspendPersonSchema, input);
    const { status } = await suspendPerson(me, values, await requestContext()).catch((e: unknown) => {
      if (e instanceof LastSiteAdminConfirmation) asked.question = e;
      throw e;
    });
    revalidatePath('/admin', 'layout');
    return { status };
  });
  const q = asked.question;
  return q ? { ok: false, code: LAST_SITE_ADMIN_CONFIRM, formError: q.message, worksites: q.worksites } : result;
}

export async function reinstatePersonAction(input: unknown): Promise<Decided> {
  return runAction('reinstatePerson', async () => {
    const me = await requireStaff(teamActionRoles('reinstatePerson'));
    const values = parseInput(personStatusDecisionSchema, input);
    const { status } = await reinstatePerson(me, values, await requestContext());
    revalidatePath('/admin', 'layout');
    return { status };
  });
}
