'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { requestContext } from '../request-context';
import { declineMembershipSchema, provisionSchema } from './provisioning-schema';
import { declineMembership, PROVISION_ROLES, provisionMembership } from './provisioning-service';

type Decided = ActionResult<{ membershipId: string; status: 'ACTIVE' | 'DECLINED' }>;

function refresh() {
  revalidatePath('/admin');
  revalidatePath('/admin/memberships');
}

export async function provisionMembershipAction(input: unknown): Promise<Decided> {
  return runAction('provisionMembership', async () => {
    const me = await requireStaff(PROVISION_ROLES);
    const values = parseInput(provisionSchema, input);
    const r = await provisionMembership(me, values, await requestContext());
    refresh();
    return r;
  });
}

export async function declineMembershipAction(input: unknown): Promise<Decided> {
  return runAction('declineMembership', async () => {
    const me = await requireStaff(PROVISION_ROLES);
    const values = parseInput(declineMembershipSchema, input);
    const r = await declineMembership(me, values, await requestContext());
    refresh();
    return r;
  });
}
