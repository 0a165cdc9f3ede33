import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { setLocum } from '@/server/sponsorships/locum-service';
import { effectiveStatusesOfPerson, effectiveStatusOf } from '@/server/sponsorships/queries';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { now } from '../support/clock';

const ctx = { requestId: 'req-locum', ip: null };
const day = (s: string) => new Date(`${s}T00:00:00Z`);
const noonPacific = (s: string) => new Date(`${s}T12:00:00-07:00`);

async function refusal(p: Promise<unknown>) {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

async function scene() {
  const doc = await ensurePerson(db(), { givenName: 'Dora' });
  await db().enrolment.create({ data: { personId: doc.id, profession: 'PHYSICIAN', status: 'APPROVED' } });
  const ws = await createWorksite(db(), { creatorId: doc.id });
  const docM = await createMembership(db(), { worksiteId: ws.id, personId: doc.id, siteAdmin: true });
  return { doc, ws, docM };
}

describe('residents', () => {
  it('a resident’s membership is active through the end date and ended after it', async () => {
    const s = await scene();
    const res = await ensurePerson(db(), { givenName: 'Remy' });
    await db().enrolment.create({
      data: { personId: res.id, profession: 'RESIDENT_PHYSICIAN', status: 'APPROVED', residencyStart: day('2025-07-01'), residencyEnd: day('2026-06-30') },
    });
    const m = await createMembership(db(), { worksiteId: s.ws.id, personId: res.id, kind: 'ON_BEHALF_OF', status: 'ACTIVE' });
    await db().sponsorship.create({ data: { oboMembershipId: m.id, sponsorMembershipId: s.docM.id, status: 'ACTIVE', decidedAt: now() } });
    expect(await effectiveStatusOf(db(), m.id, noonPacific('2026-06-29'))).toEqual({ status: 'ACTIVE', reason: null });
    expect(await effectiveStatusOf(db(), m.id, noonPacific('2026-06-30'))).toEqual({ status: 'ACTIVE', reason: null });
    expect(await effectiveStatusOf(db(), m.id, noonPacific('2026-07-01'))).toEqual({ status: 'ENDED', reason: 'RESIDENCY_ENDED' });
    expect((await effectiveStatusesOfPerson(db(), m.personId, noonPacific('2026-07-01'))).get(m.id)).toEqual({ status: 'ENDED', reason: 'RESIDENCY_ENDED' });
    // Computed at read time: the stored row is untouched.
    expect((await db().membership.findUniqueOrThrow({ where: { id: m.id } })).status).toBe('ACTIVE');
  });
});

describe('locums', () => {
  it('a locum’s membership ends by itself after the end date set by the site admin', async () => {
    const s = await scene();
    const loc = await ensurePerson(db(), { givenName: 'Lou' });
    await db().enrolment.create({ data: { personId: loc.id, profession: 'PHYSICIAN', status: 'APPROVED' } });
    const m = await createMembership(db(), { worksiteId: s.ws.id, personId: loc.id });
    const r = await setLocum(s.doc.id, { worksiteId: s.ws.id, membershipId: m.id, isLocum: true, locumEndDate: '2026-08-31' }, ctx, noonPacific('2026-05-01'));
    expect(r).toEqual({ membershipId: m.id, isLocum: true, locumEndDate: '2026-08-31' });
    expect(await db().auditEvent.count({ where: { action: 'membership.locum_updated', targetId: m.id } })).toBe(1);
    expect((await effectiveStatusOf(db(), m.id, noonPacific('2026-08-31')))?.status).toBe('ACTIVE');
    expect(await effectiveStatusOf(db(), m.id, noonPacific('2026-09-01'))).toEqual({ status: 'ENDED', reason: 'LOCUM_ENDED' });
    // Clearing the flag removes the end date.
    await setLocum(s.doc.id, { worksiteId: s.ws.id, membershipId: m.id, isLocum: false, locumEndDate: '2026-08-31' }, ctx, noonPacific('2026-05-01'));
    expect(await db().membership.findUniqueOrThrow({ where: { id: m.id } })).toMatchObject({ isLocum: false, locumEndDate: null });
    expect((await effectiveStatusOf(db(), m.id, noonPacific('2026-09-01')))?.status).toBe('ACTIVE');
  });

  it('only a site admin of that worksite may set it; forged ids look missing', async () => {
    const s = await scene();
    const loc = await ensurePerson(db(), { givenName: 'Lou' });
    const m = await createMembership(db(), { worksiteId: s.ws.id, personId: loc.id });
    const input = { worksiteId: s.ws.id, membershipId: m.id, isLocum: true, locumEndDate: null };
    // A plain member; the locum themself.
    expect(await refusal(setLocum(loc.id, input, ctx))).toEqual({ code: 'NOT_FOUND', message: 'We could not find that worksite.' });
    // A site admin of another worksite posting this membership id under their own worksite.
    const otherAdmin = await ensurePerson(db(), { givenName: 'Otto' });
    const other = await createWorksite(db(), { creatorId: otherAdmin.id });
    await createMembership(db(), { worksiteId: other.id, personId: otherAdmin.id, siteAdmin: true });
    const forged = await refusal(setLocum(otherAdmin.id, { ...input, worksiteId: other.id }, ctx));
    expect(forged).toEqual({ code: 'NOT_FOUND', message: 'We could not find that member.' });
    expect(await refusal(setLocum(otherAdmin.id, { ...input, worksiteId: other.id, membershipId: randomUUID() }, ctx))).toEqual(forged);
    // A past end date; an on-behalf-of member.
    expect(await refusal(setLocum(s.doc.id, { ...input, locumEndDate: '2020-01-01' }, ctx))).toMatchObject({ code: 'VALIDATION' });
    const moa = await ensurePerson(db(), { givenName: 'Mara' });
    const moaM = await createMembership(db(), { worksiteId: s.ws.id, personId: moa.id, kind: 'ON_BEHALF_OF', status: 'PENDING_SPONSOR' });
    expect(await refusal(setLocum(s.doc.id, { ...input, membershipId: moaM.id }, ctx))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await db().membership.findUniqueOrThrow({ where: { id: m.id } })).isLocum).toBe(false);
  });
});
