import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { agreementPage, currentHpcaaVersion, personHpcaaState } from '@/server/agreements/queries';
import { acceptAgreement, publishHpcaaVersion, STALE_VERSION_MESSAGE } from '@/server/agreements/service';
import { db } from '@/server/db';
import { HPCAA_V1, ensureHpcaaVersion } from '../../prisma/seed-data/hpcaa-v1';
import { completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { ensurePerson } from '../factories/people';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-hpcaa-1', ip: '198.51.100.4' };

async function person(spec: { givenName?: string; familyName?: string } = {}) {
  return ensurePerson(db(), { givenName: spec.givenName ?? 'Alexandra', familyName: spec.familyName ?? `Nguyen-${crypto.randomUUID().slice(0, 6)}` });
}
const fullName = (p: { legalGivenName: string; legalFamilyName: string }) => `${p.legalGivenName} ${p.legalFamilyName}`;
const acceptances = (personId: string) => db().agreementAcceptance.count({ where: { personId } });

async function refused(p: Promise<unknown>, code: string): Promise<DomainError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  return e as DomainError;
}

describe('version 1', () => {
  it('ensureHpcaaVersion publishes v1 once, even when called concurrently', async () => {
    const results = await Promise.all([ensureHpcaaVersion(db()), ensureHpcaaVersion(db()), ensureHpcaaVersion(db())]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await db().agreementVersion.count({ where: { kind: 'HPCAA', version: 1 } })).toBe(1);
    expect(results[0]).toMatchObject({ version: 1, title: HPCAA_V1.title, body: HPCAA_V1.body });
  });
});

describe('acceptAgreement', () => {
  it('records the version and the time, audits it, and the page then shows it accepted', async () => {
    const p = await person();
    const v = await currentHpcaaVersion();
    const before = await agreementPage(await viewerFor(p.id));
    expect(before).toMatchObject({ state: 'missing', accepted: null, needed: null, legalName: fullName(p) });
    expect(before!.current.sections[0]).toEqual({ heading: 'What CareConnect is', paragraphs: [expect.stringContaining('eHealth viewer')] });

    const at = new Date('2026-11-22T20:00:00Z');
    const r = await acceptAgreement(p.id, { versionId: v.id, agreed: true, typedName: `  ${fullName(p).toUpperCase()} ` }, ctx, at);
    expect(r).toEqual({ version: v.version, acceptedAt: at, expiresOn: '2027-11-22', alreadyAccepted: false });
    const [row] = await db().agreementAcceptance.findMany({ where: { personId: p.id } });
    expect(row).toMatchObject({ agreementVersionId: v.id, acceptedAt: at, typedName: fullName(p).toUpperCase() });
    const [event] = await db().auditEvent.findMany({ where: { action: 'agreement.accepted', personId: p.id } });
    expect(event).toMatchObject({ actorType: 'PERSON', actorId: p.id, requestId: 'req-hpcaa-1', after: { version: v.version, agreementVersionId: v.id } });

    const page = await agreementPage(await viewerFor(p.id), new Date('2026-12-01T20:00:00Z'));
    expect(page).toMatchObject({ state: 'accepted', accepted: { version: v.version, acceptedAt: at, expiresOn: '2027-11-22' } });
  });

  it('accepts the preferred name too', async () => {
    const p = await person({ givenName: 'Robert' });
    await db().person.update({ where: { id: p.id }, data: { preferredGivenName: 'Bob' } });
    const v = await currentHpcaaVersion();
    await acceptAgreement(p.id, { versionId: v.id, agreed: true, typedName: `bob ${p.legalFamilyName}` }, ctx);
    expect(await acceptances(p.id)).toBe(1);
  });

  it.each([
    ['someone else’s name', (p: { legalFamilyName: string }) => `Jane ${p.legalFamilyName}`],
    ['only the first name', () => 'Alexandra'],
    ['an empty name', () => '   '],
  ])('refuses %s, naming the typed name field, and records nothing', async (_n, typed) => {
    const p = await person();
    const v = await currentHpcaaVersion();
    const e = await refused(acceptAgreement(p.id, { versionId: v.id, agreed: true, typedName: typed(p) }, ctx), 'VALIDATION');
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(['typedName']);
    expect(await acceptances(p.id)).toBe(0);
    expect(await db().auditEvent.count({ where: { action: 'agreement.accepted', personId: p.id } })).toBe(0);
  });

  it('refuses without the box ticked, and an unknown version id', async () => {
    const p = await person();
    const v = await currentHpcaaVersion();
    const e = await refused(acceptAgreement(p.id, { versionId: v.id, agreed: false, typedName: fullName(p) }, ctx), 'VALIDATION');
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(['agreed']);
    await refused(acceptAgreement(p.id, { versionId: crypto.randomUUID(), agreed: true, typedName: fullName(p) }, ctx), 'NOT_FOUND');
    expect(await acceptances(p.id)).toBe(0);
  });

  it('a double submit records once', async () => {
    const p = await person();
    const v = await currentHpcaaVersion();
    const input = { versionId: v.id, agreed: true as const, typedName: fullName(p) };
    const results = await Promise.all([acceptAgreement(p.id, input, ctx), acceptAgreement(p.id, input, ctx)]);
    expect(results.map((r) => r.alreadyAccepted).sort()).toEqual([false, true]);
    expect(await acceptances(p.id)).toBe(1);
  });

  it('expires 12 calendar months after acceptance and can be accepted again', async () => {
    const p = await person();
    const v = await currentHpcaaVersion();
    const at = new Date('2026-11-22T20:00:00Z');
    await acceptAgreement(p.id, { versionId: v.id, agreed: true, typedName: fullName(p) }, ctx, at);
    expect((await agreementPage(await viewerFor(p.id), new Date('2027-11-21T20:00:00Z')))!.state).toBe('accepted');
    const later = new Date('2027-11-22T20:00:00Z');
    expect((await agreementPage(await viewerFor(p.id), later))!.state).toBe('expired');
    expect((await personHpcaaState(db(), p.id, later)).state).toBe('expired');

    const r = await acceptAgreement(p.id, { versionId: v.id, agreed: true, typedName: fullName(p) }, ctx, later);
    expect(r).toMatchObject({ alreadyAccepted: false, expiresOn: '2028-11-22' });
    expect((await agreementPage(await viewerFor(p.id), later))!.state).toBe('accepted');
    expect(await acceptances(p.id)).toBe(2);
  });

  it('moves a submitted enrolment into review when the agreement was the last step', async () => {
    const p = await person();
    const enrolment = await createEnrolment(db(), { personId: p.id, status: 'SUBMITTED', profession: 'PHYSICIAN' });
    await completeCourse(db(), { personId: p.id });
    const v = await currentHpcaaVersion();
    expect((await agreementPage(await viewerFor(p.id)))!).toMatchObject({ needed: true, professionLabel: 'Physician' });
    await acceptAgreement(p.id, { versionId: v.id, agreed: true, typedName: fullName(p) }, ctx);
    expect((await db().enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).status).toBe('IN_REVIEW');
    expect(await db().auditEvent.count({ where: { action: 'enrolment.review_started', personId: p.id } })).toBe(1);
  });

  it('tells a profession that does not need it', async () => {
    const p = await person();
    await createEnrolment(db(), { personId: p.id, status: 'DRAFT', profession: 'MEDICAL_OFFICE_ASSISTANT' });
    expect((await agreementPage(await viewerFor(p.id)))!).toMatchObject({ needed: false, professionLabel: 'Medical Office Assistant' });
  });
});

// Publishing changes the current version for the rest of this file, so it runs last.
describe('publishHpcaaVersion', () => {
  const v2 = {
    title: 'Health Professional CareConnect Access Agreement',
    body: 'What changed\nVersion 2 adds rules about printing. Read it carefully before you accept it again, please.',
  };

  it('refuses anyone but the enrolment team', async () => {
    const auditor = await ensurePerson(db(), { staffRoles: ['AUDITOR'] });
    const nobody = await ensurePerson(db());
    const before = (await currentHpcaaVersion()).version;
    await refused(publishHpcaaVersion(auditor.id, v2, ctx), 'FORBIDDEN');
    await refused(publishHpcaaVersion(nobody.id, v2, ctx), 'FORBIDDEN');
    expect((await currentHpcaaVersion()).version).toBe(before);
  });

  it('supersedes v1 and emails each person who accepted an older version, once, in one transaction', async () => {
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const v1 = await currentHpcaaVersion();
    expect(v1.version).toBe(1);
    const accepted = await person();
    const twice = await person();
    const never = await person();
    await acceptAgreement(accepted.id, { versionId: v1.id, agreed: true, typedName: fullName(accepted) }, ctx);
    await acceptAgreement(twice.id, { versionId: v1.id, agreed: true, typedName: fullName(twice) }, ctx, new Date('2025-06-01T20:00:00Z'));
    await acceptAgreement(twice.id, { versionId: v1.id, agreed: true, typedName: fullName(twice) }, ctx);
    const everyoneWithV1 = await db().person.count({ where: { acceptances: { some: {} } } });

    const r = await publishHpcaaVersion(team.id, v2, ctx);
    expect(r).toMatchObject({ version: 2, peopleEmailed: everyoneWithV1 });
    expect((await currentHpcaaVersion()).version).toBe(2);

    for (const p of [accepted, twice]) {
      const emails = await db().outboxEmail.findMany({ where: { personId: p.id, template: 'agreement.hpcaa-reacceptance' } });
      expect(emails).toHaveLength(1);
      expect(emails[0]).toMatchObject({ toAddress: p.contactEmail, subject: 'HPCAA re-acceptance needed', status: 'PENDING' });
      expect(emails[0]!.textBody).toContain('version 2');
      expect(emails[0]!.textBody).toContain('/agreement');
      expect((await agreementPage(await viewerFor(p.id)))!.state).toBe('superseded');
    }
    expect(await db().outboxEmail.count({ where: { personId: never.id } })).toBe(0);
    expect((await agreementPage(await viewerFor(never.id)))!.state).toBe('missing');
    const [event] = await db().auditEvent.findMany({ where: { action: 'agreement.published' } });
    expect(event).toMatchObject({ actorType: 'STAFF', actorId: team.id, after: { version: 2, peopleEmailed: everyoneWithV1 } });
  });

  it('refuses an acceptance from a page that still shows the old version', async () => {
    const p = await person();
    const v1 = await db().agreementVersion.findUniqueOrThrow({ where: { kind_version: { kind: 'HPCAA', version: 1 } } });
    const e = await refused(acceptAgreement(p.id, { versionId: v1.id, agreed: true, typedName: fullName(p) }, ctx), 'CONFLICT');
    expect(e.message).toBe(STALE_VERSION_MESSAGE);
    expect(await acceptances(p.id)).toBe(0);
    // Reading the current version and accepting it works.
    const current = await currentHpcaaVersion();
    await acceptAgreement(p.id, { versionId: current.id, agreed: true, typedName: fullName(p) }, ctx);
    expect((await agreementPage(await viewerFor(p.id)))!).toMatchObject({ state: 'accepted', accepted: { version: 2 } });
  });

  it('two concurrent publications get distinct version numbers', async () => {
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const results = await Promise.all([publishHpcaaVersion(team.id, v2, ctx), publishHpcaaVersion(team.id, v2, ctx)]);
    expect(results.map((r) => r.version).sort()).toEqual([3, 4]);
  });
});
