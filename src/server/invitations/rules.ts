// Invitations by email (SPEC §8): single-use, 14 days, resendable, revocable. Pure: no I/O;
// the caller passes the time so an expired link is a value, not a race with the clock.
import type { InvitationStatus } from '@/generated/prisma/client';

export const INVITATION_TTL_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export const invitationExpiresAt = (sentAt: Date) =>
  new Date(sentAt.getTime() + INVITATION_TTL_DAYS * DAY_MS);

/** The stored status plus EXPIRED, which is computed: nothing has to run when 14 days pass. */
export type InvitationState = InvitationStatus | 'EXPIRED';

export function invitationState(
  inv: { status: InvitationStatus; expiresAt: Date },
  now: Date,
): InvitationState {
  return inv.status === 'PENDING' && inv.expiresAt.getTime() <= now.getTime()
    ? 'EXPIRED'
    : inv.status;
}

export type InvitationAction =
  | 'ACCEPT' // the invited person uses the link
  | 'RESEND' // a site admin sends a new link (the old one stops working)
  | 'REVOKE'; // a site admin withdraws it

export const UNKNOWN_INVITATION_MESSAGE =
  'This invitation link is not valid. Check that you used the whole link from the most recent invitation email, or ask your site administrator to send a new one.';
export const EXPIRED_INVITATION_MESSAGE =
  'This invitation link has expired. Ask your site administrator to send a new one.';
export const REVOKED_INVITATION_MESSAGE =
  'This invitation was withdrawn by the site administrator. Ask them if you still need to join.';
export const USED_INVITATION_MESSAGE =
  'This invitation has already been used. Each invitation link works once; ask your site administrator to send you your own.';

const REFUSALS: Record<InvitationAction, Partial<Record<InvitationState, string>>> = {
  ACCEPT: {
    EXPIRED: EXPIRED_INVITATION_MESSAGE,
    REVOKED: REVOKED_INVITATION_MESSAGE,
    ACCEPTED: USED_INVITATION_MESSAGE,
  },
  // An expired invitation can still be resent (a new 14 days) or cleared from the list.
  RESEND: {
    ACCEPTED: 'This invitation was already accepted, so it cannot be sent again.',
    REVOKED: 'This invitation was revoked. Send a new invitation instead.',
  },
  REVOKE: {
    ACCEPTED:
      'This invitation was already accepted. To remove the person, inactivate their membership instead.',
    REVOKED: 'This invitation was already revoked.',
  },
};

export function invitationMay(
  action: InvitationAction,
  state: InvitationState,
): { ok: true } | { ok: false; reason: string } {
  const reason = REFUSALS[action][state];
  return reason ? { ok: false, reason } : { ok: true };
}

/** What a site admin can do to an invitation now, for showing only the buttons that will work. */
export const siteAdminInvitationActions = (state: InvitationState): InvitationAction[] =>
  (['RESEND', 'REVOKE'] as const).filter((a) => invitationMay(a, state).ok);

const LABEL: Record<InvitationState, string> = {
  PENDING: 'Waiting for a reply',
  ACCEPTED: 'Accepted',
  REVOKED: 'Revoked',
  EXPIRED: 'Expired',
};

export const invitationStateLabel = (s: InvitationState) => LABEL[s];
