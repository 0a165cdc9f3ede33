// Staff invitations (SPEC §18): a single-use link, 7 days, that gives a staff role to whoever
// signs in and accepts it. Pure: the caller passes the time.
import type { StaffInvitationStatus } from '@/generated/prisma/client';

export const STAFF_INVITATION_TTL_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export const staffInvitationExpiresAt = (sentAt: Date) =>
  new Date(sentAt.getTime() + STAFF_INVITATION_TTL_DAYS * DAY_MS);

/** The stored status plus EXPIRED, computed so nothing has to run when the days pass. */
export type StaffInvitationState = StaffInvitationStatus | 'EXPIRED';

export function staffInvitationState(
  inv: { status: StaffInvitationStatus; expiresAt: Date },
  now: Date,
): StaffInvitationState {
  return inv.status === 'PENDING' && inv.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : inv.status;
}

export const UNKNOWN_STAFF_INVITATION_MESSAGE =
  'This staff invitation link is not valid. Check that you used the whole link from the most recent email, or ask a staff administrator to send a new one.';
export const EXPIRED_STAFF_INVITATION_MESSAGE =
  'This staff invitation has expired. Ask a staff administrator to send a new one.';
export const REVOKED_STAFF_INVITATION_MESSAGE =
  'This staff invitation was withdrawn by a staff administrator. Ask them if you still need a staff role.';
export const USED_STAFF_INVITATION_MESSAGE =
  'This staff invitation has already been used. Each link works once; ask a staff administrator to send you your own.';
export const STALE_STAFF_INVITATION_MESSAGE =
  'This staff invitation is no longer valid because the person who sent it is no longer a staff administrator. Ask a current staff administrator to send a new one.';

export type StaffInvitationAction = 'ACCEPT' | 'REVOKE';

const REFUSALS: Record<StaffInvitationAction, Partial<Record<StaffInvitationState, string>>> = {
  ACCEPT: {
    EXPIRED: EXPIRED_STAFF_INVITATION_MESSAGE,
    REVOKED: REVOKED_STAFF_INVITATION_MESSAGE,
    ACCEPTED: USED_STAFF_INVITATION_MESSAGE,
  },
  // An expired invitation may still be revoked, which clears it from the list.
  REVOKE: {
    ACCEPTED: 'This invitation was already accepted. To take the role away, revoke the role in the staff list.',
    REVOKED: 'This invitation was already revoked.',
  },
};

export function staffInvitationMay(
  action: StaffInvitationAction,
  state: StaffInvitationState,
): { ok: true } | { ok: false; reason: string } {
  const reason = REFUSALS[action][state];
  return reason ? { ok: false, reason } : { ok: true };
}

const LABEL: Record<StaffInvitationState, string> = {
  PENDING: 'Waiting for a reply',
  ACCEPTED: 'Accepted',
  REVOKED: 'Revoked',
  EXPIRED: 'Expired',
};

export const staffInvitationStateLabel = (s: StaffInvitationState) => LABEL[s];
