'use server';
import type { PersonStatus } from '@/generated/prisma/client';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff, type CurrentPerson } from '../auth/session';
import { decisionAnswer, type DecisionAnswer } from '../decisions/answer';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { LAST_SITE_ADMIN_CONFIRM, type OrphanedWorksite } from './site-admin-rules';
import { PERSON_STATUS_LABEL } from './team-rules';
import { personStatusDecisionSchema, suspendPersonSchema } from './team-schema';
import { LastSiteAdminConfirmation, reinstatePerson, suspendPerson } from './team-service';

// Decisions answer with what changed instead of re-rendering the page they were posted from
// (docs/decisions/027-round-trip-budget.md).
type Decided = ActionResult<DecisionAnswer<PersonStatus, never>>;
const answer = (me: CurrentPerson, personId: string, r: { from: PersonStatus; status: PersonStatus; at: Date; reason: string | null }) =>
  decisionAnswer({ id: personId, from: r.from, to: r.status, at: r.at, reason: r.reason, by: me.displayName, subject: 'Account', label: (s: PersonStatus) => PERSON_STATUS_LABEL[s], decisions: [] });
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
    const me = await requireStaff(staffRolesFor('person.suspend'));
    const values = parseInput(suspendPersonSchema, input);
    const r = await suspendPerson(me, values, await requestContext()).catch((e: unknown) => {
      if (e instanceof LastSiteAdminConfirmation) asked.question = e;
      throw e;
    });
    return answer(me, values.personId, r);
  });
  const q = asked.question;
  return q ? { ok: false, code: LAST_SITE_ADMIN_CONFIRM, formError: q.message, worksites: q.worksites } : result;
}

export async function reinstatePersonAction(input: unknown): Promise<Decided> {
  return runAction('reinstatePerson', async () => {
    const me = await requireStaff(staffRolesFor('person.suspend'));
    const values = parseInput(personStatusDecisionSchema, input);
    const r = await reinstatePerson(me, values, await requestContext());
    return answer(me, values.personId, r);
  });
}
