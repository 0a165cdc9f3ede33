// Agreement versions (SPEC §15): who may publish, immutability in the database, the dashboard's
// prompt, acceptance pinning the version, access during and after the grace period, the counts.
// Publishing changes the current version for the rest of this file, so the steps run in order.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Profession, StaffRoleKind } from '@/generated/prisma/client';
import { pacificDate } from '@/lib/business-days';
import { DomainError } from '@/lib/errors';
import { accessForPerson } from '@/server/access/queries';
import { peopleAwaitingAgreement } from '@/server/agreements/queries';
import { agreementNotice, agreementPage, currentHpcaaVersion } from '@/server/agreements/queries';
import { publishVersion } from '@/server/agreements/publish';
import { addPacificDays, startOfPacificDate } from '@/server/agreements/rules';
import { acceptAgreement } from '@/server/agreements/service';
import { agreementsOverview } from '@/server/agreements/team-queries';
import { db } from '@/server/db';
import { submitDeclaration } from '@/server/declarations/service';
import { declarationPrompt } from '@/server/declarations/versions';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { ensureDeclarationVersion, validDeclaration } from '../factories/declarations';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { now } from '../support/clock';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-versions', ip: '198.51.100.9' };
const sctx = { ...ctx, userAgent: null };
const T0 = now();
const TODAY = pacificDate(T0);
const GRACE = 14;
const EFFECTIVE = startOfPacificDate(TODAY);
const DEADLINE = startOfPacificDate(pacificDate(addPacificDays(EFFECTIVE, GRACE)));
const text =
  'What changed\nVersion two adds a rule about printing screens. Read it before you accept it again.';
const input = (over: Record<string, unknown> = {}) => ({
  kind: 'HPCAA',
  title: 'Health Professional CareConnect Access Agreement',
  body: text,
  effectiveDate: TODAY,
  reacceptRequired: true,
  graceDays: GRACE,
  confirmed: true,
  ...over,
});

async function refused(p: Promise<unknown>, code: string): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  return e as DomainError;
}

const staff = (roles: StaffRoleKind[]) => ensurePerson(db(), { staffRoles: roles });

/** An approved professional with the course done, HPCAA v1 accepted, active at a worksite. */
async function practitioner(profession: Profession = 'PHYSICIAN') {
  const p = await ensurePerson(db(), {
    givenName: 'Priya',
    familyName: `Physician-${randomUUID().slice(0, 6)}`,
  });
  await createEnrolment(db(), { personId: p.id, profession, status: 'APPROVED' });
  await completeCourse(db(), { personId: p.id });
  await acceptHpcaa(db(), { personId: p.id });
  const ws = await createWorksite(db(), {
    creatorId: p.id,
    operatingName: `Clinic ${randomUUID().slice(0, 4)}`,
  });
  await createMembership(db(), { worksiteId: ws.id, personId: p.id, siteAdmin: true });
  return { ...p, ws };
}
const onsiteCodes = async (personId: string, at: Date) =>
  (await accessForPerson(personId, at))[0]!.onsite.reasons.map((r) => r.code);
const fullName = (p: { legalGivenName: string; legalFamilyName: string }) =>
  `${p.legalGivenName} ${p.legalFamilyName}`;

describe('agreement versions, in order', () => {
  let doc: Awaited<ReturnType<typeof practitioner>>;
  let moa: { id: string };
  let v2Id = '';

  it('only the enrolment team may publish; other roles change nothing', async () => {
    await ensureDeclarationVersion(db());
    await currentHpcaaVersion();
    doc = await practitioner();
    moa = await ensurePerson(db());
    await createEnrolment(db(), {
      personId: moa.id,
      profession: 'MEDICAL_OFFICE_ASSISTANT',
      status: 'APPROVED',
    });
    await acceptHpcaa(db(), { personId: moa.id });
    for (const roles of [[], ['AUDITOR'], ['STAFF_ADMIN']] as StaffRoleKind[][]) {
      const p = await staff(roles);
      await refused(publishVersion(p.id, input(), ctx, T0), 'FORBIDDEN');
    }
    expect(await db().agreementVersion.count({ where: { kind: 'HPCAA' } })).toBe(1);
    expect(
      await db().outboxEmail.count({ where: { template: 'agreement.hpcaa-reacceptance' } }),
    ).toBe(0);
  });

  it('refuses a past effective date, a grace period over 365 days and an unconfirmed publish, each next to its field', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const yesterday = pacificDate(addPacificDays(T0, -1));
    const past = await refused(
      publishVersion(team.id, input({ effectiveDate: yesterday }), ctx, T0),
      'VALIDATION',
    );
    expect(past.fieldErrors).toEqual({
      effectiveDate: 'The effective date cannot be in the past: choose today or a later date.',
    });
    const long = await refused(
      publishVersion(team.id, input({ graceDays: 366 }), ctx, T0),
      'VALIDATION',
    );
    expect(long.fieldErrors).toMatchObject({
      graceDays: 'The grace period can be at most 365 days.',
    });
    await refused(publishVersion(team.id, input({ confirmed: undefined }), ctx, T0), 'VALIDATION');
    expect(await db().agreementVersion.count({ where: { kind: 'HPCAA' } })).toBe(1);
  });

  it('the team publishes v2: audited, and one email per person who must accept, with the dates', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const holders = await db().person.count({
      where: { status: 'ACTIVE', acceptances: { some: {} } },
    });
    const r = await publishVersion(team.id, input(), ctx, T0);
    v2Id = r.versionId;
    expect(r).toMatchObject({ kind: 'HPCAA', version: 2, peopleEmailed: holders });
    const v2 = await db().agreementVersion.findUniqueOrThrow({ where: { id: r.versionId } });
    expect(v2).toMatchObject({
      effectiveAt: EFFECTIVE,
      reacceptRequired: true,
      graceDays: GRACE,
      publishedById: team.id,
    });
    const [event] = await db().auditEvent.findMany({
      where: { action: 'agreement.published', targetId: r.versionId },
    });
    expect(event).toMatchObject({
      actorType: 'STAFF',
      actorId: team.id,
      after: { kind: 'HPCAA', version: 2, graceDays: GRACE, peopleEmailed: holders },
    });
    const mail = await db().outboxEmail.findMany({
      where: { personId: doc.id, template: 'agreement.hpcaa-reacceptance' },
    });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.textBody).toContain('version 2');
    expect(mail[0]!.textBody).toMatch(/Accept it by \w+ \d+, \d{4} to keep your access/);
  });

  it('a published version cannot be changed or deleted, even by SQL', async () => {
    await expect(
      db().agreementVersion.update({ where: { id: v2Id }, data: { title: 'Edited' } }),
    ).rejects.toThrow(/immutable/);
    await expect(
      db().agreementVersion.update({ where: { id: v2Id }, data: { graceDays: 60 } }),
    ).rejects.toThrow(/immutable/);
    await expect(
      db().$executeRaw`DELETE FROM "AgreementVersion" WHERE id = ${v2Id}::uuid`,
    ).rejects.toThrow(/immutable/);
    const d1 = await ensureDeclarationVersion(db());
    await expect(
      db().declarationVersion.update({ where: { id: d1.id }, data: { body: 'Edited' } }),
    ).rejects.toThrow(/immutable/);
    await expect(db().declarationVersion.delete({ where: { id: d1.id } })).rejects.toThrow(
      /immutable/,
    );
    // Re-running the shipped version's upsert (seed, first read) still works: it changes nothing.
    await expect(ensureDeclarationVersion(db())).resolves.toMatchObject({ id: d1.id });
    expect(await db().agreementVersion.findUniqueOrThrow({ where: { id: v2Id } })).toMatchObject({
      title: 'Health Professional CareConnect Access Agreement',
      graceDays: GRACE,
    });
  });

  it('during the grace period: asked on the dashboard, access still allowed, listed as awaiting', async () => {
    const viewer = await viewerFor(doc.id);
    expect(await agreementNotice(viewer, new Date(EFFECTIVE.getTime() - 1))).toBeNull();
    expect(await agreementNotice(viewer, T0)).toEqual({
      version: 2,
      effectiveAt: EFFECTIVE,
      acceptBy: DEADLINE,
      overdue: false,
    });
    expect(await onsiteCodes(doc.id, T0)).toEqual([]);
    expect(await onsiteCodes(doc.id, new Date(DEADLINE.getTime() - 1))).toEqual([]);
    const awaiting = await peopleAwaitingAgreement(T0);
    expect(awaiting).toContainEqual({
      personId: doc.id,
      versionId: v2Id,
      version: 2,
      acceptBy: DEADLINE,
    });
    // A profession that does not sign the HPCAA is neither asked nor listed.
    expect(awaiting.map((a) => a.personId)).not.toContain(moa.id);
    expect(await agreementNotice(await viewerFor(moa.id), T0)).toBeNull();
    const page = await agreementPage(viewer, T0);
    expect(page).toMatchObject({
      state: 'accepted',
      current: { version: 2 },
      prompt: { version: 2, overdue: false },
    });
  });

  it('after the grace period: refused with AGREEMENT_NOT_ACCEPTED, to the millisecond', async () => {
    expect(await onsiteCodes(doc.id, DEADLINE)).toEqual(['AGREEMENT_NOT_ACCEPTED']);
    expect(await agreementNotice(await viewerFor(doc.id), DEADLINE)).toMatchObject({
      version: 2,
      overdue: true,
    });
  });

  it('the team sees the counts, and accepting pins v2 and its time and restores access', async () => {
    const team = await viewerFor((await staff(['AUDITOR'])).id);
    const before = (await agreementsOverview(team, T0))!.hpcaa.find((r) => r.version === 2)!;
    expect(before).toMatchObject({ phase: 'in-effect', reacceptRequired: true });
    expect(before.must).toBeGreaterThan(before.accepted);

    const at = new Date(DEADLINE.getTime() + 60_000);
    const r = await acceptAgreement(
      doc.id,
      { versionId: v2Id, agreed: true, typedName: fullName(doc) },
      ctx,
      at,
    );
    expect(r).toMatchObject({ version: 2, alreadyAccepted: false });
    const latest = await db().agreementAcceptance.findFirstOrThrow({
      where: { personId: doc.id },
      orderBy: { acceptedAt: 'desc' },
    });
    expect(latest).toMatchObject({ agreementVersionId: v2Id, acceptedAt: at });
    expect(await onsiteCodes(doc.id, at)).toEqual([]);
    expect(await agreementNotice(await viewerFor(doc.id), at)).toBeNull();
    expect((await peopleAwaitingAgreement(at)).map((a) => a.personId)).not.toContain(doc.id);

    const after = (await agreementsOverview(team, T0))!.hpcaa.find((r) => r.version === 2)!;
    expect(after.accepted).toBe(before.accepted + 1);
    expect(after.must).toBe(before.must);
    // Other people do not see the list.
    expect(await agreementsOverview(await viewerFor(doc.id), T0)).toBeNull();
  });

  it('accepting v2 again is a double submit: nothing new is recorded', async () => {
    const n = await db().agreementAcceptance.count({ where: { personId: doc.id } });
    const r = await acceptAgreement(
      doc.id,
      { versionId: v2Id, agreed: true, typedName: fullName(doc) },
      ctx,
      new Date(DEADLINE.getTime() + 120_000),
    );
    expect(r.alreadyAccepted).toBe(true);
    expect(await db().agreementAcceptance.count({ where: { personId: doc.id } })).toBe(n);
  });

  it('a version without re-acceptance leaves earlier acceptances counting and emails nobody', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const emails = await db().outboxEmail.count();
    const r = await publishVersion(
      team.id,
      input({ reacceptRequired: false, graceDays: 0 }),
      ctx,
      T0,
    );
    expect(r).toMatchObject({ version: 3, peopleEmailed: 0 });
    expect(await db().outboxEmail.count()).toBe(emails);
    const later = new Date(DEADLINE.getTime() + 86_400_000);
    expect(await onsiteCodes(doc.id, later)).toEqual([]);
    expect(await agreementNotice(await viewerFor(doc.id), later)).toBeNull();
  });

  it('a new declaration version keeps the statements, emails site admins and asks on the worksite page', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const d1 = await ensureDeclarationVersion(db());
    await db().worksite.update({ where: { id: doc.ws.id }, data: { status: 'ACTIVE' } });
    const signed = await validDeclaration(db(), {
      worksiteId: doc.ws.id,
      expectedStatus: 'ACTIVE',
    });
    await submitDeclaration(doc.id, signed.input, signed.upload, sctx);
    const viewer = await viewerFor(doc.id);
    expect(await declarationPrompt(viewer, doc.ws.id, T0)).toBeNull();

    const r = await publishVersion(
      team.id,
      input({ kind: 'DECLARATION', title: 'Privacy & Security Declaration', graceDays: 30 }),
      ctx,
      T0,
    );
    const d2 = await db().declarationVersion.findUniqueOrThrow({ where: { id: r.versionId } });
    expect(d2).toMatchObject({
      version: d1.version + 1,
      safeguards: d1.safeguards,
      reacceptRequired: true,
      graceDays: 30,
    });
    const mail = await db().outboxEmail.findMany({
      where: { personId: doc.id, template: 'worksite.declaration-new-version' },
    });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(doc.ws.worksiteCode);
    expect(await declarationPrompt(viewer, doc.ws.id, T0)).toMatchObject({
      version: d2.version,
      overdue: false,
    });
    // Not a site admin there: nothing is shown.
    expect(await declarationPrompt(await viewerFor(moa.id), doc.ws.id, T0)).toBeNull();
    const overview = (await agreementsOverview(await viewerFor(team.id), T0))!;
    expect(overview.declaration[0]).toMatchObject({ version: d2.version, phase: 'in-effect' });
    const signedBefore = overview.declaration[0]!.accepted;

    // The site admin signs the new version: the worksite stays active and is no longer asked.
    const r2 = await submitDeclaration(
      doc.id,
      { ...signed.input, versionId: d2.id },
      signed.upload,
      sctx,
    );
    expect(r2.status).toBe('ACTIVE');
    expect(await declarationPrompt(viewer, doc.ws.id)).toBeNull();
    expect((await agreementsOverview(await viewerFor(team.id), T0))!.declaration[0]!.accepted).toBe(
      signedBefore + 1,
    );
  });
});
