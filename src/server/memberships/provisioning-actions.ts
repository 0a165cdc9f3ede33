'use server';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { decidedBy, type DecidedBy } from '../decisions/answer';
import { requestContext } from '../request-context';
import { declineMembershipSchema, provisionSchema } from './provisioning-schema';
import { declineMembership, PROVISION_ROLES, provisionMembership } from './provisioning-service';

// Decisions answer with what changed (the row shows it) instead of re-rendering the page
// (docs/decisions/027-round-trip-budget.md).
type Decided = ActionResult<{ membershipId: string; status: 'ACTIVE' | 'DECLINED' } & DecidedBy>;

export async function provisionMembershipAction(input: unknown): Promise<Decided> {
  return runAction('provisionMembership', async () => {
    const me = await requireStaff(PROVISION_ROLES);
    const values = parseInput(provisionSchema, input);
    const r = await provisionMembership(me, values, await requestContext());
    return { membershipId: r.membershipId, status: r.status, ...decidedBy(me, r) };
  });
}

export async function declineMembershipAction(input: unknown): Promise<Decided> {
  return runAction('declineMembership', async () => {
    const me = await requireStaff(PROVISION_ROLES);
    const values = parseInput(declineMembershipSchema, input);
    const r = await declineMembership(me, values, await requestContext());
    return { membershipId: r.membershipId, status: r.status, ...decidedBy(me, r) };
  });
}
