'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff, requireUser } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { clientAddress } from '../throttle/client-address';
import { acceptStaffInvitation, inviteStaff, revokeStaffInvitation, type StaffAcceptOutcome } from './invitation-service';
import { acceptStaffInvitationSchema, inviteStaffSchema, staffInvitationActionSchema } from './schema';

export async function inviteStaffAction(input: unknown): Promise<ActionResult<{ invitationId: string; expiresAt: Date }>> {
  return runAction('inviteStaff', async () => {
    const me = await requireStaff(staffRolesFor('staff.manage'));
    const v = parseInput(inviteStaffSchema, input);
    const r = await inviteStaff(me, v, await requestContext());
    revalidatePath('/admin/staff');
    return r;
  });
}

export async function revokeStaffInvitationAction(input: unknown): Promise<ActionResult<{ revoked: true }>> {
  return runAction('revokeStaffInvitation', async () => {
    const me = await requireStaff(staffRolesFor('staff.manage'));
    const v = parseInput(staffInvitationActionSchema, input);
    const r = await revokeStaffInvitation(me, v, await requestContext());
    revalidatePath('/admin/staff');
    return r;
  });
}

// Any signed-in person: the emailed link is the credential. The token travels in the body,
// never in a log line (runAction logs only the action name).
export async function acceptStaffInvitationAction(input: unknown): Promise<ActionResult<StaffAcceptOutcome>> {
  return runAction('acceptStaffInvitation', async () => {
    const me = await requireUser();
    const { token } = parseInput(acceptStaffInvitationSchema, input);
    // No revalidation: every page reads the roles afresh, and refreshing this one would swap the
    // success message for the "already accepted" view.
    return acceptStaffInvitation(me.id, token, { ...(await requestContext()), clientAddress: await clientAddress() });
  });
}
