// The other throttles where abuse costs someone else (docs/security.md "Throttles"): requests to
// join (each emails the site admins), worksite registrations (each sends an acknowledgement and
// gives the team work), contact email changes, and invitation links that are not valid, tried
// from one address. Each is exact under parallel requests, counted in SQL.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// The invitation page reads the client's address from the request headers.
const jar = vi.hoisted(() => ({ headers: {} as Record<string, string> }));
vi.mock('next/headers', () => ({ headers: async () => new Headers(jar.headers) }));

import { DomainError } from '@/lib/errors';
import { parseInput } from '@/server/action';
import { db } from '@/server/db';
import { invitationForPage } from '@/server/invitations/queries';
import { UNKNOWN_INVITATION_MESSAGE } from '@/server/invitations/rules';
import { acceptInvitation, inviteByEmail } from '@/server/invitations/service';
import { requestToJoin } from '@/server/memberships/join-service';
import { limitContactEmailChanges } from '@/server/throttle/limits';
import { intakeSchema } from '@/server/worksites/schema';
import { registerWorksite } from '@/server/worksites/service';
import { intakeInput } from '../factories/intake';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { advance, now, setNow, TRAPS } from '../support/clock';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-throttle', ip: null, userAgent: 'vitest' };
const uniq = () => randomUUID().slice(0, 8);

async function outcomes<T>(ps: Promise<T>[]) {
  return Promise.all(
    ps.map((p) =>
      p.then(
        () => ({ ok: true as const, code: 'OK', message: '' }),
        (e: unknown) => {
          if (e instanceof DomainError) return { ok: false as const, code: e.code, message: e.message };
          throw e;
        },
      ),
    ),
  );
}
const count = (os: { code: string }[], code: string) => os.filter((o) => o.code === code).length;

async function activeWorksite() {
  const admin = await ensurePerson(db(), { givenName: 'Sam', email: `sam-${uniq()}@example.com` });
  const ws = await createWorksite(db(), { creatorId: admin.id, status: 'ACTIVE', operatingName: `Cedar ${uniq()} Clinic` });
  await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return { ws, admin };
}

describe('requests to join', () => {
  it('of 15 parallel requests to 15 worksites, 10 are made and 10 site admins emailed', async () => {
    setNow(TRAPS.ordinaryTuesday);
    const sites = await Promise.all(Array.from({ length: 15 }, activeWorksite));
    const me = await ensurePerson(db(), { givenName: 'Jo', familyName: `Joiner ${uniq()}` });
    const os = await outcomes(sites.map(({ ws }) => requestToJoin(me.id, { worksiteCode: ws.worksiteCode, submissionKey: randomUUID() }, ctx)));
    expect(count(os, 'OK')).toBe(10);
    expect(count(os, 'RATE_LIMITED')).toBe(5);
    expect(os.find((o) => !o.ok)!.message).toBe('You have asked to join worksites 10 times in the last hour; try again after 10:01.');
    const [r] = await db().$queryRaw<{ requests: bigint; emails: bigint }[]>`
      SELECT (SELECT count(*) FROM "Membership" WHERE "personId" = ${me.id}::uuid AND status = 'REQUESTED') AS requests,
             (SELECT count(*) FROM "OutboxEmail" WHERE "worksiteId" = ANY(${sites.map((s) => s.ws.id)}::uuid[])
                AND template = 'membership.join_requested') AS emails`;
    expect({ requests: Number(r!.requests), emails: Number(r!.emails) }).toEqual({ requests: 10, emails: 10 });
  });

  it('a refused request (already asked) does not use up the limit', async () => {
    setNow(TRAPS.saturday);
    const { ws } = await activeWorksite();
    const me = await ensurePerson(db());
    await requestToJoin(me.id, { worksiteCode: ws.worksiteCode }, ctx);
    for (let i = 0; i < 12; i++) {
      await expect(requestToJoin(me.id, { worksiteCode: ws.worksiteCode }, ctx)).rejects.toMatchObject({ code: 'CONFLICT' });
    }
    const others = await Promise.all(Array.from({ length: 9 }, activeWorksite));
    for (const { ws: w } of others) await requestToJoin(me.id, { worksiteCode: w.worksiteCode }, ctx);
    const more = await activeWorksite();
    await expect(requestToJoin(me.id, { worksiteCode: more.ws.worksiteCode }, ctx)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});

describe('worksite registrations', () => {
  it('of 15 parallel registrations by one person, 10 are made and acknowledged', async () => {
    setNow(TRAPS.weekdayLate);
    const me = await ensurePerson(db(), { email: `founder-${uniq()}@example.com` });
    const os = await outcomes(
      Array.from({ length: 15 }, () => registerWorksite(me.id, parseInput(intakeSchema, intakeInput({ submissionKey: randomUUID() })), ctx)),
    );
    expect(count(os, 'OK')).toBe(10);
    expect(count(os, 'RATE_LIMITED')).toBe(5);
    // 23:30 Pacific on a Wednesday: a day later is Thursday.
    expect(os.find((o) => !o.ok)!.message).toBe('You have registered 10 worksites in the last 24 hours; try again after 23:31 on Thursday, March 5.');
    expect(await db().worksite.count({ where: { createdById: me.id } })).toBe(10);
    expect(await db().outboxEmail.count({ where: { personId: me.id, template: 'worksite.intake-received' } })).toBe(10);
  });

  it('the same form sent again is answered with its worksite and costs nothing', async () => {
    setNow(TRAPS.statutoryHoliday);
    const me = await ensurePerson(db());
    const input = parseInput(intakeSchema, intakeInput({ submissionKey: randomUUID() }));
    const first = await registerWorksite(me.id, input, ctx);
    for (let i = 0; i < 12; i++) expect((await registerWorksite(me.id, input, ctx)).worksiteId).toBe(first.worksiteId);
    for (let i = 0; i < 9; i++) await registerWorksite(me.id, parseInput(intakeSchema, intakeInput({ submissionKey: randomUUID() })), ctx);
    expect(await db().worksite.count({ where: { createdById: me.id } })).toBe(10);
  });
});

describe('contact email changes (limitContactEmailChanges, for the profile service)', () => {
  it('allows 3 an hour under parallel changes, and only those that commit count', async () => {
    setNow(TRAPS.afterSpringForward); // 09:00 Pacific
    const me = await ensurePerson(db());
    const change = () => db().$transaction((tx) => limitContactEmailChanges(tx, me.id, now()));
    await expect(
      db().$transaction(async (tx) => {
        await limitContactEmailChanges(tx, me.id, now());
        throw new Error('the notice could not be queued');
      }),
    ).rejects.toThrow('the notice could not be queued');
    const os = await outcomes(Array.from({ length: 8 }, change));
    expect(count(os, 'OK')).toBe(3);
    expect(os.find((o) => !o.ok)).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      message: 'You have changed your contact email 3 times in the last hour; try again after 10:01.',
    });
  });
});

describe('invitation links that are not valid, per client address', () => {
  const randomToken = () => randomUUID().replace(/-/g, '').padEnd(43, 'x');

  it('accepting: 20 of 50 parallel guesses are told the link is not valid, then everything is refused', async () => {
    setNow(TRAPS.ordinaryTuesday);
    const { ws, admin } = await activeWorksite();
    const guesser = await ensurePerson(db());
    const from = { ...ctx, clientAddress: '203.0.113.77' };
    const os = await outcomes(Array.from({ length: 50 }, () => acceptInvitation(guesser.id, randomToken(), from)));
    expect(count(os, 'NOT_FOUND')).toBe(20);
    expect(count(os, 'RATE_LIMITED')).toBe(30);
    expect(os.find((o) => o.code === 'NOT_FOUND')!.message).toBe(UNKNOWN_INVITATION_MESSAGE);
    expect(os.find((o) => o.code === 'RATE_LIMITED')!.message).toBe(
      'Too many invitation links that are not valid were tried from your network. Try again after 09:11.',
    );

    // A real link from that address is refused too, so the answer cannot reveal a right guess.
    const email = `guest-${uniq()}@example.com`;
    await inviteByEmail(admin.id, { worksiteId: ws.id, email }, ctx);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { toAddress: email } });
    const token = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(mail.textBody)![1]!;
    const invitee = await ensurePerson(db());
    await expect(acceptInvitation(invitee.id, token, from)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(await db().membership.count({ where: { personId: invitee.id } })).toBe(0);
    // From another address it works.
    expect((await acceptInvitation(invitee.id, token, { ...ctx, clientAddress: '198.51.100.20' })).outcome).toBe('JOINED');
    // Ten minutes later the guesser's address may try again.
    advance(10 * 60_000 + 10_000);
    await expect(acceptInvitation(guesser.id, randomToken(), from)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the invitation page counts unknown links the same way and then shows the refusal', async () => {
    setNow(TRAPS.saturday);
    const me = await viewerFor((await ensurePerson(db())).id);
    jar.headers = { 'x-forwarded-for': '203.0.113.78' };
    const views = await Promise.all(Array.from({ length: 25 }, () => invitationForPage(me, randomToken())));
    expect(views.filter((v) => v.state === 'UNKNOWN')).toHaveLength(20);
    const throttled = views.filter((v) => v.state === 'THROTTLED');
    expect(throttled).toHaveLength(5);
    expect(throttled[0]).toEqual({
      state: 'THROTTLED',
      message: 'Too many invitation links that are not valid were tried from your network. Try again after 12:11.',
    });
    jar.headers = { 'x-forwarded-for': '198.51.100.21' };
    expect((await invitationForPage(me, randomToken())).state).toBe('UNKNOWN');
  });
});
