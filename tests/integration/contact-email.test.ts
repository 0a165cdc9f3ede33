// SPEC §18: a typed contact email takes effect only after its owner confirms it from a link sent
// to that address; the address in use hears that a change was asked for.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { newInvitationToken } from '@/server/invitations/token';
import { contactEmailLinkForPage, waitingContactEmail } from '@/server/people/contact-email-queries';
import { CONTACT_EMAIL_MAX_SENDS, UNKNOWN_CONTACT_LINK_MESSAGE } from '@/server/people/contact-email-rules';
import {
  cancelContactEmailChange,
  confirmContactEmail,
  resendContactEmailConfirmation,
} from '@/server/people/contact-email-service';
import { profileSchema } from '@/server/people/schema';
import { updateProfile } from '@/server/people/service';
import { ensurePerson } from '../factories/people';
import { advance } from '../support/clock';

const ctx = { requestId: 'req-contact', ip: '203.0.113.20', userAgent: 'vitest' };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const HOUR = 3_600_000;

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

const tag = () => randomUUID().slice(0, 8);
const viewer = (id: string) => ({ id, staffRoles: [] });

async function someone() {
  const email = `old.${tag()}@example.com`;
  const p = await ensurePerson(db(), { email });
  return { id: p.id, email };
}

/** Types a new contact email on the profile page and returns the link's token from the email. */
async function typeEmail(personId: string, contactEmail: string, extra: Partial<{ contactPhone: string }> = {}) {
  const r = await updateProfile(
    personId,
    profileSchema.parse({ preferredGivenName: '', preferredFamilyName: '', contactEmail, contactPhone: extra.contactPhone ?? '' }),
    ctx,
  );
  return r;
}

async function latestToken(to: string) {
  const mail = await db().outboxEmail.findFirstOrThrow({
    where: { toAddress: to, template: 'person.contact-email-confirm' },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  const token = /\/profile\/confirm-email\/([A-Za-z0-9_-]{43})/.exec(mail.textBody)?.[1];
  expect(token, 'the email carries the link').toBeTruthy();
  return token!;
}

const contactEmailOf = async (id: string) => (await db().person.findUniqueOrThrow({ where: { id } })).contactEmail;

/** What a refused confirmation must leave alone. */
const stateOf = async (personId: string) => ({
  contactEmail: await contactEmailOf(personId),
  changes: (await db().contactEmailChange.findMany({ where: { personId }, orderBy: { id: 'asc' } })).map((c) => [c.id, c.status, c.tokenHash]),
  emails: await db().outboxEmail.count({ where: { personId } }),
  audit: await db().auditEvent.count({ where: { personId } }),
});

describe('changing the contact email', () => {
  it('keeps the old address in use, sends a link to the new one and a notice to the old one, and audits the request', async () => {
    const p = await someone();
    const next = `New.${tag()}@Example.com`;
    const r = await typeEmail(p.id, next);
    expect(r).toEqual({ changed: true, waitingEmail: next.toLowerCase(), confirmationSent: true });
    expect(await contactEmailOf(p.id)).toBe(p.email);

    const mails = await db().outboxEmail.findMany({ where: { personId: p.id }, orderBy: { toAddress: 'asc' } });
    expect(mails.map((m) => [m.template, m.toAddress]).sort()).toEqual(
      [
        ['person.contact-email-change-requested', p.email],
        ['person.contact-email-confirm', next.toLowerCase()],
      ].sort(),
    );
    const notice = mails.find((m) => m.toAddress === p.email)!;
    expect(notice.textBody).toContain(next.toLowerCase());
    expect(notice.textBody).toContain('takes effect only if it is confirmed');
    expect(notice.textBody).not.toMatch(/confirm-email\//); // the old address never gets the link

    const token = await latestToken(next.toLowerCase());
    const change = await db().contactEmailChange.findFirstOrThrow({ where: { personId: p.id } });
    expect(change).toMatchObject({ status: 'PENDING', email: next.toLowerCase(), tokenHash: sha256(token) });
    expect(JSON.stringify(change)).not.toContain(token);
    const [event] = await db().auditEvent.findMany({ where: { personId: p.id, action: 'person.contact_email_change_requested' } });
    expect(event).toMatchObject({ actorType: 'PERSON', actorId: p.id, requestId: ctx.requestId, ip: ctx.ip });
    expect(event!.after).toMatchObject({ waitingEmail: next.toLowerCase() });
    // The profile page shows the change waiting.
    expect(await waitingContactEmail(viewer(p.id))).toMatchObject({ email: next.toLowerCase(), expired: false, maySendAgain: true });
  });

  it('the owner confirms from the link: the address changes, both addresses are told, and it is audited', async () => {
    const p = await someone();
    const next = `confirmed.${tag()}@example.com`;
    await typeEmail(p.id, next);
    const token = await latestToken(next);
    expect(await contactEmailLinkForPage(viewer(p.id), token)).toEqual({ state: 'PENDING', email: next });

    expect(await confirmContactEmail(p.id, token, ctx)).toEqual({ email: next });
    expect(await contactEmailOf(p.id)).toBe(next);
    expect(await db().contactEmailChange.findFirstOrThrow({ where: { personId: p.id } })).toMatchObject({ status: 'CONFIRMED' });
    const changed = await db().outboxEmail.findMany({ where: { personId: p.id, template: 'person.contact-email-changed' } });
    expect(changed.map((m) => m.toAddress).sort()).toEqual([next, p.email].sort());
    const [event] = await db().auditEvent.findMany({ where: { personId: p.id, action: 'person.contact_email_confirmed' } });
    expect(event).toMatchObject({ before: { contactEmail: p.email }, after: { contactEmail: next } });
    expect(await waitingContactEmail(viewer(p.id))).toBeNull();
  });

  it('refuses a reused link and changes nothing', async () => {
    const p = await someone();
    const next = `reused.${tag()}@example.com`;
    await typeEmail(p.id, next);
    const token = await latestToken(next);
    await confirmContactEmail(p.id, token, ctx);
    const before = await stateOf(p.id);
    expect(await refusal(confirmContactEmail(p.id, token, ctx))).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('already used') });
    expect(await contactEmailLinkForPage(viewer(p.id), token)).toMatchObject({ state: 'CONFIRMED' });
    expect(await stateOf(p.id)).toEqual(before);
  });

  it('refuses a forged or mangled link, and another person using the owner\u2019s link, with the same answer', async () => {
    const p = await someone();
    const next = `target.${tag()}@example.com`;
    await typeEmail(p.id, next);
    const token = await latestToken(next);
    const other = await someone();
    const before = [await stateOf(p.id), await stateOf(other.id)];
    const expected = { code: 'NOT_FOUND', message: UNKNOWN_CONTACT_LINK_MESSAGE };
    for (const forged of [newInvitationToken(), 'short', `${token}x`, '']) {
      expect(await refusal(confirmContactEmail(p.id, forged, ctx))).toEqual(expected);
    }
    // The real link, by someone else signed in: answered exactly like a made-up one.
    expect(await refusal(confirmContactEmail(other.id, token, ctx))).toEqual(expected);
    expect(await contactEmailLinkForPage(viewer(other.id), token)).toEqual({ state: 'UNKNOWN' });
    expect([await stateOf(p.id), await stateOf(other.id)]).toEqual(before);
    // The owner can still use it.
    await confirmContactEmail(p.id, token, ctx);
    expect(await contactEmailOf(p.id)).toBe(next);
  });

  it('refuses an expired link; a resent link works and the old one is dead', async () => {
    const p = await someone();
    const next = `slow.${tag()}@example.com`;
    await typeEmail(p.id, next);
    const first = await latestToken(next);
    advance(48 * HOUR + 1000);
    expect(await contactEmailLinkForPage(viewer(p.id), first)).toMatchObject({ state: 'EXPIRED' });
    const waiting = await waitingContactEmail(viewer(p.id));
    expect(waiting).toMatchObject({ email: next, expired: true });
    const before = await stateOf(p.id);
    expect(await refusal(confirmContactEmail(p.id, first, ctx))).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('expired') });
    expect(await stateOf(p.id)).toEqual(before);

    await resendContactEmailConfirmation(p.id, { changeId: waiting!.changeId }, ctx);
    const second = await latestToken(next);
    expect(second).not.toBe(first);
    expect(await refusal(confirmContactEmail(p.id, first, ctx))).toMatchObject({ code: 'NOT_FOUND' });
    await confirmContactEmail(p.id, second, ctx);
    expect(await contactEmailOf(p.id)).toBe(next);
    expect(await db().auditEvent.count({ where: { personId: p.id, action: 'person.contact_email_confirmation_resent' } })).toBe(1);
  });

  it('a cancelled change keeps the old address and its link stops working', async () => {
    const p = await someone();
    const next = `cancel.${tag()}@example.com`;
    await typeEmail(p.id, next);
    const token = await latestToken(next);
    const { changeId } = (await waitingContactEmail(viewer(p.id)))!;
    expect(await cancelContactEmailChange(p.id, { changeId }, ctx)).toEqual({ cancelled: true });
    expect(await refusal(confirmContactEmail(p.id, token, ctx))).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('cancelled') });
    expect(await contactEmailOf(p.id)).toBe(p.email);
    expect(await waitingContactEmail(viewer(p.id))).toBeNull();
    // Another person cannot cancel or resend someone's change: it reads as missing.
    const other = await someone();
    await typeEmail(p.id, `again.${tag()}@example.com`);
    const again = (await waitingContactEmail(viewer(p.id)))!;
    expect(await refusal(cancelContactEmailChange(other.id, { changeId: again.changeId }, ctx))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(resendContactEmailConfirmation(other.id, { changeId: again.changeId }, ctx))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await waitingContactEmail(viewer(p.id))).toMatchObject({ changeId: again.changeId });
  });

  it('a newer address replaces the waiting one: the first link no longer works', async () => {
    const p = await someone();
    const first = `first.${tag()}@example.com`;
    const second = `second.${tag()}@example.com`;
    await typeEmail(p.id, first);
    const firstToken = await latestToken(first);
    await typeEmail(p.id, second);
    expect(await refusal(confirmContactEmail(p.id, firstToken, ctx))).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('newer') });
    expect(await db().contactEmailChange.count({ where: { personId: p.id, status: 'PENDING' } })).toBe(1);
    await confirmContactEmail(p.id, await latestToken(second), ctx);
    expect(await contactEmailOf(p.id)).toBe(second);
  });

  it('saving other fields keeps the waiting change, and saving the same new address sends nothing more', async () => {
    const p = await someone();
    const next = `steady.${tag()}@example.com`;
    await typeEmail(p.id, next);
    const sent = await db().outboxEmail.count({ where: { personId: p.id } });
    // The form still shows the address in use; saving a phone number must not cancel the change.
    expect(await typeEmail(p.id, p.email, { contactPhone: '250-555-0100' })).toMatchObject({ changed: true, waitingEmail: next, confirmationSent: false });
    expect(await typeEmail(p.id, next, { contactPhone: '250-555-0100' })).toEqual({ changed: false, waitingEmail: next, confirmationSent: false });
    expect(await db().outboxEmail.count({ where: { personId: p.id } })).toBe(sent);
    expect(await db().contactEmailChange.count({ where: { personId: p.id } })).toBe(1);
  });

  it('stops resending after a few links for the same change', async () => {
    const p = await someone();
    const next = `many.${tag()}@example.com`;
    await typeEmail(p.id, next);
    const { changeId } = (await waitingContactEmail(viewer(p.id)))!;
    for (let i = 1; i < CONTACT_EMAIL_MAX_SENDS; i++) await resendContactEmailConfirmation(p.id, { changeId }, ctx);
    expect(await refusal(resendContactEmailConfirmation(p.id, { changeId }, ctx))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await db().outboxEmail.count({ where: { personId: p.id, template: 'person.contact-email-confirm' } })).toBe(CONTACT_EMAIL_MAX_SENDS);
    expect(await waitingContactEmail(viewer(p.id))).toMatchObject({ maySendAgain: false });
  });

  it('new addresses are limited per person: the fourth in an hour is refused and nothing is sent', async () => {
    const p = await someone();
    for (let i = 0; i < 3; i++) await typeEmail(p.id, `hop${i}.${tag()}@example.com`);
    const before = await stateOf(p.id);
    const r = await refusal(typeEmail(p.id, `hop3.${tag()}@example.com`));
    expect(r).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('try again after') });
    expect(await stateOf(p.id)).toEqual(before);
  });

  it('a person without any contact email gets only the link', async () => {
    const p = await someone();
    await db().person.update({ where: { id: p.id }, data: { contactEmail: null } });
    const next = `first.time.${tag()}@example.com`;
    await typeEmail(p.id, next);
    expect((await db().outboxEmail.findMany({ where: { personId: p.id } })).map((m) => m.toAddress)).toEqual([next]);
    expect(await contactEmailOf(p.id)).toBeNull();
  });
});
