// The access decision's facts are read in one statement (docs/decisions/026): on varied data it
// must give exactly the snapshot the earlier per-relation Prisma reads gave, hence the same
// decisions, for the API (loadAccessFacts) and for the dashboard (accessForPerson).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Profession } from '@/generated/prisma/client';
import { accessForPerson, loadAccessFacts, type WorksiteRef } from '@/server/access/queries';
import { decideAccess } from '@/server/access/rules';
import { countRoundTrips, db } from '@/server/db';
import { viewerAccountState } from '@/server/viewer-accounts/queries';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { accessForPersonByPrisma, loadAccessSnapshotByPrisma } from '../support/access-snapshot-prisma';
import { now } from '../support/clock';

const DAY = 86_400_000;
const ago = (days: number) => new Date(now().getTime() - days * DAY);
const dateOnly = (d: Date) => new Date(`${d.toISOString().slice(0, 10)}T00:00:00Z`);

type Who = { id: string; subject: string };
const people: Who[] = [];
const places: WorksiteRef[] = [];

async function person(name: string, p: {
  profession?: Profession;
  enrolment?: 'APPROVED' | 'IN_REVIEW' | 'SUSPENDED' | 'DRAFT' | null;
  course?: boolean;
  hpcaaAt?: Date | null;
  suspended?: boolean;
  residencyEnd?: Date;
}): Promise<Who> {
  const subject = `sub-${randomUUID()}`;
  const x = await ensurePerson(db(), { givenName: name, familyName: 'Snapshot', subject });
  if (p.enrolment !== null) {
    const e = await createEnrolment(db(), { personId: x.id, profession: p.profession ?? 'PHYSICIAN', status: p.enrolment ?? 'APPROVED' });
    if (p.residencyEnd) await db().enrolment.update({ where: { id: e.id }, data: { residencyEnd: dateOnly(p.residencyEnd) } });
  }
  if (p.course !== false) await completeCourse(db(), { personId: x.id });
  if (p.hpcaaAt !== null) await acceptHpcaa(db(), { personId: x.id, acceptedAt: p.hpcaaAt ?? now() });
  if (p.suspended) await db().person.update({ where: { id: x.id }, data: { status: 'SUSPENDED' } });
  const who = { id: x.id, subject };
  people.push(who);
  return who;
}

beforeAll(async () => {
  const doc = await person('Priya', {});
  const ws = await createWorksite(db(), { creatorId: doc.id, operatingName: 'Snapshot Clinic' });
  await db().worksite.update({ where: { id: ws.id }, data: { roleContext: 'PRIMARY_CARE', pharmanetEnabled: true } });
  const suspended = await createWorksite(db(), { creatorId: doc.id, status: 'SUSPENDED', operatingName: 'Closed for now' });
  const noApps = await createWorksite(db(), { creatorId: doc.id, operatingName: 'Registration only' });
  await db().worksite.update({ where: { id: noApps.id }, data: { locationType: 'NO_CLINICAL_APPS' } });
  places.push(
    { worksiteCode: ws.worksiteCode },
    { worksiteId: ws.id },
    { worksiteCode: suspended.worksiteCode },
    { worksiteId: noApps.id },
    { worksiteCode: 'ZZZ9999' }, // unknown worksite
  );
  const docM = await createMembership(db(), { worksiteId: ws.id, personId: doc.id, siteAdmin: true });
  await createMembership(db(), { worksiteId: suspended.id, personId: doc.id });
  await createMembership(db(), { worksiteId: noApps.id, personId: doc.id, status: 'ENDED' });
  await db().remoteAccessRequest.create({ data: { membershipId: docM.id, status: 'APPROVED' } });
  await db().pharmanetUserRequest.create({ data: { membershipId: docM.id, status: 'APPROVED' } });

  // Sponsors: one who qualifies, one whose own membership is inactive, one not yet approved.
  const np = await person('Nadia', { profession: 'NURSE_PRACTITIONER' });
  const npM = await createMembership(db(), { worksiteId: ws.id, personId: np.id, status: 'INACTIVE' });
  const rn = await person('Rita', { profession: 'REGISTERED_NURSE', enrolment: 'IN_REVIEW' });
  const rnM = await createMembership(db(), { worksiteId: ws.id, personId: rn.id });
  const sponsor = (obo: string, by: string, decidedAt: Date | null, status: 'ACTIVE' | 'ENDED' = 'ACTIVE') =>
    db().sponsorship.create({ data: { oboMembershipId: obo, sponsorMembershipId: by, status, decidedAt } });

  const moa = await person('Mara', { profession: 'MEDICAL_OFFICE_ASSISTANT' });
  const moaM = await createMembership(db(), { worksiteId: ws.id, personId: moa.id, kind: 'ON_BEHALF_OF' });
  // Two who qualify: the earlier agreed names the business role.
  const paul = await person('Paul', {});
  const paulM = await createMembership(db(), { worksiteId: ws.id, personId: paul.id });
  await sponsor(moaM.id, npM.id, ago(3));
  await sponsor(moaM.id, docM.id, ago(2));
  await sponsor(moaM.id, paulM.id, ago(4));
  await sponsor(moaM.id, rnM.id, null);
  const lonely = await person('Lone', { profession: 'MEDICAL_OFFICE_ASSISTANT' }); // sponsor missing
  const lonelyM = await createMembership(db(), { worksiteId: ws.id, personId: lonely.id, kind: 'ON_BEHALF_OF' });
  await sponsor(lonelyM.id, npM.id, ago(1));
  await sponsor(lonelyM.id, docM.id, ago(5), 'ENDED');

  const locum = await person('Luca', {}); // locum ended three days ago
  const locumM = await createMembership(db(), { worksiteId: ws.id, personId: locum.id, locum: true });
  await db().membership.update({ where: { id: locumM.id }, data: { locumEndDate: dateOnly(ago(3)) } });
  const locumOn = await person('Lina', {}); // locum ending next month
  const locumOnM = await createMembership(db(), { worksiteId: ws.id, personId: locumOn.id, locum: true });
  await db().membership.update({ where: { id: locumOnM.id }, data: { locumEndDate: dateOnly(ago(-30)) } });
  const resident = await person('Remy', { profession: 'RESIDENT_PHYSICIAN', residencyEnd: ago(2) });
  await createMembership(db(), { worksiteId: ws.id, personId: resident.id });

  const expired = await person('Ezra', { hpcaaAt: ago(400) }); // HPCAA expired
  await createMembership(db(), { worksiteId: ws.id, personId: expired.id });
  const never = await person('Nora', { hpcaaAt: null, course: false });
  await createMembership(db(), { worksiteId: ws.id, personId: never.id, status: 'PENDING_REVIEW' });
  const held = await person('Hugo', { suspended: true, enrolment: 'SUSPENDED' });
  await createMembership(db(), { worksiteId: ws.id, personId: held.id, status: 'INACTIVE' });
  await person('Dana', { enrolment: 'DRAFT' });
  await person('Nobody', { enrolment: null, hpcaaAt: null, course: false });
  people.push({ id: randomUUID(), subject: `sub-${randomUUID()}` }); // unknown person

  // Viewer accounts in each state the answer can show.
  const account = (p: Who, d: { passwordHash?: string; passwordExpiresAt?: Date; lockedUntil?: Date }) =>
    db().viewerAccount.create({ data: { personId: p.id, username: `u${randomUUID().slice(0, 12)}`, ...d } });
  await account(doc, { passwordHash: '$argon2id$x', passwordExpiresAt: ago(-30) });
  await account(moa, {});
  await account(expired, { passwordHash: '$argon2id$x', passwordExpiresAt: ago(1) });
  await account(locumOn, { passwordHash: '$argon2id$x', passwordExpiresAt: ago(-30), lockedUntil: ago(-0.01) });
});

/** Reason codes the fixtures produced, so the comparison is known to cover them. */
const seen = new Set<string>();

async function expectSameEverywhere() {
  const at = now();
  for (const p of people) {
    for (const where of places) {
      for (const who of [{ subject: p.subject }, { personId: p.id }]) {
        const one = await loadAccessFacts(who, where, at);
        const old = await loadAccessSnapshotByPrisma(db(), who, where, at);
        expect(one.snapshot).toEqual(old);
        for (const loc of ['onsite', 'remote'] as const) {
          const d = decideAccess(one.snapshot, loc);
          expect(d).toEqual(decideAccess(old, loc));
          for (const r of d.reasons) seen.add(r.code);
          if (d.allowed) seen.add(`allowed:${loc}${d.pharmanet ? '+pharmanet' : ''}${d.businessRole?.onBehalfOf ? '+obo' : ''}`);
        }
        if (one.snapshot.person) expect(one.viewerAccount).toEqual(await viewerAccountState(p.id, at));
        else expect(one.viewerAccount).toBeNull();
      }
    }
    expect(await accessForPerson(p.id, at)).toEqual(await accessForPersonByPrisma(p.id, at));
  }
}

describe('the one-statement access snapshot', () => {
  it('equals the per-relation reads for every person × worksite, with and without a newer HPCAA', async () => {
    await expectSameEverywhere();
    // A version in force whose grace period is over, and one that takes effect next week.
    const v1 = await db().agreementVersion.findFirstOrThrow({ where: { kind: 'HPCAA' }, orderBy: { version: 'desc' } });
    const base = { kind: 'HPCAA' as const, title: v1.title, body: v1.body, reacceptRequired: true };
    await db().agreementVersion.create({ data: { ...base, version: v1.version + 1, publishedAt: ago(20), effectiveAt: ago(15), graceDays: 7 } });
    await db().agreementVersion.create({ data: { ...base, version: v1.version + 2, publishedAt: ago(1), effectiveAt: ago(-7), graceDays: 0 } });
    await expectSameEverywhere();
    expect([...seen].sort()).toEqual(expect.arrayContaining([
      'AGREEMENT_NOT_ACCEPTED', 'ENROLMENT_NOT_APPROVED', 'ENROLMENT_SUSPENDED', 'HPCAA_EXPIRED', 'HPCAA_NOT_ACCEPTED',
      'LOCUM_ENDED', 'MEMBERSHIP_NOT_ACTIVE', 'NOT_ENROLLED', 'NOT_FOUND', 'NO_ACTIVE_SPONSOR', 'PERSON_SUSPENDED',
      'PRIVACY_COURSE_INCOMPLETE', 'REMOTE_NOT_ALLOWED_FOR_PROFESSION', 'REMOTE_NOT_GRANTED', 'RESIDENCY_ENDED',
      'WORKSITE_NO_CLINICAL_APPS', 'WORKSITE_SUSPENDED', 'allowed:onsite+obo', 'allowed:remote+pharmanet',
    ]));
  });

  it('costs one round trip, for the API and for the dashboard', async () => {
    const p = people[0]!;
    const api = await countRoundTrips(() => loadAccessFacts({ subject: p.subject }, places[0]!, now()));
    expect(api.result.snapshot.person?.id).toBe(p.id);
    expect(api.roundTrips).toBe(1);
    const dash = await countRoundTrips(() => accessForPerson(p.id, now()));
    expect(dash.result.length).toBe(2); // the ENDED membership is not listed
    expect(dash.roundTrips).toBe(1);
  });
});
