import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffRoleKind, WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { declarationForm, latestDeclaration } from '@/server/declarations/queries';
import { canSubmitDeclaration, declarationFlags, pacificDate } from '@/server/declarations/rules';
import { declarationFieldsSchema, SIGNATURE_MISMATCH, SIGNING_AUTHORITY_REQUIRED } from '@/server/declarations/schema';
import { submitDeclaration } from '@/server/declarations/service';
import { snapshotHash } from '@/server/submission-snapshot';
import { env } from '@/server/env';
import { openFileForViewing } from '@/server/files/access';
import { DECLARATION_V1 } from '../../prisma/seed-data/declaration-v1';
import { declarationInput, ensureDeclarationVersion, smallPng, validDeclaration } from '../factories/declarations';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { now } from '../support/clock';
import { viewerFor } from '../support/viewer';

// The download route reads the session through currentPerson(); tests decide who is signed in.
const session = vi.hoisted(() => ({ person: null as null | { id: string; displayName: string; staffRoles: StaffRoleKind[] } }));
vi.mock('@/server/auth/session', () => ({ currentPerson: async () => session.person }));
const { GET: downloadFile } = await import('@/app/api/files/[id]/route');

const ctx = { requestId: 'req-declaration', ip: '198.51.100.4', userAgent: 'vitest' };
const KEYS = DECLARATION_V1.safeguards.map((s) => s.key);

async function site(status: WorksiteStatus = 'AWAITING_DECLARATION', extra: { locationType?: 'NO_CLINICAL_APPS' } = {}) {
  const admin = await ensurePerson(db(), { givenName: 'Dana', familyName: 'Signer' });
  const worksite = await createWorksite(db(), { creatorId: admin.id, status });
  if (extra.locationType) await db().worksite.update({ where: { id: worksite.id }, data: { locationType: extra.locationType } });
  await addMember(db(), { worksiteId: worksite.id, personId: admin.id, siteAdmin: true });
  const { version, input, upload } = await validDeclaration(db(), { worksiteId: worksite.id, expectedStatus: status });
  return { admin, worksite, version, input, upload };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

async function expectNothingStored(worksiteId: string, status: WorksiteStatus, filesBefore: number) {
  expect(await db().storedFile.count()).toBe(filesBefore);
  expect(await db().declaration.count({ where: { worksiteId } })).toBe(0);
  expect(await db().submissionSnapshot.count({ where: { worksiteId } })).toBe(0);
  expect(await db().auditEvent.count({ where: { worksiteId } })).toBe(0);
  expect(await db().outboxEmail.count({ where: { worksiteId } })).toBe(0);
  expect(await db().worksiteStatusChange.count({ where: { worksiteId } })).toBe(0);
  expect((await db().worksite.findUniqueOrThrow({ where: { id: worksiteId } })).status).toBe(status);
}

describe('declaration schema and rules', () => {
  const schema = declarationFieldsSchema(KEYS);
  const base = declarationInput({ worksiteId: randomUUID(), versionId: randomUUID(), signerName: 'Jo Smith' });

  it('accepts a complete declaration; a typed signature may differ in case and spacing', () => {
    const r = schema.parse({ ...base, typedSignature: '  jo   SMITH ', answers: { ...base.answers, firewall: { answer: 'no', explanation: '  Router firewall only. ' } } });
    expect(r.typedSignature).toBe('jo SMITH');
    expect(r.answers.firewall).toEqual({ answer: 'no', explanation: 'Router firewall only.' });
    expect(r.answers['screen-lock']).toEqual({ answer: 'yes', explanation: null });
  });

  it('reports every problem at once, each on its field', () => {
    const r = schema.safeParse({
      ...base,
      answers: { ...base.answers, firewall: { answer: 'no', explanation: 'short' }, 'screen-lock': undefined },
      attestsSigningAuthority: false,
      typedSignature: 'Somebody Else',
    });
    expect(r.success).toBe(false);
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath).toEqual({
      'answers.firewall.explanation': 'Explain why, and what the worksite does instead (at least 10 characters)',
      'answers.screen-lock.answer': 'Answer yes or no',
      attestsSigningAuthority: SIGNING_AUTHORITY_REQUIRED,
      typedSignature: SIGNATURE_MISMATCH,
    });
  });

  it('refuses a date from the browser, unknown statements and unknown fields', () => {
    expect(schema.safeParse({ ...base, signedOn: '2020-01-01' }).success).toBe(false);
    expect(schema.safeParse({ ...base, answers: { ...base.answers, extra: { answer: 'yes' } } }).success).toBe(false);
    expect(schema.safeParse({ ...base, answers: { ...base.answers, firewall: { answer: 'maybe', explanation: '' } } }).success).toBe(false);
  });

  it('flags the "no" answers in statement order', () => {
    const answers = Object.fromEntries(KEYS.map((k) => [k, { answer: 'yes' as const, explanation: null }]));
    answers['physical-security'] = { answer: 'no', explanation: 'Open reception desk.' } as never;
    answers['firewall'] = { answer: 'no', explanation: 'Router only.' } as never;
    expect(declarationFlags(answers, KEYS)).toEqual([
      { key: 'firewall', explanation: 'Router only.' },
      { key: 'physical-security', explanation: 'Open reception desk.' },
    ]);
  });

  it('an active worksite signs again only when a newer text is due', () => {
    const c = { status: 'ACTIVE' as const, locationType: 'PRIVATE_PRACTICE_CLINIC' as const, reviewStateBeforeChanges: null, currentVersion: 2 };
    expect(canSubmitDeclaration({ ...c, declarationVersionDue: null, latestSignedVersion: 2 }).ok).toBe(false);
    expect(canSubmitDeclaration({ ...c, declarationVersionDue: null, latestSignedVersion: 1 }).ok).toBe(true);
    expect(canSubmitDeclaration({ ...c, declarationVersionDue: 2, latestSignedVersion: 2 }).ok).toBe(true);
    expect(canSubmitDeclaration({ ...c, status: 'INTAKE_SUBMITTED', declarationVersionDue: null, latestSignedVersion: null }).ok).toBe(false);
  });

  it('dates a signature in Pacific time', () => {
    expect(pacificDate(new Date('2026-03-01T07:30:00Z'))).toBe('2026-02-28'); // 11:30 p.m. in Victoria
    expect(pacificDate(new Date('2026-07-01T19:00:00Z'))).toBe('2026-07-01');
  });
});

describe('submitDeclaration', () => {
  it('a site admin signs: the worksite moves on, answers, file, snapshot, audit and emails are stored together', async () => {
    const { admin, worksite, version, upload } = await site();
    const coAdmin = await ensurePerson(db(), { email: 'co-admin@example.com' });
    await addMember(db(), { worksiteId: worksite.id, personId: coAdmin.id, siteAdmin: true });
    const input = declarationInput({
      worksiteId: worksite.id,
      versionId: version.id,
      answers: { 'encrypted-wifi': { answer: 'no', explanation: 'We use a wired network only; there is no Wi-Fi.' } },
    });

    const r = await submitDeclaration(admin.id, input, upload, ctx);
    expect(r.status).toBe('DECLARATION_SUBMITTED');

    const ws = await db().worksite.findUniqueOrThrow({ where: { id: worksite.id } });
    expect(ws.status).toBe('DECLARATION_SUBMITTED');
    const history = await db().worksiteStatusChange.findMany({ where: { worksiteId: worksite.id } });
    expect(history).toMatchObject([{ fromStatus: 'AWAITING_DECLARATION', toStatus: 'DECLARATION_SUBMITTED', actorId: admin.id }]);

    const d = await db().declaration.findUniqueOrThrow({ where: { id: r.declarationId }, include: { answers: true } });
    expect(d).toMatchObject({
      worksiteId: worksite.id,
      versionId: version.id,
      signerName: 'Dana Signer',
      signerTitle: 'Clinic Manager',
      typedSignature: 'Dana Signer',
      attestsSigningAuthority: true,
      submittedById: admin.id,
      hasFlaggedAnswers: true,
      antivirusFileId: r.antivirusFileId,
    });
    expect(d.signedOn.toISOString().slice(0, 10)).toBe(pacificDate(now()));
    expect(d.answers).toHaveLength(10);
    expect(d.answers.find((a) => a.safeguardKey === 'encrypted-wifi')).toMatchObject({ answer: false, explanation: 'We use a wired network only; there is no Wi-Fi.' });
    expect(d.answers.filter((a) => a.answer)).toHaveLength(9);

    const [snapshot] = await db().submissionSnapshot.findMany({ where: { targetId: d.id } });
    expect(snapshot).toMatchObject({ kind: 'DECLARATION', worksiteId: worksite.id, submittedById: admin.id });
    const data = snapshot!.data as Record<string, unknown>;
    expect(data).toMatchObject({
      version: { id: version.id, version: 1 },
      signer: { name: 'Dana Signer', title: 'Clinic Manager', typedSignature: 'Dana Signer', attestsSigningAuthority: true },
      antivirusFile: { id: r.antivirusFileId, sha256: r.sha256 },
    });
    expect((data.answers as unknown[]).length).toBe(10);
    expect(snapshot!.sha256).toBe(snapshotHash(snapshot!.data)); // recomputable from what is stored
    await expect(db().submissionSnapshot.update({ where: { id: snapshot!.id }, data: { sha256: 'x' } })).rejects.toThrow(/append-only/);

    const [event] = await db().auditEvent.findMany({ where: { worksiteId: worksite.id, action: 'worksite.declaration_submitted' } });
    expect(event).toMatchObject({
      actorType: 'PERSON',
      actorId: admin.id,
      targetType: 'DECLARATION',
      targetId: d.id,
      requestId: 'req-declaration',
      ip: '198.51.100.4',
      before: { status: 'AWAITING_DECLARATION' },
      after: { status: 'DECLARATION_SUBMITTED', flaggedItems: ['encrypted-wifi'], antivirusSha256: r.sha256, version: 1 },
    });

    const emails = await db().outboxEmail.findMany({ where: { worksiteId: worksite.id }, orderBy: { toAddress: 'asc' } });
    const toAdmins = emails.filter((e) => e.template === 'worksite.declaration-received');
    expect(toAdmins.map((e) => e.toAddress).sort()).toEqual([admin.contactEmail, 'co-admin@example.com'].sort());
    for (const e of toAdmins) {
      expect(e.subject).toContain(`Worksite ID ${worksite.worksiteCode}`);
      expect(e.textBody).toContain('Dana Signer signed version 1');
      expect(e.textBody).toContain(`/worksites/${worksite.id}`);
    }
    const team = emails.filter((e) => e.template === 'team.declaration-submitted');
    expect(team).toHaveLength(1);
    expect(team[0]).toMatchObject({ toAddress: env().TEAM_MAILBOX });
    expect(team[0]!.subject).toContain('1 flagged');
    expect(team[0]!.textBody).toContain('We use a wired network only; there is no Wi-Fi.');
    expect(team[0]!.textBody).toContain(`Worksite ID ${worksite.worksiteCode}`);
  });

  it('all "yes" is not flagged', async () => {
    const { admin, input, upload } = await site();
    const r = await submitDeclaration(admin.id, input, upload, ctx);
    expect((await db().declaration.findUniqueOrThrow({ where: { id: r.declarationId } })).hasFlaggedAnswers).toBe(false);
  });

  it.each([
    ['a "no" without an explanation', { answers: { firewall: { answer: 'no', explanation: '' } } }, 'answers.firewall.explanation'],
    ['a "no" with a too-short explanation', { answers: { firewall: { answer: 'no', explanation: 'n/a' } } }, 'answers.firewall.explanation'],
    ['a statement left unanswered', { answers: { 'screen-lock': { explanation: '' } } }, 'answers.screen-lock.answer'],
    ['a typed signature that does not match', { overrides: { typedSignature: 'D. Signer' } }, 'typedSignature'],
    ['no signing-authority attestation', { overrides: { attestsSigningAuthority: false } }, 'attestsSigningAuthority'],
  ] as const)('refuses %s and stores nothing', async (_name, spec, field) => {
    const { admin, worksite, version, upload } = await site();
    const filesBefore = await db().storedFile.count();
    const input = declarationInput({ worksiteId: worksite.id, versionId: version.id, ...spec });
    const e = await refusal(submitDeclaration(admin.id, input, upload, ctx));
    expect(e.code).toBe('VALIDATION');
    expect(Object.keys(e.fieldErrors ?? {})).toEqual([field]);
    await expectNothingStored(worksite.id, 'AWAITING_DECLARATION', filesBefore);
  });

  it('a statement missing from the answers altogether is refused too', async () => {
    const { admin, worksite, input, upload } = await site();
    const { 'breach-reporting': _gone, ...answers } = input.answers;
    const e = await refusal(submitDeclaration(admin.id, { ...input, answers }, upload, ctx));
    expect(e.fieldErrors).toEqual({ 'answers.breach-reporting.answer': 'Answer yes or no' });
    await expectNothingStored(worksite.id, 'AWAITING_DECLARATION', await db().storedFile.count());
  });

  it('field and file problems are reported together', async () => {
    const { admin, worksite, input } = await site();
    const e = await refusal(
      submitDeclaration(admin.id, { ...input, typedSignature: 'Nobody' }, { bytes: Buffer.from('GIF89a....'), name: 'x.gif' }, ctx),
    );
    expect(e.fieldErrors).toEqual({
      typedSignature: SIGNATURE_MISMATCH,
      antivirusScreenshot: 'The file must be a PNG or JPEG image. This file is a GIF.',
    });
    await expectNothingStored(worksite.id, 'AWAITING_DECLARATION', await db().storedFile.count());
  });

  it('refuses a date sent by the browser and unknown fields', async () => {
    const { admin, worksite, input, upload } = await site();
    const e = await refusal(submitDeclaration(admin.id, { ...input, signedOn: '2001-01-01' }, upload, ctx));
    expect(e.code).toBe('VALIDATION');
    await expectNothingStored(worksite.id, 'AWAITING_DECLARATION', await db().storedFile.count());
  });

  it('a member who is not a site admin, another worksite\'s admin and a missing worksite all get the same "not found"', async () => {
    const { worksite, input, upload } = await site();
    const member = await ensurePerson(db());
    await addMember(db(), { worksiteId: worksite.id, personId: member.id });
    const inactiveAdmin = await ensurePerson(db());
    await addMember(db(), { worksiteId: worksite.id, personId: inactiveAdmin.id, siteAdmin: true, status: 'INACTIVE' });
    const other = await site();
    const stranger = await ensurePerson(db());
    const filesBefore = await db().storedFile.count();

    const missing = await refusal(submitDeclaration(other.admin.id, { ...input, worksiteId: randomUUID() }, upload, ctx));
    expect(missing.code).toBe('NOT_FOUND');
    for (const who of [member.id, inactiveAdmin.id, other.admin.id, stranger.id]) {
      const e = await refusal(submitDeclaration(who, input, upload, ctx));
      expect({ code: e.code, message: e.message }).toEqual({ code: missing.code, message: missing.message });
    }
    const forged = await refusal(submitDeclaration(other.admin.id, { ...input, worksiteId: 'not-a-uuid' }, upload, ctx));
    expect({ code: forged.code, message: forged.message }).toEqual({ code: missing.code, message: missing.message });
    await expectNothingStored(worksite.id, 'AWAITING_DECLARATION', filesBefore);
  });

  it('steps out of order are refused: an intake not yet accepted, a "No Clinical Apps" worksite', async () => {
    const intake = await site('INTAKE_SUBMITTED');
    const e = await refusal(submitDeclaration(intake.admin.id, intake.input, intake.upload, ctx));
    expect(e.code).toBe('INVALID_TRANSITION');
    await expectNothingStored(intake.worksite.id, 'INTAKE_SUBMITTED', await db().storedFile.count());

    const nca = await site('AWAITING_DECLARATION', { locationType: 'NO_CLINICAL_APPS' });
    const e2 = await refusal(submitDeclaration(nca.admin.id, nca.input, nca.upload, ctx));
    expect(e2).toMatchObject({ code: 'INVALID_TRANSITION', message: 'A "No Clinical Apps" worksite does not need a declaration.' });
  });

  it('a stale page (the status it showed is not the status now) is told it was already decided', async () => {
    const { admin, worksite, version, upload } = await site();
    const input = declarationInput({ worksiteId: worksite.id, versionId: version.id, expectedStatus: 'CHANGES_REQUESTED' });
    const e = await refusal(submitDeclaration(admin.id, input, upload, ctx));
    expect(e.code).toBe('ALREADY_DECIDED');
    await expectNothingStored(worksite.id, 'AWAITING_DECLARATION', await db().storedFile.count());
  });

  it('a text published after the page was opened is refused (the signer must read what they sign)', async () => {
    const { admin, worksite, input, upload } = await site();
    const e = await refusal(submitDeclaration(admin.id, { ...input, versionId: randomUUID() }, upload, ctx));
    expect(e.code).toBe('CONFLICT');
    await expectNothingStored(worksite.id, 'AWAITING_DECLARATION', await db().storedFile.count());
  });

  it('a double submit stores one declaration; parallel submits too', async () => {
    const { admin, worksite, input, upload } = await site();
    await submitDeclaration(admin.id, input, upload, ctx);
    const again = await refusal(submitDeclaration(admin.id, input, upload, ctx));
    expect(again.code).toBe('ALREADY_DECIDED');
    expect(await db().declaration.count({ where: { worksiteId: worksite.id } })).toBe(1);

    const race = await site();
    const filesBefore = await db().storedFile.count();
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => submitDeclaration(race.admin.id, race.input, race.upload, ctx)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'ALREADY_DECIDED' });
    const [counts] = await db().$queryRaw<{ declarations: bigint; snapshots: bigint; changes: bigint }[]>`
      SELECT (SELECT count(*) FROM "Declaration" WHERE "worksiteId" = ${race.worksite.id}::uuid) AS declarations,
             (SELECT count(*) FROM "SubmissionSnapshot" WHERE "worksiteId" = ${race.worksite.id}::uuid) AS snapshots,
             (SELECT count(*) FROM "WorksiteStatusChange" WHERE "worksiteId" = ${race.worksite.id}::uuid) AS changes`;
    expect(counts).toEqual({ declarations: 1n, snapshots: 1n, changes: 1n });
    expect(await db().storedFile.count()).toBe(filesBefore + 1);
  });

  it('after the team asks for changes to the declaration, it can be signed again', async () => {
    const { admin, worksite, input, upload } = await site();
    await submitDeclaration(admin.id, input, upload, ctx);
    await db().worksite.update({ where: { id: worksite.id }, data: { status: 'CHANGES_REQUESTED', reviewStateBeforeChanges: 'DECLARATION_SUBMITTED' } });
    await db().worksiteStatusChange.create({
      data: { worksiteId: worksite.id, fromStatus: 'DECLARATION_SUBMITTED', toStatus: 'CHANGES_REQUESTED', reason: 'The screenshot is blurry.' },
    });
    const form = await declarationForm(await viewerFor(admin.id), worksite.id);
    expect(form).toMatchObject({ canSubmit: { ok: true }, changesRequestedReason: 'The screenshot is blurry.', defaults: { signerTitle: 'Clinic Manager' } });
    expect(form!.defaults.answers.firewall).toEqual({ answer: 'yes', explanation: '' });

    const r = await submitDeclaration(admin.id, { ...input, expectedStatus: 'CHANGES_REQUESTED' }, upload, ctx);
    expect(r.status).toBe('DECLARATION_SUBMITTED');
    expect(await db().declaration.count({ where: { worksiteId: worksite.id } })).toBe(2);
  });

  it('an active worksite re-signs a due version and stays active; without one there is nothing to sign', async () => {
    const { admin, worksite, input, upload } = await site('ACTIVE');
    await db().worksite.update({ where: { id: worksite.id }, data: { declarationVersionDue: 1 } });
    const r = await submitDeclaration(admin.id, { ...input, expectedStatus: 'ACTIVE' }, upload, ctx);
    expect(r.status).toBe('ACTIVE');
    const ws = await db().worksite.findUniqueOrThrow({ where: { id: worksite.id } });
    expect(ws).toMatchObject({ status: 'ACTIVE', declarationVersionDue: null });
    const again = await refusal(submitDeclaration(admin.id, { ...input, expectedStatus: 'ACTIVE' }, upload, ctx));
    expect(again.code).toBe('INVALID_TRANSITION');
    expect(await db().declaration.count({ where: { worksiteId: worksite.id } })).toBe(1);
  });
});

describe('declaration queries', () => {
  it('declarationForm is only for a site admin of the worksite', async () => {
    const { admin, worksite, version } = await site();
    const member = await ensurePerson(db());
    await addMember(db(), { worksiteId: worksite.id, personId: member.id });
    const other = await site();

    const form = await declarationForm(await viewerFor(admin.id), worksite.id);
    expect(form).toMatchObject({
      worksite: { id: worksite.id, worksiteCode: worksite.worksiteCode, status: 'AWAITING_DECLARATION' },
      version: { id: version.id, version: 1, title: DECLARATION_V1.title },
      canSubmit: { ok: true },
      changesRequestedReason: null,
      defaults: { signerName: 'Dana Signer', signerTitle: '' },
    });
    expect(form!.version!.safeguards.map((s) => s.key)).toEqual(KEYS);
    expect(await declarationForm(await viewerFor(member.id), worksite.id)).toBeNull();
    expect(await declarationForm(await viewerFor(other.admin.id), worksite.id)).toBeNull();
    expect(await declarationForm(await viewerFor(admin.id), randomUUID())).toBeNull();
    expect(await declarationForm(await viewerFor(admin.id), 'nope')).toBeNull();
  });

  it('a worksite that cannot sign now is told why', async () => {
    const { admin, worksite } = await site('INTAKE_SUBMITTED');
    const form = await declarationForm(await viewerFor(admin.id), worksite.id);
    expect(form!.canSubmit).toEqual({ ok: false, reason: 'This cannot be done while the worksite is registration submitted.' });
  });

  it('latestDeclaration gives the team the newest declaration with the statement texts', async () => {
    const { admin, worksite, version, upload } = await site();
    expect(await latestDeclaration(worksite.id)).toBeNull();
    expect(await latestDeclaration('------------------------------------')).toBeNull();
    const input = declarationInput({ worksiteId: worksite.id, versionId: version.id, answers: { antivirus: { answer: 'no', explanation: 'Installing it next week.' } } });
    const r = await submitDeclaration(admin.id, input, upload, ctx);
    const latest = await latestDeclaration(worksite.id);
    expect(latest).toMatchObject({
      id: r.declarationId,
      version: 1,
      signerName: 'Dana Signer',
      signerTitle: 'Clinic Manager',
      typedSignature: 'Dana Signer',
      signedOn: pacificDate(now()),
      hasFlaggedAnswers: true,
      antivirusFileId: r.antivirusFileId,
    });
    expect(latest!.submittedAt).toBeInstanceOf(Date);
    expect(latest!.answers.map((a) => a.key)).toEqual(KEYS);
    expect(latest!.answers.find((a) => a.key === 'antivirus')).toEqual({
      key: 'antivirus',
      text: DECLARATION_V1.safeguards.find((s) => s.key === 'antivirus')!.text,
      answer: 'no',
      explanation: 'Installing it next week.',
    });
    expect(latest!.answers.find((a) => a.key === 'firewall')).toMatchObject({ answer: 'yes', explanation: null });
  });

  it('publishing version 1 twice changes nothing', async () => {
    const a = await ensureDeclarationVersion(db());
    const b = await ensureDeclarationVersion(db());
    expect(b.id).toBe(a.id);
    expect(await db().declarationVersion.count()).toBe(1);
  });
});

describe('who may download the antivirus screenshot', () => {
  let fixture: Awaited<ReturnType<typeof submitted>>;
  async function submitted() {
    const s = await site();
    const r = await submitDeclaration(s.admin.id, s.input, { bytes: await smallPng(), name: 'Écran d’accueil.png' }, ctx);
    const member = await ensurePerson(db());
    await addMember(db(), { worksiteId: s.worksite.id, personId: member.id });
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const auditor = await ensurePerson(db(), { staffRoles: ['AUDITOR'] });
    const otherAdmin = (await site()).admin;
    return { ...s, fileId: r.antivirusFileId, sha256: r.sha256, member, team, auditor, otherAdmin };
  }
  beforeEach(async () => {
    fixture ??= await submitted();
    session.person = null;
  });
  const views = () => db().auditEvent.count({ where: { action: 'file.viewed', targetId: fixture.fileId } });

  it('the team, an auditor and this worksite\'s site admin may, and each view is audited', async () => {
    const f = fixture;
    const before = await views();
    const asTeam = await openFileForViewing(await viewerFor(f.team.id), f.fileId, ctx);
    expect(asTeam).toMatchObject({ contentType: 'image/png', sha256: f.sha256 });
    await openFileForViewing(await viewerFor(f.auditor.id), f.fileId, ctx);
    const asAdmin = await openFileForViewing(await viewerFor(f.admin.id), f.fileId, ctx);
    expect(asAdmin.bytes.equals(asTeam.bytes)).toBe(true);
    expect(await views()).toBe(before + 3);
    const events = await db().auditEvent.findMany({ where: { action: 'file.viewed', targetId: f.fileId }, orderBy: { id: 'asc' } });
    expect(events.slice(-3).map((e) => [e.actorType, e.actorId, e.targetType, e.worksiteId])).toEqual([
      ['STAFF', f.team.id, 'FILE', f.worksite.id],
      ['STAFF', f.auditor.id, 'FILE', f.worksite.id],
      ['PERSON', f.admin.id, 'FILE', f.worksite.id],
    ]);
  });

  it('a plain member, another worksite\'s admin, a missing or malformed id: the same "not found", and no audit', async () => {
    const f = fixture;
    const before = await views();
    const missing = await refusal(openFileForViewing(await viewerFor(f.admin.id), randomUUID(), ctx));
    expect(missing.code).toBe('NOT_FOUND');
    for (const [who, id] of [
      [f.member.id, f.fileId],
      [f.otherAdmin.id, f.fileId],
      [f.admin.id, 'not-a-uuid'],
    ] as const) {
      const e = await refusal(openFileForViewing(await viewerFor(who), id, ctx));
      expect({ code: e.code, message: e.message }).toEqual({ code: missing.code, message: missing.message });
    }
    expect(await views()).toBe(before);
  });

  it('an inactive site admin may not', async () => {
    const f = fixture;
    const former = await ensurePerson(db());
    await addMember(db(), { worksiteId: f.worksite.id, personId: former.id, siteAdmin: true, status: 'INACTIVE' });
    expect((await refusal(openFileForViewing(await viewerFor(former.id), f.fileId, ctx))).code).toBe('NOT_FOUND');
  });

  it('the route: 404 when signed out or not allowed, the file as a safe attachment otherwise', async () => {
    const f = fixture;
    const call = (id: string) => downloadFile(new Request(`http://localhost/api/files/${id}`), { params: Promise.resolve({ id }) });

    const anonymous = await call(f.fileId);
    expect(anonymous.status).toBe(404);
    session.person = { id: f.member.id, displayName: 'Member', staffRoles: [] };
    const member = await call(f.fileId);
    expect(member.status).toBe(404);
    expect(await member.text()).toBe(await anonymous.text());

    const before = await views();
    session.person = { id: f.team.id, displayName: 'Team', staffRoles: ['ENROLMENT_TEAM'] };
    const ok = await call(f.fileId);
    expect(ok.status).toBe(200);
    expect(Object.fromEntries(ok.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-disposition': `attachment; filename="_cran d_accueil.png"; filename*=UTF-8''%C3%89cran%20d%E2%80%99accueil.png`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'no-store',
      'cross-origin-resource-policy': 'same-origin',
    });
    const body = Buffer.from(await ok.arrayBuffer());
    expect(body.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(await views()).toBe(before + 1);
  });
});
