import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnrolmentStatus, MembershipKind, MembershipStatus, Profession, StaffRoleKind } from '@/generated/prisma/client';
import { addBusinessDays } from '@/lib/business-days';
import { db } from '@/server/db';
import { myMemberships } from '@/server/memberships/dashboard-queries';
import { NO_AUTHORIZER_AT_WORKSITE } from '@/server/sponsorships/rules';
import { waitingForSponsorAt } from '@/server/sponsorships/wait-queries';
import { dashboardCounts } from '@/server/team/dashboard-queries';
import { parseQueueFilter } from '@/server/team/list-rules';
import { queuePage } from '@/server/team/queue-queries';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { now as clockNow } from '../support/clock';
import { viewerFor } from '../support/viewer';

const now = clockNow();
const daysAgo = (n: number) => addBusinessDays(now, -n);
const waitingList = () => {
  const f = parseQueueFilter({ type: 'waiting-sponsor' });
  if (!f.ok) throw new Error('bad filter');
  return f.value;
};

async function person(name: string, profession: Profession, enrolment: EnrolmentStatus = 'APPROVED') {
  const p = await ensurePerson(db(), { givenName: name, familyName: 'Test', email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com` });
  await db().enrolment.create({ data: { personId: p.id, profession, status: enrolment } });
  return p;
}
async function member(worksiteId: string, personId: string, status: MembershipStatus, kind: MembershipKind = 'INDEPENDENT', siteAdmin = false, waitingDays = 0) {
  const m = await createMembership(db(), { worksiteId, personId, status, kind, siteAdmin });
  return db().membership.update({ where: { id: m.id }, data: { statusChangedAt: daysAgo(waitingDays) } });
}

let team: { id: string; staffRoles: StaffRoleKind[] };
const s = {} as Record<'lonelyAdmin' | 'lonelyMoa' | 'busyDoc' | 'askedMoa' | 'unaskedMoa' | 'outsider', { id: string }> &
  Record<'lonely' | 'busy', { id: string }> & Record<'lonelyMoaM' | 'askedMoaM' | 'unaskedMoaM', { id: string }>;

// Lonely Clinic: an LPN site admin and an MOA, nobody who can sponsor. Busy Clinic: an approved
// physician (plus one still in review), one MOA who asked the physician and one who asked nobody.
beforeAll(async () => {
  team = { id: (await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] })).id, staffRoles: ['ENROLMENT_TEAM'] };
  s.lonelyAdmin = await person('Lana', 'LICENSED_PRACTICAL_NURSE');
  s.lonely = await createWorksite(db(), { creatorId: s.lonelyAdmin.id, operatingName: 'Lonely Clinic' });
  await member(s.lonely.id, s.lonelyAdmin.id, 'ACTIVE', 'INDEPENDENT', true);
  const inReview = await person('Rene', 'REGISTERED_NURSE', 'IN_REVIEW');
  await member(s.lonely.id, inReview.id, 'ACTIVE');
  s.lonelyMoa = await person('Mona', 'MEDICAL_OFFICE_ASSISTANT', 'IN_REVIEW');
  s.lonelyMoaM = await member(s.lonely.id, s.lonelyMoa.id, 'PENDING_SPONSOR', 'ON_BEHALF_OF', false, 7);

  s.busyDoc = await person('Dana', 'PHYSICIAN');
  s.busy = await createWorksite(db(), { creatorId: s.busyDoc.id, operatingName: 'Busy Clinic' });
  const docM = await member(s.busy.id, s.busyDoc.id, 'ACTIVE', 'INDEPENDENT', true);
  s.askedMoa = await person('Abel', 'MEDICAL_OFFICE_ASSISTANT', 'IN_REVIEW');
  s.askedMoaM = await member(s.busy.id, s.askedMoa.id, 'PENDING_SPONSOR', 'ON_BEHALF_OF', false, 3);
  await db().sponsorship.create({ data: { oboMembershipId: s.askedMoaM.id, sponsorMembershipId: docM.id, status: 'REQUESTED', createdAt: daysAgo(2) } });
  s.unaskedMoa = await person('Umar', 'MEDICAL_OFFICE_ASSISTANT', 'IN_REVIEW');
  s.unaskedMoaM = await member(s.busy.id, s.unaskedMoa.id, 'PENDING_SPONSOR', 'ON_BEHALF_OF', false, 1);
  s.outsider = await person('Otto', 'PHYSICIAN');
});

describe('the team sees who waits for a sponsor, and why', () => {
  it('lists each waiting membership with its reason and its age in business days', async () => {
    const { rows } = await queuePage(team, waitingList(), { now });
    const mine = rows.filter((r) => [s.lonelyMoaM.id, s.askedMoaM.id, s.unaskedMoaM.id].includes(r.id));
    expect(mine.map((r) => [r.personName, r.worksiteName, r.ageDays, r.reason?.reason])).toEqual([
      ['Mona Test', 'Lonely Clinic', 7, 'NO_AUTHORIZER'],
      ['Abel Test', 'Busy Clinic', 3, 'SPONSOR_ASKED'],
      ['Umar Test', 'Busy Clinic', 1, 'NOT_ASKED'],
    ]);
    expect(mine[0]).toMatchObject({ type: 'waiting-sponsor', typeLabel: 'Waiting for a sponsor', reasonText: NO_AUTHORIZER_AT_WORKSITE, href: `/admin/people/${s.lonelyMoa.id}` });
    expect(mine[1]!.reason?.askedAt?.getTime()).toBe(daysAgo(2).getTime());
    expect(mine[1]!.reasonText).toMatch(/has not answered yet/);
    // Only waiting memberships: the physicians and the site admins are not in this queue.
    expect(rows.every((r) => r.status === 'PENDING_SPONSOR')).toBe(true);
  });

  it('lists a waiting membership once, under any status filter', async () => {
    const f = parseQueueFilter({ status: 'PENDING_SPONSOR' });
    if (!f.ok) throw new Error('bad filter');
    const ids = (await queuePage(team, f.value, { now, pageSize: 1000 })).rows.map((r) => r.id);
    expect(ids.filter((id) => id === s.lonelyMoaM.id)).toHaveLength(1);
  });

  it('counts the queue on the team dashboard with the age of the oldest', async () => {
    const q = (await dashboardCounts(team, now)).queues.find((x) => x.type === 'waiting-sponsor')!;
    expect(q).toMatchObject({ label: 'Waiting for a sponsor', count: 3, oldestDays: 7 });
  });

  it('refuses anyone without a staff role', async () => {
    await expect(queuePage({ id: s.outsider.id, staffRoles: [] }, waitingList())).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the members page shows the same reason', () => {
  it('to the site admin of a worksite where nobody can sponsor', async () => {
    const list = await waitingForSponsorAt(await viewerFor(s.lonelyAdmin.id), s.lonely.id, now);
    expect(list).toEqual([expect.objectContaining({ membershipId: s.lonelyMoaM.id, name: 'Mona Test', reason: 'NO_AUTHORIZER', reasonText: NO_AUTHORIZER_AT_WORKSITE, ageDays: 7 })]);
  });

  it('per member where sponsors exist', async () => {
    const list = await waitingForSponsorAt(await viewerFor(s.busyDoc.id), s.busy.id, now);
    expect(list.map((m) => [m.name, m.reason])).toEqual([['Abel Test', 'SPONSOR_ASKED'], ['Umar Test', 'NOT_ASKED']]);
  });

  it('to nobody outside the worksite', async () => {
    expect(await waitingForSponsorAt(await viewerFor(s.outsider.id), s.lonely.id, now)).toEqual([]);
    expect(await waitingForSponsorAt(await viewerFor(s.busyDoc.id), s.lonely.id, now)).toEqual([]);
  });
});

describe("the assistant's dashboard says what the worksite must do", () => {
  it('when nobody there can sponsor, it does not tell them to ask a physician', async () => {
    const [m] = await myMemberships(await viewerFor(s.lonelyMoa.id), now);
    expect(m).toMatchObject({ operatingName: 'Lonely Clinic', status: 'PENDING_SPONSOR', sponsorWait: 'NO_AUTHORIZER' });
    expect(m!.why).toMatch(/must enrol in the portal and be approved first/);
    expect(m!.why).toMatch(/site administrator/);
    expect(m!.why).not.toMatch(/Ask a physician/);
  });

  it('when sponsors exist, it tells them to ask one, or that they are waiting for an answer', async () => {
    expect((await myMemberships(await viewerFor(s.unaskedMoa.id), now))[0]).toMatchObject({ sponsorWait: 'NOT_ASKED', why: expect.stringMatching(/^No authorizer is sponsoring you here right now\. Ask a physician/) });
    expect((await myMemberships(await viewerFor(s.askedMoa.id), now))[0]).toMatchObject({ sponsorWait: 'SPONSOR_ASKED', why: expect.stringMatching(/not answered yet/) });
  });

  it('says nothing about sponsors to an independent member', async () => {
    expect((await myMemberships(await viewerFor(s.busyDoc.id), now))[0]).toMatchObject({ sponsorWait: null, why: null });
  });
});
