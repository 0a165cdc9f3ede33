import { beforeEach, describe, expect, it, vi } from 'vitest';
import { now } from '../support/clock';

const signedIn = vi.hoisted(() => ({ id: null as string | null }));
vi.mock('@/server/auth/session-cookie', async () => (await import('../support/real-session')).signedInAs(signedIn));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

import type { OutboxStatus } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { resendEmail } from '@/server/outbox/resend';
import { resendEmailAction } from '@/server/outbox/resend-actions';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { callerOf, CALLERS, ctx, expectRefused, staffMember } from '../support/team';

beforeEach(() => {
  signedIn.id = null;
});

async function sentEmail(status: OutboxStatus = 'SENT', about: { personId?: string; worksiteId?: string } = {}) {
  const personId = about.personId ?? (about.worksiteId ? null : (await ensurePerson(db())).id);
  return db().outboxEmail.create({
    data: {
      template: 'enrolment.changes-requested',
      toAddress: 'pat@example.com',
      subject: 'Changes needed to your enrolment',
      textBody: 'Please correct your licence number.',
      htmlBody: '<p>Please correct your licence number.</p>',
      personId,
      worksiteId: about.worksiteId ?? null,
      dedupeKey: `original:${crypto.randomUUID()}`,
      status,
      attempts: 1,
      sentAt: status === 'SENT' ? now() : null,
    },
  });
}

describe('resendEmailAction by role', () => {
  for (const caller of CALLERS) {
    it(`${caller}: ${caller === 'ENROLMENT_TEAM' ? 'queues a copy' : 'is refused, nothing queued'}`, async () => {
      const original = await sentEmail();
      const c = await callerOf(caller);
      signedIn.id = c.id;
      const before = await db().outboxEmail.count();
      const r = await resendEmailAction({ emailId: original.id, resendKey: crypto.randomUUID() });
      if (caller !== 'ENROLMENT_TEAM') {
        expectRefused(r, 'FORBIDDEN');
        expect(await db().outboxEmail.count()).toBe(before);
        return;
      }
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const copy = await db().outboxEmail.findUniqueOrThrow({ where: { id: r.data.emailId } });
      expect(copy).toMatchObject({
        template: original.template,
        toAddress: original.toAddress,
        subject: original.subject,
        textBody: original.textBody,
        htmlBody: original.htmlBody,
        personId: original.personId,
        status: 'PENDING',
        attempts: 0,
        sentAt: null,
      });
      expect(copy.id).not.toBe(original.id);
      expect(copy.dedupeKey).not.toBe(original.dedupeKey);
      expect(await db().outboxEmail.findUniqueOrThrow({ where: { id: original.id } })).toMatchObject({ status: 'SENT' });
      const ev = await db().auditEvent.findFirstOrThrow({ where: { action: 'email.resent', targetId: original.id } });
      expect(ev).toMatchObject({ actorId: c.id, targetType: 'EMAIL', personId: original.personId, after: { copyId: copy.id } });
    });
  }
});

describe('resending', () => {
  it('a failed email can be resent; one still waiting cannot', async () => {
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    const dead = await sentEmail('DEAD');
    expect((await resendEmailAction({ emailId: dead.id, resendKey: crypto.randomUUID() })).ok).toBe(true);
    const pending = await sentEmail('PENDING');
    expectRefused(await resendEmailAction({ emailId: pending.id, resendKey: crypto.randomUUID() }), 'INVALID_TRANSITION', /still waiting/);
    expect(await db().outboxEmail.count({ where: { subject: pending.subject, personId: pending.personId } })).toBe(1);
  });

  it('the same form submitted twice, even at once, queues one copy and one audit event', async () => {
    const team = await staffMember(['ENROLMENT_TEAM']);
    const original = await sentEmail();
    const resendKey = crypto.randomUUID();
    const results = await Promise.all([resendEmail(team, { emailId: original.id, resendKey }, ctx), resendEmail(team, { emailId: original.id, resendKey }, ctx)]);
    expect(results[0]!.emailId).toBe(results[1]!.emailId);
    expect(results.map((r) => r.repeated).sort()).toEqual([false, true]);
    signedIn.id = team.id;
    const again = await resendEmailAction({ emailId: original.id, resendKey });
    expect(again).toEqual({ ok: true, data: { emailId: results[0]!.emailId, repeated: true } });
    const [row] = await db().$queryRaw<{ copies: bigint; events: bigint }[]>`
      SELECT (SELECT count(*) FROM "OutboxEmail" WHERE "personId" = ${original.personId}::uuid AND id <> ${original.id}::uuid) AS copies,
             (SELECT count(*) FROM "AuditEvent" WHERE action = 'email.resent' AND "targetId" = ${original.id}) AS events`;
    expect(row).toEqual({ copies: 1n, events: 1n });
  });

  it('refuses an email to myself, about a worksite I belong to, and a forged id', async () => {
    const team = await staffMember(['ENROLMENT_TEAM']);
    const mine = await sentEmail('SENT', { personId: team.id });
    const creator = await ensurePerson(db());
    const worksite = await createWorksite(db(), { creatorId: creator.id });
    await addMember(db(), { worksiteId: worksite.id, personId: team.id });
    const clinic = await sentEmail('SENT', { worksiteId: worksite.id });
    signedIn.id = team.id;
    const before = await db().outboxEmail.count();
    expectRefused(await resendEmailAction({ emailId: mine.id, resendKey: crypto.randomUUID() }), 'FORBIDDEN', /your own record/);
    expectRefused(await resendEmailAction({ emailId: clinic.id, resendKey: crypto.randomUUID() }), 'FORBIDDEN', /worksite you belong to/);
    expectRefused(await resendEmailAction({ emailId: crypto.randomUUID(), resendKey: crypto.randomUUID() }), 'NOT_FOUND');
    expectRefused(await resendEmailAction({ emailId: clinic.id, resendKey: 'again' }), 'VALIDATION');
    expect(await db().outboxEmail.count()).toBe(before);
  });
});
