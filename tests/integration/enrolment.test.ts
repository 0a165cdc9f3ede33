import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Profession } from '@/generated/prisma/client';
import { addBusinessDays } from '@/lib/business-days';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { maybeStartReview } from '@/server/enrolments/progress';
import { dashboard, enrolmentFormData, professionChangeData } from '@/server/enrolments/queries';
import { enrolmentFormSchema, professionChangeSchema } from '@/server/enrolments/schema';
import { requestProfessionChange, saveEnrolment } from '@/server/enrolments/service';
import { changeEnrolmentStatus, lockEnrolmentOf } from '@/server/enrolments/status';
import { env } from '@/server/env';
import { canonicalJson } from '@/server/submission-snapshot';
import { acceptHpcaa, completeCourse, enrolmentInput, publishHpcaa } from '../factories/enrolments';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { fromNow } from '../support/clock';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-enrol-1', ip: '203.0.113.7', userAgent: 'vitest' };

const save = (personId: string, raw: Record<string, unknown>) => saveEnrolment(personId, enrolmentFormSchema.parse(raw), ctx);

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

const enrolmentOf = (personId: string) => db().enrolment.findUniqueOrThrow({ where: { personId } });
const snapshots = (personId: string) => db().submissionSnapshot.findMany({ where: { personId, kind: 'ENROLMENT' }, orderBy: { createdAt: 'asc' } });
const auditCount = (personId: string, action: string) => db().auditEvent.count({ where: { personId, action } });
const teamEmails = (personId: string, template: string) =>
  db().outboxEmail.findMany({ where: { personId, template, toAddress: env().TEAM_MAILBOX } });

async function teamDecides(personId: string, event: 'REQUEST_CHANGES' | 'DECLINE' | 'APPROVE', reason?: string) {
  const staff = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
  await db().$transaction(async (tx) => {
    const e = (await lockEnrolmentOf(tx, personId))!;
    await changeEnrolmentStatus(tx, e, event, 'ENROLMENT_TEAM', { actorId: staff.id, reason });
  });
}

/** A person with the course done and (where the profession needs it) the HPCAA accepted. */
async function readyPerson(profession: Profession = 'PHYSICIAN') {
  const p = await ensurePerson(db());
  await completeCourse(db(), p.id);
  if (profession !== 'MEDICAL_OFFICE_ASSISTANT' && profession !== 'CLINICAL_SUPPORT_STAFF') await acceptHpcaa(db(), p.id);
  return p;
}

describe('saveEnrolment: submitting the form', () => {
  it('a physician submits: SUBMITTED, profession locked, snapshot, history, audit, contact saved', async () => {
    const p = await ensurePerson(db(), { email: 'doc@example.com' });
    const raw = enrolmentInput('PHYSICIAN', { preferredGivenName: 'Jo', contactEmail: 'doc@example.com', licenceNumber: '24680' });
    const r = await save(p.id, raw);
    expect(r).toMatchObject({ status: 'SUBMITTED', submitted: true, reviewStarted: false, replayed: false });

    const e = await enrolmentOf(p.id);
    expect(e).toMatchObject({ status: 'SUBMITTED', profession: 'PHYSICIAN', college: 'CPSBC', licenceNumber: '24680', jobTitle: null });
    expect(e.professionLockedAt).toBeInstanceOf(Date);
    expect(e.submittedAt).toEqual(e.professionLockedAt);

    const history = await db().enrolmentStatusChange.findMany({ where: { enrolmentId: e.id }, orderBy: { createdAt: 'asc' } });
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actorId])).toEqual([
      [null, 'DRAFT', p.id],
      ['DRAFT', 'SUBMITTED', p.id],
    ]);

    const [snap] = await snapshots(p.id);
    expect(snap).toMatchObject({ targetId: e.id, submittedById: p.id });
    expect(snap!.data).toMatchObject({ profession: 'PHYSICIAN', college: 'CPSBC', licenceNumber: '24680', preferredGivenName: 'Jo', status: 'SUBMITTED' });
    // The hash is over the canonical JSON of what is stored, so the snapshot can be checked later.
    expect(snap!.sha256).toBe(createHash('sha256').update(canonicalJson(snap!.data)).digest('hex'));

    const [event] = await db().auditEvent.findMany({ where: { personId: p.id, action: 'enrolment.submitted' } });
    expect(event).toMatchObject({ actorType: 'PERSON', actorId: p.id, targetType: 'ENROLMENT', targetId: e.id, requestId: 'req-enrol-1', ip: '203.0.113.7' });
    expect(event!.after).toMatchObject({ status: 'SUBMITTED', profession: 'PHYSICIAN', snapshotId: snap!.id, snapshotSha256: snap!.sha256 });

    const person = await db().person.findUniqueOrThrow({ where: { id: p.id } });
    expect(person).toMatchObject({ preferredGivenName: 'Jo', contactPhone: '250-555-0123', contactEmail: 'doc@example.com' });
    expect(await auditCount(p.id, 'person.profile_updated')).toBe(1);
    // The email did not change, so no security notice.
    expect(await db().outboxEmail.count({ where: { personId: p.id, template: 'person.contact-email-changed' } })).toBe(0);

    const form = await enrolmentFormData(await viewerFor(p.id));
    expect(form).toMatchObject({ status: 'SUBMITTED', locked: true, canEdit: false, mayRequestProfessionChange: true, teamReason: null });
    expect(form!.summary).toContainEqual({ label: 'Licence number', value: '24680' });
  });

  it('a changed contact email on the form waits for confirmation, as on the profile page', async () => {
    const p = await ensurePerson(db(), { email: 'before@example.com' });
    await save(p.id, enrolmentInput('PHYSICIAN', { contactEmail: 'after@example.com' }));
    expect((await db().person.findUniqueOrThrow({ where: { id: p.id } })).contactEmail).toBe('before@example.com');
    const sent = await db().outboxEmail.findMany({ where: { personId: p.id, template: { startsWith: 'person.contact-email' } } });
    expect(sent.map((n) => [n.toAddress, n.template]).sort()).toEqual([
      ['after@example.com', 'person.contact-email-confirm'],
      ['before@example.com', 'person.contact-email-change-requested'],
    ]);
  });

  it('a draft keeps the profession open; submitting later locks it', async () => {
    const p = await ensurePerson(db());
    const draft = await save(p.id, enrolmentInput('REGISTERED_NURSE', { intent: 'save' }));
    expect(draft).toMatchObject({ status: 'DRAFT', submitted: false });
    let e = await enrolmentOf(p.id);
    expect(e.professionLockedAt).toBeNull();
    expect(await snapshots(p.id)).toHaveLength(0);
    expect(await auditCount(p.id, 'enrolment.draft_saved')).toBe(1);
    expect((await enrolmentFormData(await viewerFor(p.id)))).toMatchObject({ canEdit: true, locked: false });

    // Before submission the person may change profession freely.
    await save(p.id, enrolmentInput('RESIDENT_PHYSICIAN', { intent: 'save' }));
    e = await enrolmentOf(p.id);
    expect(e).toMatchObject({ profession: 'RESIDENT_PHYSICIAN', college: 'CPSBC', status: 'DRAFT' });
    expect(e.residencyStart?.toISOString().slice(0, 10)).toBe('2025-07-01');

    await save(p.id, enrolmentInput('MEDICAL_OFFICE_ASSISTANT'));
    e = await enrolmentOf(p.id);
    // Fields the new profession does not use are cleared.
    expect(e).toMatchObject({
      status: 'SUBMITTED',
      profession: 'MEDICAL_OFFICE_ASSISTANT',
      college: null,
      licenceNumber: null,
      residencyStart: null,
      residencyEnd: null,
      jobTitle: 'Front desk lead',
    });
    expect(e.professionLockedAt).not.toBeNull();
  });

  it('once submitted, the form is closed: no save, no second submit, nothing written', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('PHYSICIAN'));
    const before = await enrolmentOf(p.id);
    const audits = await db().auditEvent.count({ where: { personId: p.id } });
    for (const intent of ['save', 'submit']) {
      const e = await refusal(save(p.id, enrolmentInput('PHYSICIAN', { intent, jobTitle: '', contactPhone: '604-555-0000' })));
      expect(e.code).toBe('INVALID_TRANSITION');
      expect(e.message).toMatch(/already submitted.*request a profession change/);
    }
    expect(await enrolmentOf(p.id)).toEqual(before);
    expect(await db().auditEvent.count({ where: { personId: p.id } })).toBe(audits);
    expect((await db().person.findUniqueOrThrow({ where: { id: p.id } })).contactPhone).toBe('250-555-0123');
  });

  it('after the lock, changing profession or licence on a resubmission is refused and nothing is written', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('PHYSICIAN', { licenceNumber: '11111' }));
    await db().enrolment.update({ where: { personId: p.id }, data: { status: 'IN_REVIEW' } });
    await teamDecides(p.id, 'REQUEST_CHANGES', 'Please add your preferred name as on your licence.');
    const before = await enrolmentOf(p.id);
    const audits = await db().auditEvent.count({ where: { personId: p.id } });
    const keys = await db().idempotencyKey.count({ where: { personId: p.id } });

    const changedProfession = await refusal(save(p.id, enrolmentInput('RESIDENT_PHYSICIAN', { licenceNumber: '11111', contactEmail: 'x@example.com' })));
    expect(changedProfession.code).toBe('INVALID_TRANSITION');
    expect(changedProfession.message).toMatch(/request a profession change/);
    expect(Object.keys(changedProfession.fieldErrors ?? {})).toEqual(['profession']);

    const changedLicence = await refusal(save(p.id, enrolmentInput('PHYSICIAN', { licenceNumber: '22222' })));
    expect(Object.keys(changedLicence.fieldErrors ?? {})).toEqual(['licenceNumber']);

    expect(await enrolmentOf(p.id)).toEqual(before);
    expect(await db().auditEvent.count({ where: { personId: p.id } })).toBe(audits);
    expect(await db().idempotencyKey.count({ where: { personId: p.id } })).toBe(keys);
    expect(await snapshots(p.id)).toHaveLength(1);
    expect((await db().person.findUniqueOrThrow({ where: { id: p.id } })).contactEmail).not.toBe('x@example.com');
  });

  it('the same form submitted twice (one key) gives one submission, even at the same moment', async () => {
    const p = await ensurePerson(db());
    const raw = enrolmentInput('SOCIAL_WORKER');
    const first = await save(p.id, raw);
    const again = await save(p.id, raw);
    expect(again).toMatchObject({ enrolmentId: first.enrolmentId, status: 'SUBMITTED', replayed: true });

    const q = await ensurePerson(db());
    const raw2 = enrolmentInput('PHARMACIST');
    const results = await Promise.allSettled([save(q.id, raw2), save(q.id, raw2), save(q.id, raw2)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    for (const who of [p.id, q.id]) {
      expect(await snapshots(who)).toHaveLength(1);
      expect(await auditCount(who, 'enrolment.submitted')).toBe(1);
      expect(await db().enrolmentStatusChange.count({ where: { enrolment: { personId: who }, toStatus: 'SUBMITTED' } })).toBe(1);
    }
  });

  it('two different first forms at once create one enrolment; the second is refused as already submitted', async () => {
    const p = await ensurePerson(db());
    const results = await Promise.allSettled([save(p.id, enrolmentInput('PHYSICIAN')), save(p.id, enrolmentInput('PHYSICIAN'))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as DomainError).code).toBe('INVALID_TRANSITION');
    expect(await db().enrolment.count({ where: { personId: p.id } })).toBe(1);
    expect(await snapshots(p.id)).toHaveLength(1);
  });

  it('a submission key used by someone else is never answered with their result', async () => {
    const a = await ensurePerson(db());
    const b = await ensurePerson(db());
    const raw = enrolmentInput('PHYSICIAN');
    await save(a.id, raw);
    const e = await refusal(save(b.id, raw));
    expect(e.code).toBe('CONFLICT');
    expect(await db().enrolment.count({ where: { personId: b.id } })).toBe(0);
  });
});

describe('maybeStartReview', () => {
  it('starts the review only when form, course and HPCAA are all done, emails the team once', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('NURSE_PRACTITIONER'));
    expect((await enrolmentOf(p.id)).status).toBe('SUBMITTED');

    await completeCourse(db(), p.id);
    expect(await db().$transaction((tx) => maybeStartReview(tx, p.id, ctx))).toEqual({ started: false });
    expect((await enrolmentOf(p.id)).status).toBe('SUBMITTED');

    await acceptHpcaa(db(), p.id);
    expect(await db().$transaction((tx) => maybeStartReview(tx, p.id, ctx))).toEqual({ started: true });
    const e = await enrolmentOf(p.id);
    expect(e.status).toBe('IN_REVIEW');
    const [event] = await db().auditEvent.findMany({ where: { personId: p.id, action: 'enrolment.review_started' } });
    expect(event).toMatchObject({ actorType: 'SYSTEM', targetId: e.id, before: { status: 'SUBMITTED' }, after: { status: 'IN_REVIEW', hpcaa: 'accepted' } });
    const emails = await teamEmails(p.id, 'enrolment.in-review');
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toMatch(/^Enrolment ready for review: /);
    expect(emails[0]!.textBody).toContain('Nurse Practitioner');
    expect(emails[0]!.textBody).toContain(`/admin/enrolments/${e.id}`);

    // Called again (course webhook redelivered, agreement re-accepted): nothing more happens.
    expect(await db().$transaction((tx) => maybeStartReview(tx, p.id, ctx))).toEqual({ started: false });
    expect(await teamEmails(p.id, 'enrolment.in-review')).toHaveLength(1);
  });

  it('an MOA needs no HPCAA: submitting with the course done goes straight into review', async () => {
    const p = await readyPerson('MEDICAL_OFFICE_ASSISTANT');
    const r = await save(p.id, enrolmentInput('MEDICAL_OFFICE_ASSISTANT'));
    expect(r).toMatchObject({ status: 'IN_REVIEW', reviewStarted: true });
    expect(await db().agreementAcceptance.count({ where: { personId: p.id } })).toBe(0);
    expect(await teamEmails(p.id, 'enrolment.in-review')).toHaveLength(1);
  });

  it('does nothing before the form is submitted, even with the course and HPCAA done', async () => {
    const p = await readyPerson('PHYSICIAN');
    expect(await db().$transaction((tx) => maybeStartReview(tx, p.id, ctx))).toEqual({ started: false });
    await save(p.id, enrolmentInput('PHYSICIAN', { intent: 'save' }));
    expect(await db().$transaction((tx) => maybeStartReview(tx, p.id, ctx))).toEqual({ started: false });
    expect((await enrolmentOf(p.id)).status).toBe('DRAFT');
  });

  it('an expired or superseded HPCAA does not count', async () => {
    const expired = await ensurePerson(db());
    await completeCourse(db(), expired.id);
    await acceptHpcaa(db(), expired.id, { acceptedAt: fromNow(-(400 * 86_400_000)) });
    expect((await save(expired.id, enrolmentInput('PHYSICIAN'))).status).toBe('SUBMITTED');
    expect((await dashboard(await viewerFor(expired.id))).next).toMatchObject({ key: 'hpcaa', href: '/agreement' });

    const superseded = await ensurePerson(db());
    await completeCourse(db(), superseded.id);
    await acceptHpcaa(db(), superseded.id, { version: 1 });
    await publishHpcaa(db(), 2, fromNow(-(60_000)));
    expect((await save(superseded.id, enrolmentInput('PHYSICIAN'))).status).toBe('SUBMITTED');
    expect((await dashboard(await viewerFor(superseded.id))).steps.find((s) => s.key === 'hpcaa')).toMatchObject({ done: false, detail: expect.stringMatching(/new version/) });
    // Accepting the new version completes it.
    await acceptHpcaa(db(), superseded.id, { version: 2 });
    expect(await db().$transaction((tx) => maybeStartReview(tx, superseded.id, ctx))).toEqual({ started: true });
  });

  it('5 concurrent calls move it once, with one history row, one audit event and one email', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('REGISTERED_NURSE'));
    await completeCourse(db(), p.id);
    await acceptHpcaa(db(), p.id);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => db().$transaction((tx) => maybeStartReview(tx, p.id, ctx))));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const started = results.filter((r) => r.status === 'fulfilled' && r.value.started);
    expect(started).toHaveLength(1);
    const rows = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "EnrolmentStatusChange" c JOIN "Enrolment" e ON e.id = c."enrolmentId"
      WHERE e."personId" = ${p.id}::uuid AND c."toStatus" = 'IN_REVIEW'`;
    expect(Number(rows[0]?.n)).toBe(1);
    expect(await auditCount(p.id, 'enrolment.review_started')).toBe(1);
    expect(await teamEmails(p.id, 'enrolment.in-review')).toHaveLength(1);
  });
});

describe('changes requested → resubmit', () => {
  it('goes back to SUBMITTED, keeps a second snapshot, and returns to review when complete', async () => {
    const p = await readyPerson('RESIDENT_PHYSICIAN');
    const first = await save(p.id, enrolmentInput('RESIDENT_PHYSICIAN', { licenceNumber: '13579' }));
    expect(first.status).toBe('IN_REVIEW');
    await teamDecides(p.id, 'REQUEST_CHANGES', 'Your residency end date does not match the program letter.');

    const form = await enrolmentFormData(await viewerFor(p.id));
    expect(form).toMatchObject({ status: 'CHANGES_REQUESTED', canEdit: true, locked: true, teamReason: 'Your residency end date does not match the program letter.' });
    const board = await dashboard(await viewerFor(p.id));
    expect(board.next).toMatchObject({ key: 'form', href: '/enrolment', label: expect.stringMatching(/submit it again/) });
    expect(board.teamReason).toBe('Your residency end date does not match the program letter.');
    expect(board.steps.find((s) => s.key === 'form')?.done).toBe(false);

    // Same profession and licence (locked), corrected residency dates.
    const r = await save(p.id, enrolmentInput('RESIDENT_PHYSICIAN', { licenceNumber: '13579', residencyEnd: '2027-12-31' }));
    expect(r).toMatchObject({ submitted: true, reviewStarted: true, status: 'IN_REVIEW' });
    const e = await enrolmentOf(p.id);
    expect(e.residencyEnd?.toISOString().slice(0, 10)).toBe('2027-12-31');
    const history = await db().enrolmentStatusChange.findMany({ where: { enrolmentId: e.id }, orderBy: { createdAt: 'asc' } });
    expect(history.map((h) => h.toStatus)).toEqual(['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'CHANGES_REQUESTED', 'SUBMITTED', 'IN_REVIEW']);
    const snaps = await snapshots(p.id);
    expect(snaps).toHaveLength(2);
    expect((snaps[0]!.data as { residencyEnd: string }).residencyEnd).toBe('2027-06-30'); // the first stays as submitted
    expect((snaps[1]!.data as { residencyEnd: string }).residencyEnd).toBe('2027-12-31');
    const [resub] = await db().auditEvent.findMany({ where: { personId: p.id, action: 'enrolment.resubmitted' } });
    expect(resub).toMatchObject({ before: { status: 'CHANGES_REQUESTED', residencyEnd: '2027-06-30' }, after: { status: 'SUBMITTED', residencyEnd: '2027-12-31' } });
    // Each entry into review is news for the team.
    expect(await teamEmails(p.id, 'enrolment.in-review')).toHaveLength(2);
  });

  it('resubmitting while the course is still missing stays SUBMITTED', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('PHYSICIAN'));
    await db().enrolment.update({ where: { personId: p.id }, data: { status: 'IN_REVIEW' } });
    await teamDecides(p.id, 'REQUEST_CHANGES', 'Add your preferred name.');
    const r = await save(p.id, enrolmentInput('PHYSICIAN', { preferredGivenName: 'Sam' }));
    expect(r).toMatchObject({ status: 'SUBMITTED', reviewStarted: false });
  });

  it('a declined enrolment shows the reason and cannot be resubmitted', async () => {
    const p = await readyPerson('PHYSICIAN');
    await save(p.id, enrolmentInput('PHYSICIAN'));
    await teamDecides(p.id, 'DECLINE', 'The licence is not in good standing.');
    expect((await refusal(save(p.id, enrolmentInput('PHYSICIAN')))).message).toMatch(/declined/);
    const board = await dashboard(await viewerFor(p.id));
    expect(board).toMatchObject({ status: { code: 'DECLINED', label: 'Declined' }, teamReason: 'The licence is not in good standing.', next: { key: 'status' } });
  });
});

describe('requestProfessionChange', () => {
  const change = (raw: Record<string, unknown>) =>
    professionChangeSchema.parse({ toProfession: 'NURSE_PRACTITIONER', licenceNumber: '7654321', reason: 'I am now a nurse practitioner.', submissionKey: crypto.randomUUID(), ...raw });

  it('is refused before submission: the form itself is where the profession changes', async () => {
    const p = await ensurePerson(db());
    expect((await refusal(requestProfessionChange(p.id, change({}), ctx))).code).toBe('INVALID_TRANSITION');
    await save(p.id, enrolmentInput('PHYSICIAN', { intent: 'save' }));
    const e = await refusal(requestProfessionChange(p.id, change({}), ctx));
    expect(e.message).toMatch(/can still change your profession on the enrolment form/);
    expect(await db().professionChangeRequest.count({ where: { personId: p.id } })).toBe(0);
    expect((await professionChangeData(await viewerFor(p.id)))).toMatchObject({ mayRequest: false, notLockedYet: true });
  });

  it('after the lock: stored, audited, the team mailbox told; one open request at a time', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('REGISTERED_NURSE', { licenceNumber: '1111111' }));
    const input = change({});
    const { requestId } = await requestProfessionChange(p.id, input, ctx);
    const row = await db().professionChangeRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(row).toMatchObject({
      personId: p.id,
      fromProfession: 'REGISTERED_NURSE',
      toProfession: 'NURSE_PRACTITIONER',
      college: 'BCCNM',
      licenceNumber: '7654321',
      status: 'REQUESTED',
    });
    // The enrolment itself is untouched until the team applies the change.
    expect(await enrolmentOf(p.id)).toMatchObject({ profession: 'REGISTERED_NURSE', licenceNumber: '1111111' });
    const [event] = await db().auditEvent.findMany({ where: { personId: p.id, action: 'enrolment.profession_change_requested' } });
    expect(event).toMatchObject({ targetType: 'PROFESSION_CHANGE_REQUEST', targetId: requestId, before: { profession: 'REGISTERED_NURSE' } });
    const [email] = await teamEmails(p.id, 'enrolment.profession-change-requested');
    expect(email?.textBody).toMatch(/Now: Registered Nurse, BCCNM licence number 1111111/);
    expect(email?.textBody).toMatch(/Requested: Nurse Practitioner, BCCNM licence number 7654321/);

    // The same form again returns the same request.
    expect(await requestProfessionChange(p.id, input, ctx)).toEqual({ requestId, replayed: true });
    // A new request while one waits.
    const second = await refusal(requestProfessionChange(p.id, change({ toProfession: 'PHYSICIAN', licenceNumber: '12345' }), ctx));
    expect(second.code).toBe('CONFLICT');
    expect(second.message).toMatch(/^You already have a profession change request waiting/);
    expect(await db().professionChangeRequest.count({ where: { personId: p.id } })).toBe(1);

    expect((await enrolmentFormData(await viewerFor(p.id)))?.openProfessionChange).toMatchObject({ toProfession: 'Nurse Practitioner', licenceNumber: '7654321' });
    expect((await professionChangeData(await viewerFor(p.id))).open).toMatchObject({ toProfession: 'Nurse Practitioner' });
  });

  it('two different requests at once: exactly one is stored', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('PHYSICIAN'));
    const results = await Promise.allSettled([
      requestProfessionChange(p.id, change({}), ctx),
      requestProfessionChange(p.id, change({ toProfession: 'RESIDENT_PHYSICIAN', licenceNumber: '12345' }), ctx),
      requestProfessionChange(p.id, change({ toProfession: 'SOCIAL_WORKER', licenceNumber: '12345' }), ctx),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('CONFLICT');
    expect(await db().professionChangeRequest.count({ where: { personId: p.id } })).toBe(1);
    expect(await teamEmails(p.id, 'enrolment.profession-change-requested')).toHaveLength(1);
  });

  it('asking for the profession and licence already on record is refused', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('PHYSICIAN', { licenceNumber: '12345' }));
    const e = await refusal(requestProfessionChange(p.id, change({ toProfession: 'PHYSICIAN', licenceNumber: '12345' }), ctx));
    expect(e.code).toBe('VALIDATION');
    expect(e.fieldErrors).toHaveProperty('toProfession');
    // A new licence number for the same profession is a real change.
    await requestProfessionChange(p.id, change({ toProfession: 'PHYSICIAN', licenceNumber: '54321' }), ctx);
  });
});

describe('dashboard: the next step at each stage', () => {
  it('walks a physician through the five steps', async () => {
    const p = await ensurePerson(db());
    let board = await dashboard(await viewerFor(p.id));
    expect(board.steps.map((s) => [s.key, s.done])).toEqual([
      ['identity', true],
      ['form', false],
      ['course', false],
      ['hpcaa', false],
      ['worksites', false],
    ]);
    expect(board).toMatchObject({ stepsComplete: 1, totalSteps: 5, status: { code: 'NOT_STARTED' }, expectedDecision: null });
    expect(board.next).toEqual({ key: 'form', label: 'Fill in your enrolment form', href: '/enrolment' });

    await save(p.id, enrolmentInput('PHYSICIAN', { intent: 'save' }));
    board = await dashboard(await viewerFor(p.id));
    expect(board.next).toMatchObject({ key: 'form', label: 'Finish and submit your enrolment form' });
    expect(board.status).toMatchObject({ code: 'DRAFT', label: 'Not submitted yet' });

    await save(p.id, enrolmentInput('PHYSICIAN'));
    board = await dashboard(await viewerFor(p.id));
    expect(board).toMatchObject({ stepsComplete: 2, next: { key: 'course', href: '/privacy-course' }, status: { code: 'SUBMITTED' } });

    await completeCourse(db(), p.id);
    board = await dashboard(await viewerFor(p.id));
    expect(board).toMatchObject({ stepsComplete: 3, next: { key: 'hpcaa', href: '/agreement' } });

    await acceptHpcaa(db(), p.id);
    await db().$transaction((tx) => maybeStartReview(tx, p.id, ctx));
    board = await dashboard(await viewerFor(p.id));
    expect(board).toMatchObject({ stepsComplete: 4, next: { key: 'worksites', href: '/worksites' }, status: { code: 'IN_REVIEW', label: 'In review' } });
    const e = await enrolmentOf(p.id);
    const fmt = (d: Date) => new Intl.DateTimeFormat('en-CA', { dateStyle: 'long', timeZone: 'America/Vancouver' }).format(d);
    expect(board.expectedDecision).toMatchObject({ from: fmt(addBusinessDays(e.statusChangedAt, 5)), to: fmt(addBusinessDays(e.statusChangedAt, 7)) });
    expect(board.expectedDecision?.text).toMatch(/^Expect a decision between /);

    // A membership only counts once it is active at an active worksite.
    const w = await createWorksite(db(), { creatorId: p.id, status: 'AWAITING_DECLARATION' });
    await addMember(db(), { worksiteId: w.id, personId: p.id, siteAdmin: true });
    expect((await dashboard(await viewerFor(p.id))).stepsComplete).toBe(4);
    await db().worksite.update({ where: { id: w.id }, data: { status: 'ACTIVE' } });
    board = await dashboard(await viewerFor(p.id));
    expect(board.stepsComplete).toBe(5);
    expect(board.steps.every((s) => s.done)).toBe(true);
    expect(board.next).toMatchObject({ key: 'status', href: '/enrolment' });
  });

  it('an MOA sees the agreement step as done and not needed', async () => {
    const p = await ensurePerson(db());
    await save(p.id, enrolmentInput('CLINICAL_SUPPORT_STAFF'));
    const board = await dashboard(await viewerFor(p.id));
    expect(board.steps.find((s) => s.key === 'hpcaa')).toMatchObject({ done: true, href: null, detail: expect.stringMatching(/Not needed/) });
    expect(board).toMatchObject({ stepsComplete: 3, next: { key: 'course' } });
  });
});
