import 'server-only';
import type { ContactEmailChange, Person } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { DomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import { contactEmailChangedNotices } from '../email/templates/contact-email-changed';
import { contactEmailChangeRequestedNotice, contactEmailConfirmNotice } from '../email/templates/contact-email-confirm';
import { portalUrl } from '../email/worksite-email';
import { env } from '../env';
import { hashInvitationToken, isInvitationTokenShaped, newInvitationToken } from '../invitations/token';
import { enqueueNotices } from '../notify';
import type { AuditContext as Ctx } from '../request-context';
import { limitContactEmailChanges } from '../throttle/limits';
import {
  confirmRefusal,
  CONTACT_EMAIL_MAX_SENDS,
  contactEmailChangeState,
  contactEmailDecision,
  contactEmailLinkExpiresAt,
  mayResendOrCancel,
  UNKNOWN_CONTACT_LINK_MESSAGE,
} from './contact-email-rules';


const cfg = () => ({ appName: env().APP_NAME, teamMailbox: env().TEAM_MAILBOX });
const confirmUrl = (token: string) => portalUrl(`/profile/confirm-email/${token}`);

/** The person row lock queues every contact-email step of one person (save, resend, confirm, cancel). */
async function lockPerson(tx: Tx, personId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Person" WHERE id = ${personId}::uuid FOR UPDATE`;
}

const waitingChange = (tx: Tx, personId: string) =>
  tx.contactEmailChange.findFirst({ where: { personId, status: 'PENDING' } });

/**
 * Saving a typed contact email (profile page or enrolment form): the address in use stays until
 * the new one is confirmed from a link sent there; the address in use hears that a change was
 * asked for. Call inside the caller's transaction. Returns the address now waiting, if any.
 */
export async function requestContactEmailChange(
  tx: Tx,
  person: Pick<Person, 'id' | 'contactEmail'>,
  typed: string,
  ctx: Ctx,
): Promise<{ requested: boolean; waitingEmail: string | null }> {
  await lockPerson(tx, person.id);
  const now = clock.now();
  const pending = await waitingChange(tx, person.id);
  const decision = contactEmailDecision(
    person.contactEmail,
    pending ? { email: pending.email, state: contactEmailChangeState(pending, now) } : null,
    typed,
  );
  if (decision !== 'REQUEST') return { requested: false, waitingEmail: pending?.email ?? null };
  // Each new address is emailed: limited per person (SPEC §9's throttles, docs/security.md).
  await limitContactEmailChanges(tx, person.id, now);

  const email = typed.trim().toLowerCase();
  if (pending) {
    await tx.contactEmailChange.update({ where: { id: pending.id }, data: { status: 'SUPERSEDED' } });
  }
  const token = newInvitationToken();
  const expiresAt = contactEmailLinkExpiresAt(now);
  const change = await tx.contactEmailChange.create({
    data: { personId: person.id, email, tokenHash: hashInvitationToken(token), expiresAt },
  });
  await enqueueNotices(tx, [
    contactEmailConfirmNotice({ personId: person.id, changeId: change.id, sentCount: 1, newEmail: email, url: confirmUrl(token), expiresAt }, cfg()),
    ...(person.contactEmail
      ? [contactEmailChangeRequestedNotice({ personId: person.id, changeId: change.id, oldEmail: person.contactEmail, newEmail: email, requestedAt: now }, cfg())]
      : []),
  ]);
  await audit(tx, {
    ...byPerson(person.id, ctx),
    action: 'person.contact_email_change_requested',
    target: { type: 'PERSON', id: person.id },
    personId: person.id,
    before: { contactEmail: person.contactEmail, waitingEmail: pending?.email ?? null },
    after: { waitingEmail: email, changeId: change.id, expiresAt: expiresAt.toISOString() },
  });
  return { requested: true, waitingEmail: email };
}

const unknownLink = () => new DomainError('NOT_FOUND', UNKNOWN_CONTACT_LINK_MESSAGE);
const changedMeanwhile = () =>
  new DomainError('ALREADY_DECIDED', 'Your contact email changed while you were looking at it. Reload the page to see where it stands.');


/**
 * The owner confirms from the link: only while signed in as the person who asked, so a link
 * reaching someone else's mailbox (or forwarded) changes nothing for anyone else.
 */
export async function confirmContactEmail(personId: string, token: string, ctx: Ctx = {}): Promise<{ email: string }> {
  if (!isInvitationTokenShaped(token)) throw unknownLink();
  const tokenHash = hashInvitationToken(token);
  return db().$transaction(async (tx) => {
    await lockPerson(tx, personId);
    const change = await tx.contactEmailChange.findUnique({ where: { tokenHash } });
    // Someone else's link answers exactly like a made-up one.
    if (!change || change.personId !== personId) throw unknownLink();
    const now = clock.now();
    const refusal = confirmRefusal(contactEmailChangeState(change, now));
    if (refusal) throw new DomainError('INVALID_TRANSITION', refusal);

    const person = await tx.person.findUniqueOrThrow({ where: { id: personId } });
    const r = await tx.contactEmailChange.updateMany({
      where: { id: change.id, status: 'PENDING', tokenHash, expiresAt: { gt: now } },
      data: { status: 'CONFIRMED', confirmedAt: now },
    });
    if (r.count !== 1) throw changedMeanwhile();
    await tx.person.update({ where: { id: personId }, data: { contactEmail: change.email } });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'person.contact_email_confirmed',
      target: { type: 'PERSON', id: personId },
      personId,
      before: { contactEmail: person.contactEmail },
      after: { contactEmail: change.email, changeId: change.id },
    });
    // Both addresses hear that the change happened, so a hijacked account is noticed.
    await enqueueNotices(tx, contactEmailChangedNotices({ personId, oldEmail: person.contactEmail, newEmail: change.email, changedAt: now }));
    return { email: change.email };
  });
}

/** The person's own change still waiting, or the answer a stale or forged id gets. */
async function ownWaitingChange(tx: Tx, personId: string, changeId: string, now: Date): Promise<ContactEmailChange> {
  if (!isUuid(changeId)) throw new DomainError('NOT_FOUND', 'We could not find that change.');
  await lockPerson(tx, personId);
  const change = await tx.contactEmailChange.findFirst({ where: { id: changeId, personId } });
  if (!change) throw new DomainError('NOT_FOUND', 'We could not find that change.');
  if (!mayResendOrCancel(contactEmailChangeState(change, now))) throw changedMeanwhile();
  return change;
}

/** A new link (the previous one stops working) and a new expiry, a few times per change. */
export async function resendContactEmailConfirmation(
  personId: string,
  input: { changeId: string },
  ctx: Ctx = {},
): Promise<{ email: string; expiresAt: Date }> {
  return db().$transaction(async (tx) => {
    const now = clock.now();
    const change = await ownWaitingChange(tx, personId, input.changeId, now);
    if (change.sentCount >= CONTACT_EMAIL_MAX_SENDS)
      throw new DomainError(
        'RATE_LIMITED',
        `We have sent ${CONTACT_EMAIL_MAX_SENDS} links to ${change.email} already. Check that the address is right, or cancel and enter it again.`,
      );
    const token = newInvitationToken();
    const expiresAt = contactEmailLinkExpiresAt(now);
    const sentCount = change.sentCount + 1;
    const r = await tx.contactEmailChange.updateMany({
      where: { id: change.id, status: 'PENDING', tokenHash: change.tokenHash },
      data: { tokenHash: hashInvitationToken(token), expiresAt, sentCount },
    });
    if (r.count !== 1) throw changedMeanwhile();
    await enqueueNotices(tx, [
      contactEmailConfirmNotice({ personId, changeId: change.id, sentCount, newEmail: change.email, url: confirmUrl(token), expiresAt }, cfg()),
    ]);
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'person.contact_email_confirmation_resent',
      target: { type: 'PERSON', id: personId },
      personId,
      before: { expiresAt: change.expiresAt.toISOString(), sentCount: change.sentCount },
      after: { expiresAt: expiresAt.toISOString(), sentCount, changeId: change.id },
    });
    return { email: change.email, expiresAt };
  });
}

/** Drops the waiting change; the address in use stays and the link stops working. */
export async function cancelContactEmailChange(
  personId: string,
  input: { changeId: string },
  ctx: Ctx = {},
): Promise<{ cancelled: true }> {
  return db().$transaction(async (tx) => {
    const change = await ownWaitingChange(tx, personId, input.changeId, clock.now());
    const r = await tx.contactEmailChange.updateMany({
      where: { id: change.id, status: 'PENDING' },
      data: { status: 'CANCELLED' },
    });
    if (r.count !== 1) throw changedMeanwhile();
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'person.contact_email_change_cancelled',
      target: { type: 'PERSON', id: personId },
      personId,
      before: { waitingEmail: change.email, changeId: change.id },
      after: { waitingEmail: null },
    });
    return { cancelled: true };
  });
}
