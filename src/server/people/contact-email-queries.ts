import 'server-only';
import { clock } from '@/lib/clock';
import { requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';
import { hashInvitationToken, isInvitationTokenShaped } from '../invitations/token';
import { CONTACT_EMAIL_MAX_SENDS, contactEmailChangeState, type ContactEmailChangeState } from './contact-email-rules';

export type WaitingContactEmail = {
  changeId: string;
  email: string;
  expiresAt: Date;
  expired: boolean;
  maySendAgain: boolean;
};

/** The viewer's own contact email change still waiting for confirmation, if any. */
export async function waitingContactEmail(viewer: Subject | null, now = clock.now()): Promise<WaitingContactEmail | null> {
  requireCapability(viewer, 'self.read', { personId: viewer?.id });
  const c = await db().contactEmailChange.findFirst({
    where: { personId: viewer.id, status: 'PENDING' },
    select: { id: true, email: true, expiresAt: true, status: true, sentCount: true },
  });
  if (!c) return null;
  return {
    changeId: c.id,
    email: c.email,
    expiresAt: c.expiresAt,
    expired: contactEmailChangeState(c, now) === 'EXPIRED',
    maySendAgain: c.sentCount < CONTACT_EMAIL_MAX_SENDS,
  };
}

export type ContactEmailLinkView = { state: 'UNKNOWN' } | { state: ContactEmailChangeState; email: string };

/** What the confirmation page shows: only the viewer's own change, looked up by the token's hash;
 * anyone else's link reads like a made-up one. */
export async function contactEmailLinkForPage(
  viewer: Subject | null,
  token: string,
  now = clock.now(),
): Promise<ContactEmailLinkView> {
  requireCapability(viewer, 'self.read', { personId: viewer?.id });
  if (!isInvitationTokenShaped(token)) return { state: 'UNKNOWN' };
  const c = await db().contactEmailChange.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { personId: true, email: true, status: true, expiresAt: true },
  });
  if (!c || c.personId !== viewer.id) return { state: 'UNKNOWN' };
  return { state: contactEmailChangeState(c, now), email: c.email };
}
