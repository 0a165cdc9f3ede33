import { beforeEach, describe, expect, it, vi } from 'vitest';

const signedIn = vi.hoisted(() => ({ id: null as string | null }));
vi.mock('@/server/auth/session-cookie', async () => (await import('../support/real-session')).signedInAs(signedIn));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

import { DomainError } from '@/lib/errors';
import { currentPerson } from '@/server/auth/session';
import { db } from '@/server/db';
import { reinstatePersonAction, suspendPersonAction } from '@/server/people/team-actions';
import { suspendPerson } from '@/server/people/team-service';
import { ensurePerson } from '../factories/people';
import { callerOf, CALLERS, ctx, expectRefused, openSession, staffMember } from '../support/team';

beforeEach(() => {
  signedIn.id = null;
});

const person = () => ensurePerson(db(), { givenName: 'Pat', familyName: `Member-${crypto.randomUUID().slice(0, 6)}` });
const statusOf = async (id: string) => (await db().person.findUniqueOrThrow({ where: { id } })).status;
const REASON = 'Shared their BC Services Card with a colleague.';

describe('suspend and reinstate by role', () => {
  for (const caller of CALLERS) {
    const may = caller === 'ENROLMENT_TEAM' || caller === 'AUDITOR';
    it(`${caller}: ${may ? 'may suspend and reinstate' : 'is refused both, nothing changes'}`, async () => {
      const p = await person();
      const c = await callerOf(caller);
      signedIn.id = c.id;
      const s = await suspendPersonAction({ personId: p.id, reason: REASON });
      if (!may) {
        expectRefused(s, 'FORBIDDEN');
        expect(await statusOf(p.id)).toBe('ACTIVE');
        await db().person.update({ where: { id: p.id }, data: { status: 'SUSPENDED' } });
        expectRefused(await reinstatePersonAction({ personId: p.id, reason: 'Cleared.' }), 'FORBIDDEN');
        expect(await statusOf(p.id)).toBe('SUSPENDED');
        expect(await db().personStatusChange.count({ where: { personId: p.id } })).toBe(0);
        return;
      }
      expect(s).toMatchObject({ ok: true, data: { status: 'SUSPENDED' } });
      expect((await reinstatePersonAction({ personId: p.id, reason: 'Cleared by the privacy office.' })).ok).toBe(true);
      expect(await statusOf(p.id)).toBe('ACTIVE');
    });
  }

  it('signed out: refused', async () => {
    const p = await person();
    expectRefused(await suspendPersonAction({ personId: p.id, reason: REASON }), 'UNAUTHENTICATED');
  });
});

describe('suspending', () => {
  it('ends every open session at once, keeps history, emails the person and audits, in one step', async () => {
    const p = await person();
    const other = await person();
    const s1 = await openSession(p.id);
    const s2 = await openSession(p.id);
    const untouched = await openSession(other.id);
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    expect((await suspendPersonAction({ personId: p.id, reason: `  ${REASON}  ` })).ok).toBe(true);

    const sessions = await db().session.findMany({ where: { id: { in: [s1.id, s2.id, untouched.id] } } });
    for (const s of sessions.filter((x) => x.personId === p.id)) expect(s).toMatchObject({ endedReason: 'SUSPENDED' });
    for (const s of sessions.filter((x) => x.personId === p.id)) expect(s.endedAt).not.toBeNull();
    expect(sessions.find((x) => x.id === untouched.id)!.endedAt).toBeNull();

    expect(await db().personStatusChange.findMany({ where: { personId: p.id } })).toMatchObject([{ fromStatus: 'ACTIVE', toStatus: 'SUSPENDED', reason: REASON, actorId: team.id }]);
    const [email] = await db().outboxEmail.findMany({ where: { personId: p.id } });
    expect(email).toMatchObject({ template: 'person.suspended', toAddress: p.contactEmail, status: 'PENDING' });
    expect(email!.textBody).toContain(REASON);
    const ev = await db().auditEvent.findFirstOrThrow({ where: { action: 'person.suspended', personId: p.id } });
    expect(ev).toMatchObject({ actorId: team.id, before: { status: 'ACTIVE' }, after: { status: 'SUSPENDED', reason: REASON, sessionsEnded: 2, emailed: true } });

    // The suspended person is no longer signed in anywhere the portal looks.
    signedIn.id = p.id;
    expect(await currentPerson()).toBeNull();
  });

  it('requires a reason, refuses unknown fields, and changes nothing when refused', async () => {
    const p = await person();
    const s = await openSession(p.id);
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    const r = await suspendPersonAction({ personId: p.id, reason: '  ' });
    expectRefused(r, 'VALIDATION');
    if (!r.ok) expect(r.fieldErrors?.reason).toMatch(/reason/);
    expectRefused(await suspendPersonAction({ personId: p.id, reason: REASON, status: 'INACTIVE' }), 'VALIDATION');
    expect(await statusOf(p.id)).toBe('ACTIVE');
    expect((await db().session.findUniqueOrThrow({ where: { id: s.id } })).endedAt).toBeNull();
    expect(await db().outboxEmail.count({ where: { personId: p.id } })).toBe(0);
  });

  it('a stale page (already suspended) gets "already decided by …, at …"', async () => {
    const p = await person();
    const kim = await staffMember(['ENROLMENT_TEAM'], 'Kim');
    const lee = await staffMember(['AUDITOR'], 'Lee');
    await suspendPerson(kim, { personId: p.id, reason: REASON }, ctx);
    signedIn.id = lee.id;
    expectRefused(await suspendPersonAction({ personId: p.id, reason: REASON }), 'ALREADY_DECIDED', new RegExp(`already decided by Kim ${kim.person.legalFamilyName}, at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d Pacific time`));
    // Reinstating an active person is a step out of order, not a lost race.
    const q = await person();
    expectRefused(await reinstatePersonAction({ personId: q.id, reason: 'Nothing to reinstate.' }), 'INVALID_TRANSITION');
  });

  it('two staff suspending at once: one decision, one history row, one email', async () => {
    const p = await person();
    const kim = await staffMember(['ENROLMENT_TEAM'], 'Kim');
    const lee = await staffMember(['AUDITOR'], 'Lee');
    const results = await Promise.allSettled([suspendPerson(kim, { personId: p.id, reason: REASON }, ctx), suspendPerson(lee, { personId: p.id, reason: REASON }, ctx)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(lost.reason).toBeInstanceOf(DomainError);
    expect((lost.reason as DomainError).code).toBe('ALREADY_DECIDED');
    const [row] = await db().$queryRaw<{ status: string; changes: bigint; emails: bigint; events: bigint }[]>`
      SELECT p.status::text,
        (SELECT count(*) FROM "PersonStatusChange" c WHERE c."personId" = p.id) AS changes,
        (SELECT count(*) FROM "OutboxEmail" o WHERE o."personId" = p.id) AS emails,
        (SELECT count(*) FROM "AuditEvent" a WHERE a."personId" = p.id AND a.action = 'person.suspended') AS events
      FROM "Person" p WHERE p.id = ${p.id}::uuid`;
    expect(row).toEqual({ status: 'SUSPENDED', changes: 1n, emails: 1n, events: 1n });
  });

  it('nobody suspends themselves; a forged id is "not found"', async () => {
    const team = await staffMember(['ENROLMENT_TEAM', 'AUDITOR']);
    signedIn.id = team.id;
    expectRefused(await suspendPersonAction({ personId: team.id, reason: REASON }), 'FORBIDDEN', /your own record/);
    expect(await statusOf(team.id)).toBe('ACTIVE');
    expectRefused(await suspendPersonAction({ personId: crypto.randomUUID(), reason: REASON }), 'NOT_FOUND');
  });
});

describe('reinstating', () => {
  it('returns the person to active with history and an email; sessions stay ended', async () => {
    const p = await person();
    const s = await openSession(p.id);
    const team = await staffMember(['ENROLMENT_TEAM']);
    await suspendPerson(team, { personId: p.id, reason: REASON }, ctx);
    signedIn.id = team.id;
    expect((await reinstatePersonAction({ personId: p.id, reason: 'Cleared by the privacy office.' })).ok).toBe(true);
    const history = await db().personStatusChange.findMany({ where: { personId: p.id }, orderBy: { createdAt: 'asc' } });
    expect(history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      ['ACTIVE', 'SUSPENDED'],
      ['SUSPENDED', 'ACTIVE'],
    ]);
    expect((await db().outboxEmail.findMany({ where: { personId: p.id }, orderBy: { createdAt: 'asc' } })).map((e) => e.template)).toEqual(['person.suspended', 'person.reinstated']);
    expect((await db().session.findUniqueOrThrow({ where: { id: s.id } })).endedAt).not.toBeNull();
  });
});
