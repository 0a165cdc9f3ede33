// A typed contact email takes effect only once its owner confirms it from a link sent there
// (SPEC §18). Pure: the caller passes the time.
import type { ContactEmailChangeStatus } from '@/generated/prisma/client';

export const CONTACT_EMAIL_LINK_TTL_HOURS = 48;
/** Sends of one change (the first and the resends); a new address starts a new change. */
export const CONTACT_EMAIL_MAX_SENDS = 5;

export const contactEmailLinkExpiresAt = (sentAt: Date) =>
  new Date(sentAt.getTime() + CONTACT_EMAIL_LINK_TTL_HOURS * 3_600_000);

export type ContactEmailChangeState = ContactEmailChangeStatus | 'EXPIRED';

export function contactEmailChangeState(
  c: { status: ContactEmailChangeStatus; expiresAt: Date },
  now: Date,
): ContactEmailChangeState {
  return c.status === 'PENDING' && c.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : c.status;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * What saving a typed contact email does: nothing when it is the address in use (a waiting change
 * stays, so saving a phone number does not cancel it) or the one already waiting with a live link;
 * otherwise a new confirmation link (replacing any waiting change).
 */
export function contactEmailDecision(
  current: string | null,
  pending: { email: string; state: ContactEmailChangeState } | null,
  typed: string,
): 'UNCHANGED' | 'ALREADY_WAITING' | 'REQUEST' {
  if (same(current, typed)) return 'UNCHANGED';
  if (pending && pending.state === 'PENDING' && same(pending.email, typed)) return 'ALREADY_WAITING';
  return 'REQUEST';
}

export const UNKNOWN_CONTACT_LINK_MESSAGE =
  'This confirmation link is not valid. Check that you used the whole link from the most recent email, and that you are signed in as the person who asked for the change.';

const CONFIRM_REFUSALS: Partial<Record<ContactEmailChangeState, string>> = {
  EXPIRED: 'This confirmation link has expired. Open your profile to send a new one.',
  CONFIRMED: 'This confirmation link was already used. Each link works once; your profile shows the contact email in use.',
  CANCELLED: 'This change was cancelled, so the link no longer works. Your profile shows the contact email in use.',
  SUPERSEDED: 'A newer confirmation link was sent for a later change. Use the link in the most recent email.',
};

/** Why a link in this state cannot confirm, or null when it can. */
export const confirmRefusal = (state: ContactEmailChangeState): string | null => CONFIRM_REFUSALS[state] ?? null;

/** Resend and cancel act only on the change still waiting (expired links can be sent again). */
export function mayResendOrCancel(state: ContactEmailChangeState): boolean {
  return state === 'PENDING' || state === 'EXPIRED';
}
