import { describe, expect, it } from 'vitest';
import type { EnrolmentStatus, StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { parseInput } from '@/server/action';
import { db } from '@/server/db';
import { enrolmentForTeam } from '@/server/enrolments/team-queries';
import { enrolmentList as enrolmentQueue, professionChangeList as professionChangeQueue } from '../support/domain-lists';
import { reasonedEnrolmentDecisionSchema } from '@/server/enrolments/team-schema';
import {
  applyProfessionChange,
  approveEnrolment,
  declineEnrolment,
  declineProfessionChange,
  OWN_ENROLMENT_MESSAGE,
  reinstateEnrolment,
  requestEnrolmentChanges,
  suspendEnrolment,
  type StaffCaller,
} from '@/server/enrolments/team-service';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

const ctx = { requestId: 'req-team-1', ip: '192.0.2.10' };

async function staff(roles: StaffRoleKind[], name = 'Sam') {
  const p = await ensurePerson(db(), { givenName: name, familyName: 'Reviewer', staffRoles: roles });
  return { id: p.id, staffRoles: roles } satisfies StaffCaller;
}

async function enrolled(status: EnrolmentStatus = 'IN_REVIEW', statusChangedAt?: Date) {
  const person = await ensurePerson(db(), { givenName: 'Pat', familyName: `Doctor-${crypto.randomUUID().slice(0, 6)}` });
  const enrolment = await createEnrolment(db(), { personId: person.id, status, statusChangedAt });
  return { person, enrolment };
}

async function refused(p: Promise<unknown>, code: string, message?: string | RegExp): Promise<DomainError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  if (message) expect((e as DomainError).message).toMatch(message);
  return e as DomainError;
}

const statusOf = async (id: string) => (await db().enrolment.findUniqueOrThrow({ where: { id } })).status;
const emailsTo = (personId: string) => db().outboxEmail.findMany({ where: { personId }, orderBy: { createdAt: 'asc' } });
const decisionEvents = (enrolmentId: string) =>
  db().auditEvent.findMany({ where: { targetType: 'ENROLMENT', targetId: enrolmentId, action: { startsWith: 'enrolment.' } } });

describe('approve', () => {
  it('approves, keeps history and audit, and sends the welcome package listing worksites with their Worksite IDs', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { person, enrolment } = await enrolled();
    const creator = await ensurePerson(db());
    const main = await createWorksite(db(), { creatorId: creator.id, operatingName: 'Harbour Clinic' });
    const second = await createWorksite(db(), { creatorId: creator.id, operatingName: 'Hillside Clinic' });
    const left = await createWorksite(db(), { creatorId: creator.id, operatingName: 'Old Clinic' });
    await createMembership(db(), { worksiteId: main.id, personId: person.id, status: 'ACTIVE' });
    await createMembership(db(), { worksiteId: second.id, personId: person.id, status: 'REQUESTED' });
    await createMembership(db(), { worksiteId: left.id, personId: person.id, status: 'ENDED' });

    const r = await approveEnrolment(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason: 'Licence checked.' }, ctx);
    expect(r).toMatchObject({ status: 'APPROVED' });
    const after = await db().enrolment.findUniqueOrThrow({ where: { id: enrolment.id } });
    expect(after).toMatchObject({ status: 'APPROVED', decidedById: team.id });
    const last = await db().enrolmentStatusChange.findFirstOrThrow({ where: { enrolmentId: enrolment.id }, orderBy: { createdAt: 'desc' } });
    expect(last).toMatchObject({ fromStatus: 'IN_REVIEW', toStatus: 'APPROVED', actorId: team.id, reason: 'Licence checked.' });
    const [event] = await decisionEvents(enrolment.id);
    expect(event).toMatchObject({
      action: 'enrolment.approved',
      actorType: 'STAFF',
      actorId: team.id,
      personId: person.id,
      requestId: 'req-team-1',
      before: { status: 'IN_REVIEW' },
      after: { status: 'APPROVED', emailed: true },
    });

    const [email] = await emailsTo(person.id);
    expect(email).toMatchObject({ template: 'enrolment.approved', toAddress: person.contactEmail, status: 'PENDING' });
    expect(email!.subject).toContain('approved');
    for (const body of [email!.textBody, email!.htmlBody]) {
      expect(body).toContain('CareConnect eHealth Viewer');
      expect(body).toContain(`Harbour Clinic, Victoria — Worksite ID ${main.worksiteCode}`);
      expect(body).toContain(`Hillside Clinic, Victoria — Worksite ID ${second.worksiteCode}`);
      expect(body).not.toContain(left.worksiteCode);
      expect(body).toContain('Licence checked.');
    }
  });

  it('says how to join a worksite when the person has none', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { person, enrolment } = await enrolled();
    await approveEnrolment(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx);
    const [email] = await emailsTo(person.id);
    expect(email!.textBody).toContain('You have not joined a worksite yet');
  });
});

describe('decline and request changes', () => {
  it('decline needs a reason, quotes it to the person, and is final', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { person, enrolment } = await enrolled();
    // The form schema refuses a missing or blank reason before the service is reached …
    for (const reason of [undefined, '', '   ']) {
      expect(() => parseInput(reasonedEnrolmentDecisionSchema, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason })).toThrow(
        DomainError,
      );
    }
    // … and the service refuses one too.
    const e = await refused(declineEnrolment(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason: '  ' }, ctx), 'VALIDATION');
    expect(Object.keys(e.fieldErrors ?? {})).toEqual(['reason']);
    expect(await statusOf(enrolment.id)).toBe('IN_REVIEW');
    expect(await emailsTo(person.id)).toHaveLength(0);

    const reason = 'The licence number belongs to someone else.';
    await declineEnrolment(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason }, ctx);
    expect(await statusOf(enrolment.id)).toBe('DECLINED');
    const [email] = await emailsTo(person.id);
    expect(email).toMatchObject({ template: 'enrolment.declined' });
    expect(email!.textBody).toContain(reason);
    expect((await decisionEvents(enrolment.id)).map((a) => a.action)).toEqual(['enrolment.declined']);
  });

  it('request changes needs a reason and quotes it', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { person, enrolment } = await enrolled();
    await refused(requestEnrolmentChanges(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason: '' }, ctx), 'VALIDATION');
    const reason = 'Please give your licence number as shown on the college register.';
    expect(await requestEnrolmentChanges(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason }, ctx)).toMatchObject({
      status: 'CHANGES_REQUESTED',
    });
    const [email] = await emailsTo(person.id);
    expect(email).toMatchObject({ template: 'enrolment.changes-requested' });
    expect(email!.textBody).toContain(reason);
    expect(email!.textBody).toContain('/enrolment');
  });
});

describe('who may decide', () => {
  it('refuses non-staff and the wrong role, writing nothing', async () => {
    const nobody = await staff([]);
    const auditor = await staff(['AUDITOR']);
    const admin = await staff(['STAFF_ADMIN']);
    const { person, enrolment } = await enrolled();
    const input = { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW' as const, reason: 'Looks fine to me.' };
    await refused(approveEnrolment(nobody, input, ctx), 'FORBIDDEN');
    await refused(approveEnrolment(auditor, input, ctx), 'FORBIDDEN', 'Only the enrolment team can do this.');
    await refused(approveEnrolment(admin, input, ctx), 'FORBIDDEN');
    await refused(declineEnrolment(auditor, input, ctx), 'FORBIDDEN');
    await refused(requestEnrolmentChanges(auditor, input, ctx), 'FORBIDDEN');
    await refused(suspendEnrolment(admin, { ...input, expectedStatus: 'APPROVED' }, ctx), 'FORBIDDEN');
    expect(await statusOf(enrolment.id)).toBe('IN_REVIEW');
    expect(await decisionEvents(enrolment.id)).toHaveLength(0);
    expect(await emailsTo(person.id)).toHaveLength(0);
  });

  it('refuses a staff member deciding their own enrolment', async () => {
    const me = await staff(['ENROLMENT_TEAM', 'AUDITOR']);
    const enrolment = await createEnrolment(db(), { personId: me.id, status: 'IN_REVIEW' });
    await refused(approveEnrolment(me, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx), 'FORBIDDEN', OWN_ENROLMENT_MESSAGE);
    await refused(
      declineEnrolment(me, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason: 'Not me, surely.' }, ctx),
      'FORBIDDEN',
      OWN_ENROLMENT_MESSAGE,
    );
    expect(await statusOf(enrolment.id)).toBe('IN_REVIEW');
  });

  it('an auditor may suspend (with a reason) and reinstate; each is emailed', async () => {
    const auditor = await staff(['AUDITOR']);
    const { person, enrolment } = await enrolled('APPROVED');
    await refused(suspendEnrolment(auditor, { enrolmentId: enrolment.id, expectedStatus: 'APPROVED', reason: '' }, ctx), 'VALIDATION');
    await suspendEnrolment(auditor, { enrolmentId: enrolment.id, expectedStatus: 'APPROVED', reason: 'Audit found lookups of non-patients.' }, ctx);
    expect(await statusOf(enrolment.id)).toBe('SUSPENDED');
    await reinstateEnrolment(auditor, { enrolmentId: enrolment.id, expectedStatus: 'SUSPENDED' }, ctx);
    expect(await statusOf(enrolment.id)).toBe('APPROVED');
    expect((await emailsTo(person.id)).map((e) => e.template)).toEqual(['enrolment.suspended', 'enrolment.reinstated']);
    expect((await decisionEvents(enrolment.id)).map((e) => e.action).sort()).toEqual(['enrolment.reinstated', 'enrolment.suspended']);
  });
});

describe('order and staleness', () => {
  it.each([
    ['approve a draft', 'DRAFT', (s: StaffCaller, id: string, st: EnrolmentStatus) => approveEnrolment(s, { enrolmentId: id, expectedStatus: st }, ctx)],
    ['approve a submitted enrolment whose steps are not done', 'SUBMITTED', (s: StaffCaller, id: string, st: EnrolmentStatus) =>
      approveEnrolment(s, { enrolmentId: id, expectedStatus: st }, ctx)],
    ['decline an approved enrolment', 'APPROVED', (s: StaffCaller, id: string, st: EnrolmentStatus) =>
      declineEnrolment(s, { enrolmentId: id, expectedStatus: st, reason: 'Changed my mind.' }, ctx)],
    ['suspend one in review', 'IN_REVIEW', (s: StaffCaller, id: string, st: EnrolmentStatus) =>
      suspendEnrolment(s, { enrolmentId: id, expectedStatus: st, reason: 'Too early for this.' }, ctx)],
    ['reinstate an approved one', 'APPROVED', (s: StaffCaller, id: string, st: EnrolmentStatus) =>
      reinstateEnrolment(s, { enrolmentId: id, expectedStatus: st }, ctx)],
  ] as const)('refuses to %s', async (_n, status, act) => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { enrolment } = await enrolled(status);
    await refused(act(team, enrolment.id, status), 'INVALID_TRANSITION');
    expect(await statusOf(enrolment.id)).toBe(status);
    expect(await decisionEvents(enrolment.id)).toHaveLength(0);
  });

  it('a stale page gets ALREADY_DECIDED naming who decided and when', async () => {
    const first = await staff(['ENROLMENT_TEAM'], 'Morgan');
    const second = await staff(['ENROLMENT_TEAM'], 'Riley');
    const { person, enrolment } = await enrolled();
    await approveEnrolment(first, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx);
    const e = await refused(
      declineEnrolment(second, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason: 'Licence is not valid.' }, ctx),
      'ALREADY_DECIDED',
    );
    expect(e.message).toMatch(/already decided by Morgan Reviewer, at \d{4}-\d\d-\d\d \d\d:\d\d Pacific time/);
    expect(await statusOf(enrolment.id)).toBe('APPROVED');
    expect(await emailsTo(person.id)).toHaveLength(1);
  });

  it('an unknown or malformed enrolment id is NOT_FOUND', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    await refused(approveEnrolment(team, { enrolmentId: crypto.randomUUID(), expectedStatus: 'IN_REVIEW' }, ctx), 'NOT_FOUND');
    await refused(approveEnrolment(team, { enrolmentId: 'not-a-uuid', expectedStatus: 'IN_REVIEW' }, ctx), 'NOT_FOUND');
  });

  it('two staff approving and declining at once: exactly one decision, one audit event, one email (repeated)', async () => {
    const a = await staff(['ENROLMENT_TEAM'], 'Avery');
    const b = await staff(['ENROLMENT_TEAM'], 'Blake');
    for (let round = 0; round < 10; round++) {
      const { person, enrolment } = await enrolled();
      const results = await Promise.allSettled([
        approveEnrolment(a, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx),
        declineEnrolment(b, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason: 'Licence is not in good standing.' }, ctx),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0]!.reason as DomainError).code).toBe('ALREADY_DECIDED');

      const [counts] = await db().$queryRaw<{ changes: bigint; audits: bigint; emails: bigint }[]>`
        SELECT
          (SELECT count(*) FROM "EnrolmentStatusChange" WHERE "enrolmentId" = ${enrolment.id}::uuid AND "fromStatus" = 'IN_REVIEW') AS changes,
          (SELECT count(*) FROM "AuditEvent" WHERE "targetId" = ${enrolment.id} AND action IN ('enrolment.approved', 'enrolment.declined')) AS audits,
          (SELECT count(*) FROM "OutboxEmail" WHERE "personId" = ${person.id}::uuid) AS emails`;
      expect([Number(counts!.changes), Number(counts!.audits), Number(counts!.emails)]).toEqual([1, 1, 1]);
      const status = await statusOf(enrolment.id);
      expect(['APPROVED', 'DECLINED']).toContain(status);
    }
  });
});

describe('team pages', () => {
  it('the queue lists enrolments in review oldest first, with business-day ages, across pages', async () => {
    const now = new Date('2030-03-15T20:00:00Z'); // a Friday
    const team = await staff(['ENROLMENT_TEAM']);
    const old = await enrolled('IN_REVIEW', new Date('2030-03-01T20:00:00Z'));
    const newer = await enrolled('IN_REVIEW', new Date('2030-03-08T20:00:00Z'));
    await enrolled('SUBMITTED', new Date('2030-02-01T20:00:00Z'));
    const all: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof enrolmentQueue>> = await enrolmentQueue(team, { now, after, pageSize: 2 });
      all.push(...page.rows.map((r) => r.id));
      after = page.nextCursor;
    } while (after);
    expect(all.indexOf(old.enrolment.id)).toBeLessThan(all.indexOf(newer.enrolment.id));
    expect(new Set(all).size).toBe(all.length);
    const rows = (await enrolmentQueue(team, { now, pageSize: 500 })).rows;
    expect(rows.every((r) => r.id !== undefined)).toBe(true);
    expect(rows.find((r) => r.id === old.enrolment.id)).toMatchObject({ ageDays: 10, ageTone: 'red', detail: { profession: 'Physician', licence: 'CPSBC 12345' } });
    expect(rows.find((r) => r.id === newer.enrolment.id)).toMatchObject({ ageDays: 5, ageTone: 'normal' });
  });

  it('viewing the detail audits person.viewed_by_staff and shows the history with names', async () => {
    const team = await staff(['ENROLMENT_TEAM'], 'Jordan');
    const { person, enrolment } = await enrolled();
    await requestEnrolmentChanges(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW', reason: 'Wrong licence number given.' }, ctx);
    const view = await enrolmentForTeam(team, enrolment.id, ctx);
    expect(view).toMatchObject({
      id: enrolment.id,
      own: false,
      status: 'CHANGES_REQUESTED',
      person: { id: person.id, legalName: `${person.legalGivenName} ${person.legalFamilyName}`, contactEmail: person.contactEmail },
      profession: 'Physician',
      licenceNumber: '12345',
      course: null,
      agreement: { state: 'missing', needed: true },
      decisions: [],
      mayRecordCourse: true,
    });
    expect(view!.history.at(-1)).toMatchObject({ to: 'Changes requested', reason: 'Wrong licence number given.', by: 'Jordan Reviewer' });
    const [event] = await db().auditEvent.findMany({ where: { action: 'person.viewed_by_staff', personId: person.id } });
    expect(event).toMatchObject({ actorType: 'STAFF', actorId: team.id, targetType: 'PERSON', targetId: person.id, requestId: 'req-team-1' });

    // Someone without a staff role is refused; an unknown id gives nothing (and audits nothing).
    const nobody = await ensurePerson(db());
    await refused(enrolmentForTeam({ id: nobody.id, staffRoles: [] }, enrolment.id), 'FORBIDDEN');
    expect(await enrolmentForTeam(team, crypto.randomUUID())).toBeNull();
    expect(await db().auditEvent.count({ where: { action: 'person.viewed_by_staff', personId: person.id } })).toBe(1);
  });

  it('offers only the decisions the viewer may take', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const auditor = await staff(['AUDITOR']);
    const { enrolment } = await enrolled();
    expect((await enrolmentForTeam(team, enrolment.id))!.decisions.sort()).toEqual(['approve', 'decline', 'requestChanges']);
    expect((await enrolmentForTeam(auditor, enrolment.id))!.decisions).toEqual([]);
    const own = await createEnrolment(db(), { personId: team.id, status: 'IN_REVIEW' });
    expect((await enrolmentForTeam(team, own.id))!).toMatchObject({ own: true, decisions: [], mayRecordCourse: false });
  });
});

describe('profession change requests', () => {
  async function withRequest() {
    const { person, enrolment } = await enrolled('APPROVED');
    const request = await db().professionChangeRequest.create({
      data: {
        personId: person.id,
        fromProfession: 'PHYSICIAN',
        toProfession: 'NURSE_PRACTITIONER',
        college: 'BCCNM',
        licenceNumber: '7777777',
        reason: 'I now practise as a nurse practitioner.',
      },
    });
    return { person, enrolment, request };
  }

  it('applying it updates the enrolment, closes the request, audits and emails', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { person, enrolment, request } = await withRequest();
    expect((await professionChangeQueue(team)).map((r) => r.id)).toContain(request.id);
    await applyProfessionChange(team, { requestId: request.id, reason: 'Checked on the BCCNM register.' }, ctx);
    expect(await db().enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).toMatchObject({
      profession: 'NURSE_PRACTITIONER',
      college: 'BCCNM',
      licenceNumber: '7777777',
    });
    expect(await db().professionChangeRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: 'APPLIED', decidedById: team.id });
    const [email] = await emailsTo(person.id);
    expect(email).toMatchObject({ template: 'enrolment.profession-change-applied' });
    expect(email!.textBody).toContain('Nurse Practitioner, BCCNM licence number 7777777');
    expect(await db().auditEvent.count({ where: { action: 'enrolment.profession_change_applied', targetId: request.id } })).toBe(1);
    expect((await professionChangeQueue(team)).map((r) => r.id)).not.toContain(request.id);
  });

  it('declining needs a reason and leaves the enrolment as it was', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { person, enrolment, request } = await withRequest();
    await refused(declineProfessionChange(team, { requestId: request.id, reason: '' }, ctx), 'VALIDATION');
    await declineProfessionChange(team, { requestId: request.id, reason: 'Not on the BCCNM register.' }, ctx);
    expect((await db().enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).profession).toBe('PHYSICIAN');
    const [email] = await emailsTo(person.id);
    expect(email!.textBody).toContain('Not on the BCCNM register.');
  });

  it('refuses the wrong role, one’s own request, and a second decision', async () => {
    const team = await staff(['ENROLMENT_TEAM'], 'Casey');
    const other = await staff(['ENROLMENT_TEAM']);
    const auditor = await staff(['AUDITOR']);
    const { request } = await withRequest();
    await refused(applyProfessionChange(auditor, { requestId: request.id }, ctx), 'FORBIDDEN');
    const results = await Promise.allSettled([
      applyProfessionChange(team, { requestId: request.id }, ctx),
      declineProfessionChange(other, { requestId: request.id, reason: 'Not on the register.' }, ctx),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect((lost.reason as DomainError).code).toBe('ALREADY_DECIDED');

    const ownEnrolment = await createEnrolment(db(), { personId: team.id, status: 'APPROVED' });
    const own = await db().professionChangeRequest.create({
      data: { personId: team.id, fromProfession: 'PHYSICIAN', toProfession: 'PHARMACIST', college: 'CPBC', licenceNumber: '11111', reason: 'Mine.' },
    });
    await refused(applyProfessionChange(team, { requestId: own.id }, ctx), 'FORBIDDEN', OWN_ENROLMENT_MESSAGE);
    expect((await db().enrolment.findUniqueOrThrow({ where: { id: ownEnrolment.id } })).profession).toBe('PHYSICIAN');
    await refused(applyProfessionChange(team, { requestId: crypto.randomUUID() }, ctx), 'NOT_FOUND');
  });
});
