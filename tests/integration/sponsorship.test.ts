import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EnrolmentStatus, MembershipKind, MembershipStatus, Profession } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { activeSponsorCount, authorizersAt, effectiveStatusesOfPerson, effectiveStatusOf, mySponsorships, pendingItems, pendingSponsorRequestsFor, sponsorPage } from '@/server/sponsorships/queries';
import { NO_AUTHORIZER_MESSAGE } from '@/server/sponsorships/rules';
import { answerSponsorship, endSponsorship, NOT_AN_AUTHORIZER_MESSAGE, requestSponsorship } from '@/server/sponsorships/service';
import { createJoinRequest, createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-sponsorship', ip: '203.0.113.9' };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

async function person(name: string, profession: Profession | null, enrolment: EnrolmentStatus = 'APPROVED') {
  const p = await ensurePerson(db(), { givenName: name, email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com` });
  if (profession) await db().enrolment.create({ data: { personId: p.id, profession, status: enrolment } });
  return p;
}

async function member(worksiteId: string, p: { id: string }, status: MembershipStatus = 'ACTIVE', kind: MembershipKind = 'INDEPENDENT', siteAdmin = false) {
  return createMembership(db(), { worksiteId, personId: p.id, status, kind, siteAdmin });
}

/** Worksite A with an approved physician (site admin), an LPN, an unapproved physician and an
 * MOA waiting for a sponsor; worksite B with its own approved physician. */
async function scene() {
  const doc = await person('Dora', 'PHYSICIAN');
  const ws = await createWorksite(db(), { creatorId: doc.id, operatingName: 'Harbour Clinic' });
  const docM = await member(ws.id, doc, 'ACTIVE', 'INDEPENDENT', true);
  const lpn = await person('Lena', 'LICENSED_PRACTICAL_NURSE');
  const lpnM = await member(ws.id, lpn);
  const newDoc = await person('Noel', 'PHYSICIAN', 'IN_REVIEW');
  const newDocM = await member(ws.id, newDoc);
  const moa = await person('Mara', 'MEDICAL_OFFICE_ASSISTANT', 'IN_REVIEW');
  const moaM = await member(ws.id, moa, 'PENDING_SPONSOR', 'ON_BEHALF_OF');
  const otherDoc = await person('Olga', 'PHYSICIAN');
  const other = await createWorksite(db(), { creatorId: otherDoc.id, operatingName: 'Other Clinic' });
  const otherDocM = await member(other.id, otherDoc, 'ACTIVE', 'INDEPENDENT', true);
  return { ws, doc, docM, lpn, lpnM, newDoc, newDocM, moa, moaM, other, otherDoc, otherDocM };
}

const auditCount = (action: string, targetId: string) =>
  db().auditEvent.count({ where: { action, targetId } });

describe('on-behalf-of sponsorship', () => {
  it('an MOA is not active without a sponsor, even if the stored status says so', async () => {
    const s = await scene();
    await db().membership.update({ where: { id: s.moaM.id }, data: { status: 'ACTIVE' } });
    expect(await effectiveStatusOf(db(), s.moaM.id)).toEqual({ status: 'PENDING_SPONSOR', reason: 'NO_ACTIVE_SPONSOR' });
    expect(await activeSponsorCount(db(), s.moaM.id)).toBe(0);
  });

  it('lists only fully enrolled authorizers who are active at the worksite', async () => {
    const s = await scene();
    const inactiveRn = await person('Iris', 'REGISTERED_NURSE');
    await member(s.ws.id, inactiveRn, 'INACTIVE');
    const rn = await person('Rita', 'REGISTERED_NURSE');
    const rnM = await member(s.ws.id, rn);
    const list = await authorizersAt(db(), s.ws.id);
    expect(list.map((a) => a.membershipId).sort()).toEqual([s.docM.id, rnM.id].sort());
    expect(list.find((a) => a.membershipId === rnM.id)).toMatchObject({ personId: rn.id, profession: 'REGISTERED_NURSE' });

    const empty = await createWorksite(db(), { creatorId: s.lpn.id });
    await member(empty.id, s.lpn, 'ACTIVE', 'INDEPENDENT', true);
    expect(await authorizersAt(db(), empty.id)).toEqual([]);
    const moa2 = await person('Milo', 'MEDICAL_OFFICE_ASSISTANT');
    await member(empty.id, moa2, 'PENDING_SPONSOR', 'ON_BEHALF_OF');
    const page = await sponsorPage(await viewerFor(moa2.id), empty.id);
    expect(page?.noAuthorizerMessage).toBe(NO_AUTHORIZER_MESSAGE);
    expect(page?.authorizers).toEqual([]);
  });

  it('pending items: join requests per worksite for site admins only', async () => {
    const s = await scene();
    const a = await person('Ann', null);
    const b = await person('Ben', null);
    await createJoinRequest(db(), { worksiteId: s.ws.id, personId: a.id });
    await createJoinRequest(db(), { worksiteId: s.ws.id, personId: b.id });
    expect(await pendingItems(await viewerFor(s.doc.id))).toEqual({
      sponsorRequests: 0,
      joinRequests: [{ worksiteId: s.ws.id, worksiteName: 'Harbour Clinic', worksiteCode: s.ws.worksiteCode, count: 2, href: `/worksites/${s.ws.id}/members` }],
    });
    // A plain member and another worksite's admin see none of it.
    expect(await pendingItems(await viewerFor(s.lpn.id))).toEqual({ sponsorRequests: 0, joinRequests: [] });
    expect(await pendingItems(await viewerFor(s.otherDoc.id))).toEqual({ sponsorRequests: 0, joinRequests: [] });
  });

  it('request → accept moves the membership to PENDING_REVIEW, with history, audit and emails', async () => {
    const s = await scene();
    const { sponsorshipId } = await requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id }, ctx);
    expect(await auditCount('sponsorship.requested', sponsorshipId)).toBe(1);
    const toDoc = await db().outboxEmail.findMany({ where: { personId: s.doc.id, template: 'sponsorship.requested' } });
    expect(toDoc).toHaveLength(1);
    expect(toDoc[0]!.subject).toContain(s.ws.worksiteCode);
    expect((await pendingSponsorRequestsFor(s.doc.id)).map((r) => r.sponsorshipId)).toEqual([sponsorshipId]);
    expect(await pendingItems(await viewerFor(s.doc.id))).toMatchObject({ sponsorRequests: 1 });

    const r = await answerSponsorship(s.doc.id, { sponsorshipId, accept: true }, ctx);
    expect(r).toMatchObject({ status: 'ACTIVE', membershipStatus: 'PENDING_REVIEW' });
    const m = await db().membership.findUniqueOrThrow({ where: { id: s.moaM.id } });
    expect(m.status).toBe('PENDING_REVIEW');
    const hist = await db().membershipStatusChange.findMany({ where: { membershipId: s.moaM.id } });
    expect(hist).toEqual([expect.objectContaining({ fromStatus: 'PENDING_SPONSOR', toStatus: 'PENDING_REVIEW', actorId: s.doc.id })]);
    expect(await db().auditEvent.count({ where: { action: 'membership.sponsor_agreed', targetId: s.moaM.id } })).toBe(1);
    expect(await auditCount('sponsorship.accepted', sponsorshipId)).toBe(1);
    expect(await db().outboxEmail.count({ where: { personId: s.moa.id, template: 'sponsorship.accepted' } })).toBe(1);
    expect(await activeSponsorCount(db(), s.moaM.id)).toBe(1);
    expect(await pendingItems(await viewerFor(s.doc.id))).toMatchObject({ sponsorRequests: 0 });
    const mine = await mySponsorships(await viewerFor(s.doc.id));
    expect(mine.asSponsor).toEqual([expect.objectContaining({ sponsorshipId, status: 'ACTIVE', actions: ['END'] })]);
  });

  it('a decline is emailed and leaves the membership waiting', async () => {
    const s = await scene();
    const { sponsorshipId } = await requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id }, ctx);
    await answerSponsorship(s.doc.id, { sponsorshipId, accept: false }, ctx);
    expect((await db().membership.findUniqueOrThrow({ where: { id: s.moaM.id } })).status).toBe('PENDING_SPONSOR');
    expect(await db().outboxEmail.count({ where: { personId: s.moa.id, template: 'sponsorship.declined' } })).toBe(1);
    // Declined is closed: the same authorizer can be asked again.
    await expect(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id }, ctx)).resolves.toMatchObject({ status: 'REQUESTED' });
  });

  it('ending the last sponsorship removes access at once; ending one of two does not', async () => {
    const s = await scene();
    const rn = await person('Rita', 'REGISTERED_NURSE');
    const rnM = await member(s.ws.id, rn);
    const a = await requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id }, ctx);
    const b = await requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: rnM.id }, ctx);
    await answerSponsorship(s.doc.id, { sponsorshipId: a.sponsorshipId, accept: true }, ctx);
    await answerSponsorship(rn.id, { sponsorshipId: b.sponsorshipId, accept: true }, ctx);
    // The team provisioned it.
    await db().membership.update({ where: { id: s.moaM.id }, data: { status: 'ACTIVE' } });
    expect((await effectiveStatusOf(db(), s.moaM.id))?.status).toBe('ACTIVE');

    const first = await endSponsorship(s.moa.id, { sponsorshipId: a.sponsorshipId }, ctx);
    expect(first).toMatchObject({ lostAccess: false, membershipStatus: 'ACTIVE' });
    expect((await effectiveStatusOf(db(), s.moaM.id))?.status).toBe('ACTIVE');

    const last = await endSponsorship(rn.id, { sponsorshipId: b.sponsorshipId }, ctx);
    expect(last).toMatchObject({ lostAccess: true, membershipStatus: 'PENDING_SPONSOR' });
    // Right after, with no job in between.
    expect((await effectiveStatusOf(db(), s.moaM.id))?.status).toBe('PENDING_SPONSOR');
    const sp = await db().sponsorship.findUniqueOrThrow({ where: { id: b.sponsorshipId } });
    expect(sp).toMatchObject({ status: 'ENDED', endedById: rn.id });
    expect(sp.endedAt).not.toBeNull();
    expect(await db().auditEvent.count({ where: { action: 'membership.sponsor_lost', targetId: s.moaM.id } })).toBe(1);
    const ended = await db().outboxEmail.findMany({ where: { template: 'sponsorship.ended', personId: { in: [s.moa.id, rn.id] } } });
    expect(new Set(ended.map((e) => e.personId))).toEqual(new Set([s.moa.id, rn.id]));

    // Ending again is refused.
    expect(await refusal(endSponsorship(s.moa.id, { sponsorshipId: b.sponsorshipId }, ctx))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('a sponsor who is inactivated no longer counts: access goes with them', async () => {
    const s = await scene();
    const a = await requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.lpnM.id }, ctx).catch(() => null);
    expect(a).toBeNull(); // sanity: an LPN is refused (covered below too)
    const rn = await person('Rita', 'REGISTERED_NURSE');
    const rnM = await member(s.ws.id, rn);
    const r = await requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: rnM.id }, ctx);
    await answerSponsorship(rn.id, { sponsorshipId: r.sponsorshipId, accept: true }, ctx);
    await db().membership.update({ where: { id: s.moaM.id }, data: { status: 'ACTIVE' } });
    expect((await effectiveStatusOf(db(), s.moaM.id))?.status).toBe('ACTIVE');
    expect((await effectiveStatusesOfPerson(db(), s.moa.id)).get(s.moaM.id)?.status).toBe('ACTIVE');
    await db().membership.update({ where: { id: rnM.id }, data: { status: 'INACTIVE' } });
    expect((await effectiveStatusOf(db(), s.moaM.id))?.status).toBe('PENDING_SPONSOR');
    // The batched reader of the dashboard and the team's person page says the same.
    expect((await effectiveStatusesOfPerson(db(), s.moa.id)).get(s.moaM.id)).toEqual({ status: 'PENDING_SPONSOR', reason: 'NO_ACTIVE_SPONSOR' });
  });

  it('a sponsor membership of another worksite answers exactly like a missing one', async () => {
    const s = await scene();
    const forged = await refusal(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.otherDocM.id }, ctx));
    const missing = await refusal(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: randomUUID() }, ctx));
    const garbage = await refusal(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: 'nope' }, ctx));
    expect(forged).toEqual({ code: 'NOT_FOUND', message: 'We could not find that sponsor.' });
    expect(missing).toEqual(forged);
    expect(garbage).toEqual(forged);
    expect(await db().sponsorship.count({ where: { oboMembershipId: s.moaM.id } })).toBe(0);
  });

  it('only an OBO member of the worksite can ask, and only for themselves', async () => {
    const s = await scene();
    const notFound = { code: 'NOT_FOUND', message: 'We could not find your on-behalf-of membership at that worksite.' };
    // Not a member of the other worksite; an independent member; a made-up worksite.
    expect(await refusal(requestSponsorship(s.moa.id, { worksiteId: s.other.id, sponsorMembershipId: s.otherDocM.id }, ctx))).toEqual(notFound);
    expect(await refusal(requestSponsorship(s.lpn.id, { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id }, ctx))).toEqual(notFound);
    expect(await refusal(requestSponsorship(s.moa.id, { worksiteId: randomUUID(), sponsorMembershipId: s.docM.id }, ctx))).toEqual(notFound);
    await db().membership.update({ where: { id: s.moaM.id }, data: { status: 'ENDED' } });
    expect(await refusal(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id }, ctx))).toEqual(notFound);
  });

  it('a non-authorizer cannot be picked: an LPN, an unapproved physician', async () => {
    const s = await scene();
    const refused = { code: 'INVALID_TRANSITION', message: NOT_AN_AUTHORIZER_MESSAGE };
    expect(await refusal(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.lpnM.id }, ctx))).toEqual(refused);
    expect(await refusal(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.newDocM.id }, ctx))).toEqual(refused);
    // The OBO user's own membership, and a join request that is not yet active.
    expect(await refusal(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.moaM.id }, ctx))).toEqual(refused);
    const joining = await person('Jo', 'PHYSICIAN');
    const jm = await createJoinRequest(db(), { worksiteId: s.ws.id, personId: joining.id });
    expect(await refusal(requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: jm.id }, ctx))).toEqual(refused);
    expect(await db().sponsorship.count({ where: { oboMembershipId: s.moaM.id } })).toBe(0);
  });

  it('one open request per pair, also for two submits at once', async () => {
    const s = await scene();
    const input = { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id };
    const results = await Promise.allSettled([requestSponsorship(s.moa.id, input, ctx), requestSponsorship(s.moa.id, input, ctx)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'CONFLICT' });
    const rows = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Sponsorship" WHERE "oboMembershipId" = ${s.moaM.id}::uuid AND status IN ('REQUESTED', 'ACTIVE')`;
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it('only the authorizer answers; others cannot see the request', async () => {
    const s = await scene();
    const { sponsorshipId } = await requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id }, ctx);
    const notFound = { code: 'NOT_FOUND', message: 'We could not find that sponsorship.' };
    expect(await refusal(answerSponsorship(s.lpn.id, { sponsorshipId, accept: true }, ctx))).toEqual(notFound);
    expect(await refusal(answerSponsorship(s.otherDoc.id, { sponsorshipId, accept: true }, ctx))).toEqual(notFound);
    expect(await refusal(answerSponsorship(s.doc.id, { sponsorshipId: randomUUID(), accept: true }, ctx))).toEqual(notFound);
    expect(await refusal(answerSponsorship(s.moa.id, { sponsorshipId, accept: true }, ctx))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await refusal(endSponsorship(s.lpn.id, { sponsorshipId }, ctx))).toEqual(notFound);
    expect((await db().sponsorship.findUniqueOrThrow({ where: { id: sponsorshipId } })).status).toBe('REQUESTED');
  });

  it('two answers to one request at once: exactly one wins', async () => {
    const s = await scene();
    const { sponsorshipId } = await requestSponsorship(s.moa.id, { worksiteId: s.ws.id, sponsorMembershipId: s.docM.id }, ctx);
    const results = await Promise.allSettled([
      answerSponsorship(s.doc.id, { sponsorshipId, accept: true }, ctx),
      answerSponsorship(s.doc.id, { sponsorshipId, accept: false }, ctx),
      answerSponsorship(s.doc.id, { sponsorshipId, accept: true }, ctx),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'ALREADY_DECIDED' });
    const answers = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "AuditEvent" WHERE "targetId" = ${sponsorshipId} AND action IN ('sponsorship.accepted', 'sponsorship.declined')`;
    expect(Number(answers[0]!.n)).toBe(1);
    const hist = await db().membershipStatusChange.count({ where: { membershipId: s.moaM.id } });
    const status = (await db().sponsorship.findUniqueOrThrow({ where: { id: sponsorshipId } })).status;
    expect(hist).toBe(status === 'ACTIVE' ? 1 : 0);
  });
});
