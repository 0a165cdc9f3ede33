// Invitations and resends are limited per site admin and per worksite (SPEC §9): 20 an hour,
// 100 a day, one resend per invitation per 10 minutes, exact under parallel requests, counted by
// what reached the outbox, with a refusal that says when to try again in Pacific time.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { createInvitation, inviteByEmail, resendInvitation } from '@/server/invitations/service';
import { lockWorksite } from '@/server/worksites/access';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { advance, setNow, TRAPS } from '../support/clock';

const ctx = { requestId: 'req-throttle', ip: '198.51.100.4', userAgent: 'vitest' };
const MIN = 60_000;
const HOUR = 60 * MIN;

async function site() {
  const admin = await ensurePerson(db(), { givenName: 'Ada', familyName: 'Admin' });
  const ws = await createWorksite(db(), { creatorId: admin.id, status: 'ACTIVE', operatingName: 'Harbour Clinic' });
  await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return { admin, ws };
}

async function secondAdmin(worksiteId: string) {
  const p = await ensurePerson(db(), { givenName: 'Bo', familyName: 'Admin' });
  await createMembership(db(), { worksiteId, personId: p.id, siteAdmin: true });
  return p;
}

/** Runs the calls side by side, at most the app's pool size (10) in flight: more would only queue
 * for a connection, and on a loaded machine that queue's wait limit, not the throttle, would
 * answer. Settles each into ok, or the DomainError's code and message. */
async function outcomes<T>(calls: (() => Promise<T>)[], inFlight = 10) {
  const settle = (p: Promise<T>) =>
    p.then(
      () => ({ ok: true as const }),
      (e: unknown) => {
        if (e instanceof DomainError) return { ok: false as const, code: e.code, message: e.message };
        throw e;
      },
    );
  const results: Awaited<ReturnType<typeof settle>>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, calls.length) }, async () => {
      while (next < calls.length) {
        const i = next++;
        results[i] = await settle(calls[i]!());
      }
    }),
  );
  return results;
}
type Outcome = Awaited<ReturnType<typeof outcomes>>[number];
const allowed = (os: Outcome[]) => os.filter((o) => o.ok).length;
const refusals = (os: Outcome[]) => os.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
const address = () => `guest-${randomUUID().slice(0, 8)}@example.com`;

async function sent(worksiteId: string) {
  const [r] = await db().$queryRaw<{ invitations: bigint; emails: bigint; audited: bigint }[]>`
    SELECT (SELECT count(*) FROM "Invitation" WHERE "worksiteId" = ${worksiteId}::uuid) AS invitations,
           (SELECT count(*) FROM "OutboxEmail" WHERE "worksiteId" = ${worksiteId}::uuid AND template = 'invitation.sent') AS emails,
           (SELECT count(*) FROM "AuditEvent" WHERE "worksiteId" = ${worksiteId}::uuid AND action IN ('invitation.created', 'invitation.resent')) AS audited`;
  return { invitations: Number(r!.invitations), emails: Number(r!.emails), audited: Number(r!.audited) };
}

describe('invitations per site admin', () => {
  it('of 50 invitations sent side by side exactly 20 go out; the rest are told when to try again', async () => {
    setNow(TRAPS.ordinaryTuesday); // 09:00 Pacific
    const { admin, ws } = await site();
    const os = await outcomes(Array.from({ length: 50 }, () => () => inviteByEmail(admin.id, { worksiteId: ws.id, email: address() }, ctx)));
    expect(allowed(os)).toBe(20);
    expect(await sent(ws.id)).toEqual({ invitations: 20, emails: 20, audited: 20 });
    const refused = refusals(os);
    expect(refused).toHaveLength(30);
    // Counted in one-minute buckets: the first invitation (09:00:xx) leaves the hour at 10:01.
    for (const r of refused) {
      expect(r).toEqual({ ok: false, code: 'RATE_LIMITED', message: 'You have sent 20 invitations in the last hour; try again after 10:01.' });
    }
  });

  it('re-inviting an address that already has a pending invitation sends nothing and costs nothing', async () => {
    setNow(TRAPS.saturday);
    const { admin, ws } = await site();
    const emails = Array.from({ length: 20 }, address);
    for (const email of emails) await inviteByEmail(admin.id, { worksiteId: ws.id, email }, ctx);
    const again = await inviteByEmail(admin.id, { worksiteId: ws.id, email: emails[3]! }, ctx);
    expect(again.reused).toBe(true);
    await expect(inviteByEmail(admin.id, { worksiteId: ws.id, email: address() }, ctx)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await sent(ws.id)).toEqual({ invitations: 20, emails: 20, audited: 20 });
  });

  it('counts one admin across worksites: 12 here and 12 there make 20', async () => {
    setNow(TRAPS.weekdayLate);
    const a = await site();
    const b = await createWorksite(db(), { creatorId: a.admin.id, status: 'ACTIVE' });
    await createMembership(db(), { worksiteId: b.id, personId: a.admin.id, siteAdmin: true });
    const os = await outcomes(
      Array.from({ length: 24 }, (_, i) => () => inviteByEmail(a.admin.id, { worksiteId: i % 2 ? a.ws.id : b.id, email: address() }, ctx)),
    );
    expect(allowed(os)).toBe(20);
    const [here, there] = [await sent(a.ws.id), await sent(b.id)];
    expect(here.emails + there.emails).toBe(20);
  });

  it('allows 100 a day: the 101st, hours later, is refused until tomorrow', async () => {
    const t0 = TRAPS.ordinaryTuesday; // 09:00 Pacific, Tuesday June 16
    const { admin, ws } = await site();
    for (let hour = 0; hour < 5; hour++) {
      setNow(new Date(t0.getTime() + hour * (HOUR + 2 * MIN)));
      const os = await outcomes(Array.from({ length: 20 }, () => () => inviteByEmail(admin.id, { worksiteId: ws.id, email: address() }, ctx)));
      expect(allowed(os), `hour ${hour}`).toBe(20);
    }
    setNow(new Date(t0.getTime() + 6 * HOUR));
    await expect(inviteByEmail(admin.id, { worksiteId: ws.id, email: address() }, ctx)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: 'You have sent 100 invitations in the last 24 hours; try again after 09:01 on Wednesday, June 17.',
    });
    expect((await sent(ws.id)).emails).toBe(100);
  });
});

describe('invitations per worksite', () => {
  it('two admins sending 15 each at once share the worksite limit of 20', async () => {
    setNow(TRAPS.afterSpringForward); // 09:00 Pacific, the Monday after daylight time starts
    const { admin, ws } = await site();
    const other = await secondAdmin(ws.id);
    const os = await outcomes(
      Array.from({ length: 30 }, (_, i) => () => inviteByEmail(i % 2 ? admin.id : other.id, { worksiteId: ws.id, email: address() }, ctx)),
    );
    expect(allowed(os)).toBe(20);
    expect(await sent(ws.id)).toEqual({ invitations: 20, emails: 20, audited: 20 });
    for (const r of refusals(os)) {
      expect(r.message).toBe('This worksite has sent 20 invitations in the last hour; try again after 10:01.');
    }
  });

  it("the team's invitations of a registration's expected people are not counted", async () => {
    setNow(TRAPS.statutoryHoliday);
    const { admin, ws } = await site();
    const staff = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    await db().$transaction(async (tx) => {
      const w = await lockWorksite(tx, ws.id);
      for (let i = 0; i < 30; i++) {
        await createInvitation(tx, { worksite: w, email: address(), invitedById: staff.id, actor: { type: 'STAFF', personId: staff.id } });
      }
    });
    expect((await sent(ws.id)).emails).toBe(30);
    await inviteByEmail(admin.id, { worksiteId: ws.id, email: address() }, ctx);
    expect((await sent(ws.id)).emails).toBe(31);
  });
});

describe('resending', () => {
  it('of 10 parallel resends of one invitation exactly one goes out; again after 10 minutes', async () => {
    setNow(TRAPS.sundayLate); // 23:30 Pacific
    const { admin, ws } = await site();
    const email = address();
    const { invitationId } = await inviteByEmail(admin.id, { worksiteId: ws.id, email }, ctx);
    const os = await outcomes(Array.from({ length: 10 }, () => () => resendInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx)));
    expect(allowed(os)).toBe(1);
    for (const r of refusals(os)) {
      expect(r).toMatchObject({ code: 'RATE_LIMITED', message: 'This invitation was sent less than 10 minutes ago; you can send it again after 23:41.' });
    }
    const count = () => db().outboxEmail.count({ where: { toAddress: email, template: 'invitation.sent' } });
    expect(await count()).toBe(2);
    expect((await db().invitation.findUniqueOrThrow({ where: { id: invitationId } })).sentCount).toBe(2);

    advance(9 * MIN);
    await expect(resendInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    advance(MIN + 10_000);
    await resendInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx);
    expect(await count()).toBe(3);
  });

  it('resends count against the hourly limit like new invitations', async () => {
    setNow(TRAPS.newYearsEve);
    const { admin, ws } = await site();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await inviteByEmail(admin.id, { worksiteId: ws.id, email: address() }, ctx)).invitationId);
    for (const invitationId of ids) await resendInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx);
    await expect(inviteByEmail(admin.id, { worksiteId: ws.id, email: address() }, ctx)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      // 23:30 on 31 December: an hour later is already next year.
      message: 'You have sent 20 invitations in the last hour; try again after 00:31 on Friday, January 1.',
    });
    expect((await sent(ws.id)).emails).toBe(20);
  });
});
