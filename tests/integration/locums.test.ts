// Locums from the members page (SPEC §8): invited as a locum and accepted, end date changed,
// ended now; the label the page shows before and after the last day; who is refused.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const signedIn = vi.hoisted(() => ({ id: null as string | null }));
vi.mock('@/server/auth/session-cookie', async () => (await import('../support/real-session')).signedInAs(signedIn));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

import { locumLabel } from '@/app/(portal)/worksites/[id]/members/locum-label';
import { END_DATE_IN_PAST } from '@/lib/end-date';
import { db } from '@/server/db';
import { inviteByEmailAction } from '@/server/invitations/actions';
import { acceptInvitation } from '@/server/invitations/service';
import { endLocumAction } from '@/server/memberships/actions';
import { membersPage } from '@/server/memberships/queries';
import { setLocumAction } from '@/server/sponsorships/actions';
import { effectiveMembership } from '@/server/sponsorships/rules';
import { LOCUM_END_REQUIRED } from '@/server/sponsorships/schema';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { advance, now, resetNow, setNow, TRAPS } from '../support/clock';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-locum', ip: null, userAgent: null, clientAddress: '198.51.100.9' };
const HOUR = 3_600_000;

async function scene() {
  const admin = await ensurePerson(db(), { givenName: 'Ada', familyName: 'Admin' });
  const ws = await createWorksite(db(), { creatorId: admin.id, status: 'ACTIVE', operatingName: 'Harbour Clinic' });
  await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return { admin, ws };
}

async function tokenSentTo(to: string) {
  const mail = await db().outboxEmail.findFirstOrThrow({
    where: { toAddress: to, template: 'invitation.sent' },
    orderBy: { createdAt: 'desc' },
  });
  return /\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.textBody)![1]!;
}

async function rowOf(viewerId: string, worksiteId: string, membershipId: string) {
  const page = await membersPage(await viewerFor(viewerId), worksiteId, now());
  return page!.members.find((m) => m.membershipId === membershipId)!;
}

beforeEach(() => {
  signedIn.id = null;
  resetNow();
});

describe('inviting a locum', () => {
  it('carries the end date onto the membership, which ends by itself after that day', async () => {
    const s = await scene();
    setNow(TRAPS.newYearsEve); // 23:30 Pacific on 31 December: already 2027 in UTC
    signedIn.id = s.admin.id;
    const r = await inviteByEmailAction({ worksiteId: s.ws.id, email: 'lou@locum.example', isLocum: true, locumEndDate: '2027-01-15' });
    expect(r).toMatchObject({ ok: true, data: { reused: false } });

    const lou = await ensurePerson(db(), { givenName: 'Lou', familyName: 'Locum' });
    await acceptInvitation(lou.id, await tokenSentTo('lou@locum.example'), ctx);
    const m = await db().membership.findFirstOrThrow({ where: { personId: lou.id, worksiteId: s.ws.id } });
    expect({ isLocum: m.isLocum, end: m.locumEndDate?.toISOString().slice(0, 10) }).toEqual({ isLocum: true, end: '2027-01-15' });
    expect(locumLabel(await rowOf(s.admin.id, s.ws.id, m.id), now())).toBe('Locum until January 15, 2027');

    // The last day still counts until midnight Pacific; then the membership has ended, with no job.
    setNow(new Date(Date.parse('2027-01-15T23:59:00-08:00')));
    expect(effectiveMembership({ membership: m, enrolment: null, activeSponsorships: 0, now: now() }).reason).toBeNull();
    advance(2 * 60_000);
    expect(effectiveMembership({ membership: m, enrolment: null, activeSponsorships: 0, now: now() })).toEqual({ status: 'ENDED', reason: 'LOCUM_ENDED' });
    expect(locumLabel(await rowOf(s.admin.id, s.ws.id, m.id), now())).toBe('Locum ended January 15, 2027');
  });

  it('refuses a locum without an end date, or with one already past in Pacific time', async () => {
    const s = await scene();
    setNow(TRAPS.newYearsEve);
    signedIn.id = s.admin.id;
    const missing = await inviteByEmailAction({ worksiteId: s.ws.id, email: 'a@locum.example', isLocum: true, locumEndDate: '' });
    expect(missing).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { locumEndDate: LOCUM_END_REQUIRED } });
    const past = await inviteByEmailAction({ worksiteId: s.ws.id, email: 'a@locum.example', isLocum: true, locumEndDate: '2026-12-30' });
    expect(past).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { locumEndDate: END_DATE_IN_PAST } });
    expect(await db().invitation.count({ where: { worksiteId: s.ws.id } })).toBe(0);
    // Today in Pacific time is still allowed, although UTC is already in the next year.
    const today = await inviteByEmailAction({ worksiteId: s.ws.id, email: 'a@locum.example', isLocum: true, locumEndDate: '2026-12-31' });
    expect(today).toMatchObject({ ok: true });
  });

  it('an ordinary invitation makes an ordinary member', async () => {
    const s = await scene();
    signedIn.id = s.admin.id;
    expect(await inviteByEmailAction({ worksiteId: s.ws.id, email: 'pat@clinic.example' })).toMatchObject({ ok: true });
    const pat = await ensurePerson(db(), { givenName: 'Pat', familyName: 'Plain' });
    await acceptInvitation(pat.id, await tokenSentTo('pat@clinic.example'), ctx);
    const m = await db().membership.findFirstOrThrow({ where: { personId: pat.id, worksiteId: s.ws.id } });
    expect({ isLocum: m.isLocum, end: m.locumEndDate }).toEqual({ isLocum: false, end: null });
  });
});

describe('a member marked as a locum', () => {
  async function withMember() {
    const s = await scene();
    const lou = await ensurePerson(db(), { givenName: 'Lou', familyName: 'Locum' });
    const m = await createMembership(db(), { worksiteId: s.ws.id, personId: lou.id });
    return { ...s, lou, m, input: { worksiteId: s.ws.id, membershipId: m.id } };
  }

  it('the site admin sets, then changes the end date; the page follows', async () => {
    const s = await withMember();
    setNow(TRAPS.ordinaryTuesday); // 16 June 2026
    signedIn.id = s.admin.id;
    expect(await setLocumAction({ ...s.input, isLocum: true, locumEndDate: '2026-07-31' })).toMatchObject({ ok: true });
    expect(locumLabel(await rowOf(s.admin.id, s.ws.id, s.m.id), now())).toBe('Locum until July 31, 2026');
    expect(await setLocumAction({ ...s.input, isLocum: true, locumEndDate: '2026-08-15' })).toMatchObject({ ok: true, data: { locumEndDate: '2026-08-15' } });
    expect(locumLabel(await rowOf(s.admin.id, s.ws.id, s.m.id), now())).toBe('Locum until August 15, 2026');
    const missing = await setLocumAction({ ...s.input, isLocum: true, locumEndDate: '' });
    expect(missing).toMatchObject({ ok: false, fieldErrors: { locumEndDate: LOCUM_END_REQUIRED } });
    expect((await db().membership.findUniqueOrThrow({ where: { id: s.m.id } })).locumEndDate?.toISOString().slice(0, 10)).toBe('2026-08-15');
  });

  it('the site admin ends it now: the membership has ended and the page says since when', async () => {
    const s = await withMember();
    setNow(TRAPS.ordinaryTuesday);
    signedIn.id = s.admin.id;
    await setLocumAction({ ...s.input, isLocum: true, locumEndDate: '2026-08-15' });
    advance(HOUR);
    expect(await endLocumAction(s.input)).toMatchObject({ ok: true });
    const row = await rowOf(s.admin.id, s.ws.id, s.m.id);
    expect(row.status).toBe('ENDED');
    expect(locumLabel(row, now())).toBe('Locum ended June 16, 2026');
    // An ended membership cannot be turned back into a locum.
    expect(await setLocumAction({ ...s.input, isLocum: true, locumEndDate: '2026-09-01' })).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
  });

  it('a plain member and another worksite’s site admin are refused, and nothing changes', async () => {
    const s = await withMember();
    setNow(TRAPS.ordinaryTuesday);
    const colleague = await ensurePerson(db(), { givenName: 'Col', familyName: 'League' });
    await createMembership(db(), { worksiteId: s.ws.id, personId: colleague.id });
    const elsewhere = await scene();
    for (const who of [colleague.id, elsewhere.admin.id, s.lou.id]) {
      signedIn.id = who;
      expect(await setLocumAction({ ...s.input, isLocum: true, locumEndDate: '2027-01-31' }), who).toMatchObject({ ok: false });
      expect(await endLocumAction(s.input), who).toMatchObject({ ok: false });
      expect(await inviteByEmailAction({ worksiteId: s.ws.id, email: 'x@locum.example', isLocum: true, locumEndDate: '2027-01-31' }), who).toMatchObject({ ok: false });
    }
    const m = await db().membership.findUniqueOrThrow({ where: { id: s.m.id } });
    expect({ status: m.status, isLocum: m.isLocum, end: m.locumEndDate }).toEqual({ status: 'ACTIVE', isLocum: false, end: null });
    expect(await db().invitation.count({ where: { worksiteId: s.ws.id } })).toBe(0);
  });
});
