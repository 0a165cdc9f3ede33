import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { parseInput } from '@/server/action';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { WORKSITE_CODE_ALPHABET } from '@/server/worksites/code';
import { intakeForEdit, myWorksites, worksitePage } from '@/server/worksites/queries';
import { intakeSchema, resubmitIntakeSchema, type IntakeInput } from '@/server/worksites/schema';
import { registerWorksite, resubmitIntake } from '@/server/worksites/service';
import { canonicalJson } from '@/server/submission-snapshot';
import { intakeInput, moveWorksite } from '../factories/intake';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-intake', ip: '203.0.113.7', userAgent: 'vitest' };
const CODE = new RegExp(`^[${WORKSITE_CODE_ALPHABET}]{7}$`);

const register = (personId: string, raw: IntakeInput = intakeInput(), deps = {}) =>
  registerWorksite(personId, parseInput(intakeSchema, raw), ctx, deps);

/** Everything a registration writes, by creator; "nothing stored" compares these before/after. */
async function footprint(personId: string) {
  const worksites = await db().worksite.findMany({
    where: { createdById: personId },
    select: { id: true },
  });
  const ids = worksites.map((w) => w.id);
  return {
    worksites: ids.length,
    history: await db().worksiteStatusChange.count({ where: { worksiteId: { in: ids } } }),
    memberships: await db().membership.count({ where: { personId } }),
    expectedUsers: await db().expectedUser.count({ where: { worksiteId: { in: ids } } }),
    snapshots: await db().submissionSnapshot.count({ where: { submittedById: personId } }),
    audit: await db().auditEvent.count({ where: { actorId: personId } }),
    emails: await db().outboxEmail.count({
      where: { OR: [{ personId }, { worksiteId: { in: ids } }] },
    }),
    keys: await db().idempotencyKey.count({ where: { personId } }),
  };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe('registerWorksite', () => {
  it('writes the worksite, its history, the admin membership, expected users, a snapshot, an audit event and one email', async () => {
    const p = await ensurePerson(db(), { email: 'founder@example.com' });
    const raw = intakeInput({
      emrVendor: 'OSCAR Pro',
      expectedUsers: [
        { name: 'Ana Lopez', email: 'Ana@Example.com', profession: 'PHYSICIAN' },
        { name: 'Sam Lee', email: 'sam@example.com', profession: '' },
      ],
    });
    const values = parseInput(intakeSchema, raw);
    const r = await registerWorksite(p.id, values, ctx);
    expect(r.replayed).toBe(false);
    expect(r.worksiteCode).toMatch(CODE);

    const w = await db().worksite.findUniqueOrThrow({ where: { id: r.worksiteId } });
    expect(w).toMatchObject({
      worksiteCode: r.worksiteCode,
      legalName: 'Harbour Family Practice Ltd.',
      operatingName: 'Harbour Family Practice',
      locationType: 'PRIVATE_PRACTICE_CLINIC',
      roleContext: 'COMMUNITY_SERVICES',
      province: 'BC',
      postalCode: 'V8W 1A1',
      phone: '250-555-0142',
      email: 'office@harbour.example',
      emrVendor: 'OSCAR Pro',
      status: 'INTAKE_SUBMITTED',
      reviewStateBeforeChanges: null,
      createdById: p.id,
    });

    const history = await db().worksiteStatusChange.findMany({ where: { worksiteId: w.id } });
    expect(history).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'INTAKE_SUBMITTED', actorId: p.id }),
    ]);

    const memberships = await db().membership.findMany({
      where: { worksiteId: w.id },
      include: { statusChanges: true },
    });
    expect(memberships).toHaveLength(1);
    expect(memberships[0]).toMatchObject({
      personId: p.id,
      status: 'ACTIVE',
      kind: 'INDEPENDENT',
      isSiteAdmin: true,
    });
    expect(memberships[0]!.statusChanges).toEqual([
      expect.objectContaining({ fromStatus: null, toStatus: 'ACTIVE', actorId: p.id }),
    ]);

    const expected = await db().expectedUser.findMany({
      where: { worksiteId: w.id },
      orderBy: { email: 'asc' },
    });
    expect(expected.map((u) => [u.name, u.email, u.profession, u.invitedAt])).toEqual([
      ['Ana Lopez', 'ana@example.com', 'PHYSICIAN', null],
      ['Sam Lee', 'sam@example.com', null, null],
    ]);

    const snapshots = await db().submissionSnapshot.findMany({ where: { targetId: w.id } });
    expect(snapshots).toHaveLength(1);
    const snap = snapshots[0]!;
    expect(snap).toMatchObject({ kind: 'WORKSITE_INTAKE', worksiteId: w.id, submittedById: p.id });
    expect(snap.data).toEqual(JSON.parse(JSON.stringify(values)));
    // The hash is of the canonical JSON of what is stored, so anyone can re-check it.
    expect(snap.sha256).toBe(createHash('sha256').update(canonicalJson(snap.data)).digest('hex'));
    await expect(
      db().$executeRaw`UPDATE "SubmissionSnapshot" SET "data" = '{}' WHERE id = ${snap.id}::uuid`,
    ).rejects.toThrow(/append-only/);

    const events = await db().auditEvent.findMany({ where: { worksiteId: w.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'worksite.registered',
      actorType: 'PERSON',
      actorId: p.id,
      targetType: 'WORKSITE',
      targetId: w.id,
      requestId: 'req-intake',
      ip: '203.0.113.7',
    });
    expect(events[0]!.after).toMatchObject({
      worksiteCode: w.worksiteCode,
      status: 'INTAKE_SUBMITTED',
      expectedUsers: 2,
      snapshotSha256: snap.sha256,
    });

    const emails = await db().outboxEmail.findMany({ where: { worksiteId: w.id } });
    expect(emails).toHaveLength(1);
    const mail = emails[0]!;
    expect(mail).toMatchObject({
      template: 'worksite.intake-received',
      toAddress: 'founder@example.com',
      personId: p.id,
      status: 'PENDING',
    });
    expect(mail.subject).toContain(w.worksiteCode);
    expect(mail.textBody).toContain(`Worksite ID is ${w.worksiteCode}`);
    expect(mail.htmlBody).toContain(w.worksiteCode);
    expect(mail.textBody).toContain('Privacy & Security Declaration');
    expect(mail.textBody).toContain(`/worksites/${w.id}`);
    expect(mail.textBody).not.toMatch(/never give access/);

    expect(
      await db().idempotencyKey.findUnique({
        where: { key: `worksite.register:${raw.submissionKey}` },
      }),
    ).toMatchObject({
      personId: p.id,
      resultId: w.id,
    });
  });

  it('tells the registrant of a No Clinical Apps worksite that it never gives CareConnect access', async () => {
    const p = await ensurePerson(db());
    const r = await register(p.id, intakeInput({ locationType: 'NO_CLINICAL_APPS' }));
    const [mail] = await db().outboxEmail.findMany({ where: { worksiteId: r.worksiteId } });
    expect(mail!.textBody).toContain('never give access to the CareConnect eHealth Viewer');
    expect(mail!.textBody).toContain('needs no Privacy & Security Declaration');
    const page = await worksitePage(await viewerFor(p.id), r.worksiteId);
    expect(page?.needsDeclaration).toBe(false);
  });

  it('sends the acknowledgement to the worksite email when the registrant has no address on file', async () => {
    const p = await ensurePerson(db());
    await db().person.update({ where: { id: p.id }, data: { contactEmail: null, idpEmail: null } });
    const r = await register(p.id);
    const mails = await db().outboxEmail.findMany({ where: { worksiteId: r.worksiteId } });
    expect(mails.map((m) => m.toAddress)).toEqual(['office@harbour.example']);
  });

  it('the same submission key twice returns the first worksite and creates nothing more', async () => {
    const p = await ensurePerson(db());
    const raw = intakeInput();
    const first = await register(p.id, raw);
    const after = await footprint(p.id);
    // Even with changed values: it is the same rendered form, submitted again.
    const second = await register(p.id, { ...raw, operatingName: 'Something Else' });
    expect(second).toEqual({ ...first, replayed: true });
    expect(await footprint(p.id)).toEqual(after);
    expect(after.worksites).toBe(1);
  });

  it('five concurrent submits with one key create exactly one worksite, and all get its id', async () => {
    const p = await ensurePerson(db());
    const raw = intakeInput();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => register(p.id, raw)));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('fulfilled'));
    const values = results.map(
      (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof register>>>).value,
    );
    expect(new Set(values.map((v) => v.worksiteId)).size).toBe(1);
    expect(values.filter((v) => !v.replayed)).toHaveLength(1);
    const rows = await db().$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM "Worksite" WHERE "createdById" = ${p.id}::uuid`;
    expect(Number(rows[0]?.n)).toBe(1);
    const f = await footprint(p.id);
    expect(f).toMatchObject({
      worksites: 1,
      history: 1,
      memberships: 1,
      snapshots: 1,
      audit: 1,
      emails: 1,
      keys: 1,
    });
  });

  it('a key that belongs to another person is refused, and nothing of theirs is revealed or created', async () => {
    const owner = await ensurePerson(db());
    const other = await ensurePerson(db());
    const raw = intakeInput();
    await register(owner.id, raw);
    const e = await refusal(register(other.id, raw));
    expect(e.code).toBe('CONFLICT');
    expect(await footprint(other.id)).toMatchObject({ worksites: 0, memberships: 0, keys: 0 });
  });

  it('a Worksite ID collision is retried with a new code inside the same transaction', async () => {
    const p = await ensurePerson(db());
    const taken = await createWorksite(db(), { creatorId: p.id });
    const free = 'QRSTUVW';
    const drawn: string[] = [];
    const generateCode = () => {
      const code = drawn.length === 0 ? taken.worksiteCode : free;
      drawn.push(code);
      return code;
    };
    const r = await register(p.id, intakeInput(), { generateCode });
    expect(drawn).toEqual([taken.worksiteCode, free]);
    expect(r.worksiteCode).toBe(free);
    const w = await db().worksite.findUniqueOrThrow({ where: { id: r.worksiteId } });
    expect(w.worksiteCode).toBe(free);
    // The rest of the transaction still happened after the collision.
    expect(await db().membership.count({ where: { worksiteId: w.id, isSiteAdmin: true } })).toBe(1);
    expect(await db().outboxEmail.count({ where: { worksiteId: w.id } })).toBe(1);
    // The worksite that already had the code is untouched.
    expect((await db().worksite.findUniqueOrThrow({ where: { id: taken.id } })).operatingName).toBe(
      'Test Clinic',
    );
  });

  it('when every code drawn is taken it gives up and stores nothing', async () => {
    const p = await ensurePerson(db());
    const taken = await createWorksite(db(), { creatorId: p.id });
    const before = await footprint(p.id);
    await expect(
      register(p.id, intakeInput(), { generateCode: () => taken.worksiteCode }),
    ).rejects.toThrow(/No free Worksite ID/);
    expect(await footprint(p.id)).toEqual(before);
  });

  it('invalid input is refused with field errors and stores nothing', async () => {
    const p = await ensurePerson(db());
    const before = await footprint(p.id);
    const bad = [
      intakeInput({ province: 'AB' }),
      intakeInput({ postalCode: 'T2P 1J9' }),
      intakeInput({ legalName: 'Acme\r\nBcc: x@example.com' }),
      { ...intakeInput(), status: 'ACTIVE' },
      intakeInput({
        expectedUsers: [
          { name: 'A B', email: 'a@example.com' },
          { name: 'C D', email: 'A@example.com' },
        ],
      }),
    ];
    for (const raw of bad) {
      const e = await refusal(Promise.resolve().then(() => register(p.id, raw as IntakeInput)));
      expect(e.code).toBe('VALIDATION');
    }
    const e = await refusal(
      Promise.resolve().then(() => register(p.id, intakeInput({ province: 'ab' }))),
    );
    expect(e.fieldErrors).toEqual({ province: 'Worksites must be in British Columbia' });
    expect(await footprint(p.id)).toEqual(before);
  });

  it('a failure part-way through leaves no worksite, membership, key, email or audit event behind', async () => {
    const p = await ensurePerson(db());
    const before = await footprint(p.id);
    const boom = () => {
      throw new Error('code generator failed');
    };
    await expect(register(p.id, intakeInput(), { generateCode: boom })).rejects.toThrow(
      'code generator failed',
    );
    expect(await footprint(p.id)).toEqual(before);
  });
});

describe('worksite pages', () => {
  it('a non-member, a random id and a malformed id all get the same null', async () => {
    const admin = await ensurePerson(db());
    const stranger = await ensurePerson(db());
    const { worksiteId } = await register(admin.id);
    expect(await worksitePage(await viewerFor(stranger.id), worksiteId)).toBeNull();
    expect(await worksitePage(await viewerFor(stranger.id), randomUUID())).toBeNull();
    expect(await worksitePage(await viewerFor(stranger.id), 'not-a-uuid')).toBeNull();
    expect(await worksitePage(await viewerFor(admin.id), "' OR 1=1 --")).toBeNull();
    expect(await intakeForEdit(await viewerFor(stranger.id), worksiteId)).toBeNull();
  });

  it('a member whose membership ended, or whose join request was declined, no longer sees it', async () => {
    const admin = await ensurePerson(db());
    const { worksiteId } = await register(admin.id);
    for (const status of ['ENDED', 'DECLINED'] as const) {
      const former = await ensurePerson(db());
      await db().membership.create({
        data: { worksiteId, personId: former.id, status, kind: 'INDEPENDENT' },
      });
      expect(await worksitePage(await viewerFor(former.id), worksiteId)).toBeNull();
      expect(await myWorksites(await viewerFor(former.id))).toEqual([]);
    }
  });

  it('shows the creator the details, the Worksite ID, the next step, expected users and the site-admin actions', async () => {
    const admin = await ensurePerson(db());
    const raw = intakeInput({
      expectedUsers: [
        { name: 'Ana Lopez', email: 'ana@example.com', profession: 'NURSE_PRACTITIONER' },
      ],
    });
    const { worksiteId, worksiteCode } = await register(admin.id, raw);
    const page = await worksitePage(await viewerFor(admin.id), worksiteId);
    expect(page).toMatchObject({
      worksiteCode,
      operatingName: 'Harbour Family Practice',
      locationTypeLabel: 'Private practice clinic',
      roleContextLabel: 'Community Services',
      postalCode: 'V8W 1A1',
      status: 'INTAKE_SUBMITTED',
      statusLabel: 'Registration submitted',
      reason: null,
      isSiteAdmin: true,
      myRole: 'Site administrator',
      memberCount: 1,
    });
    expect(page!.nextStep).toMatch(/reviewing your registration/);
    expect(page!.expectedUsers).toEqual([
      expect.objectContaining({
        name: 'Ana Lopez',
        email: 'ana@example.com',
        professionLabel: 'Nurse Practitioner',
        invited: false,
      }),
    ]);
    expect(page!.actions).toEqual(['VIEW_MEMBERS', 'MANAGE_ADMINS', 'EDIT_DETAILS']);
  });

  it('a plain member sees the worksite but no site-admin actions and not the expected users', async () => {
    const admin = await ensurePerson(db());
    const member = await ensurePerson(db());
    const { worksiteId } = await register(
      admin.id,
      intakeInput({ expectedUsers: [{ name: 'Ana Lopez', email: 'ana@example.com' }] }),
    );
    await addMember(db(), { worksiteId, personId: member.id });
    const page = await worksitePage(await viewerFor(member.id), worksiteId);
    expect(page).toMatchObject({
      isSiteAdmin: false,
      myRole: 'Member',
      actions: [],
      expectedUsers: null,
      memberCount: 2,
    });
  });

  it('offers the declaration once the intake is accepted, and edit-and-resubmit with the reason when changes are asked', async () => {
    const staff = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const admin = await ensurePerson(db());
    const a = await register(admin.id);
    await moveWorksite(a.worksiteId, 'ACCEPT_INTAKE', { actorId: staff.id });
    const awaiting = await worksitePage(await viewerFor(admin.id), a.worksiteId);
    expect(awaiting!.actions).toContain('COMPLETE_DECLARATION');
    expect(awaiting!.actions).not.toContain('EDIT_AND_RESUBMIT');

    const b = await register(admin.id);
    await moveWorksite(b.worksiteId, 'REQUEST_CHANGES', {
      actorId: staff.id,
      reason: 'The legal name does not match BC Registries.',
    });
    const changes = await worksitePage(await viewerFor(admin.id), b.worksiteId);
    expect(changes!.actions).toContain('EDIT_AND_RESUBMIT');
    expect(changes!.actions).not.toContain('COMPLETE_DECLARATION');
    expect(changes!.reason?.text).toBe('The legal name does not match BC Registries.');
    expect(changes!.nextStep).toMatch(/changes to the registration/);

    const edit = await intakeForEdit(await viewerFor(admin.id), b.worksiteId);
    expect(edit).toMatchObject({
      canResubmit: true,
      status: 'CHANGES_REQUESTED',
      values: { postalCode: 'V8W 1A1', emrVendor: '' },
    });

    const c = await register(admin.id);
    await moveWorksite(c.worksiteId, 'DECLINE', {
      actorId: staff.id,
      reason: 'Not a health care worksite.',
    });
    const declined = await worksitePage(await viewerFor(admin.id), c.worksiteId);
    expect(declined).toMatchObject({
      status: 'DECLINED',
      actions: [],
      reason: { text: 'Not a health care worksite.' },
    });
  });

  it('lists my worksites with status and role, and not those of others', async () => {
    const me = await ensurePerson(db());
    const other = await ensurePerson(db());
    const mine = await register(me.id, intakeInput({ operatingName: 'Alpha Clinic' }));
    const theirs = await register(other.id, intakeInput({ operatingName: 'Beta Clinic' }));
    await addMember(db(), { worksiteId: theirs.worksiteId, personId: me.id });
    await register(other.id, intakeInput({ operatingName: 'Gamma Clinic' }));
    expect(await myWorksites(await viewerFor(me.id))).toEqual([
      {
        id: mine.worksiteId,
        operatingName: 'Alpha Clinic',
        worksiteCode: mine.worksiteCode,
        status: 'INTAKE_SUBMITTED',
        statusLabel: 'Registration submitted',
        role: 'Site administrator',
      },
      {
        id: theirs.worksiteId,
        operatingName: 'Beta Clinic',
        worksiteCode: theirs.worksiteCode,
        status: 'INTAKE_SUBMITTED',
        statusLabel: 'Registration submitted',
        role: 'Member',
      },
    ]);
  });
});

describe('resubmitIntake', () => {
  async function changesRequested() {
    const staff = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const admin = await ensurePerson(db(), { email: 'admin@example.com' });
    const r = await register(
      admin.id,
      intakeInput({
        expectedUsers: [{ name: 'Ana Lopez', email: 'ana@example.com', profession: 'PHYSICIAN' }],
      }),
    );
    await moveWorksite(r.worksiteId, 'REQUEST_CHANGES', {
      actorId: staff.id,
      reason: 'Use the legal name from BC Registries.',
    });
    return { staff, admin, ...r };
  }

  const resubmitValues = (worksiteId: string, overrides: Record<string, unknown> = {}) =>
    parseInput(resubmitIntakeSchema, {
      ...intakeInput({
        legalName: 'Harbour Family Practice Incorporated',
        postalCode: 'V8V 2B2',
        expectedUsers: [
          { name: 'Ana Lopez', email: 'ana@example.com', profession: 'PHYSICIAN' },
          { name: 'Raj Patel', email: 'raj@example.com' },
        ],
      }),
      worksiteId,
      expectedStatus: 'CHANGES_REQUESTED',
      ...overrides,
    });

  async function writes(worksiteId: string) {
    return {
      history: await db().worksiteStatusChange.count({ where: { worksiteId } }),
      snapshots: await db().submissionSnapshot.count({ where: { worksiteId } }),
      audit: await db().auditEvent.count({ where: { worksiteId } }),
      emails: await db().outboxEmail.count({ where: { worksiteId } }),
      worksite: await db().worksite.findUniqueOrThrow({ where: { id: worksiteId } }),
    };
  }

  it('updates the fields, keeps the first snapshot, adds a new one, returns to the intake queue and tells the team', async () => {
    const { admin, worksiteId, worksiteCode } = await changesRequested();
    const r = await resubmitIntake(admin.id, resubmitValues(worksiteId), ctx);
    expect(r).toEqual({ worksiteId, worksiteCode, replayed: false });

    const w = await db().worksite.findUniqueOrThrow({ where: { id: worksiteId } });
    expect(w).toMatchObject({
      status: 'INTAKE_SUBMITTED',
      reviewStateBeforeChanges: null,
      legalName: 'Harbour Family Practice Incorporated',
      postalCode: 'V8V 2B2',
      worksiteCode,
    });

    const history = await db().worksiteStatusChange.findMany({
      where: { worksiteId },
      orderBy: { createdAt: 'asc' },
    });
    expect(history.map((h) => [h.fromStatus, h.toStatus])).toEqual([
      [null, 'INTAKE_SUBMITTED'],
      ['INTAKE_SUBMITTED', 'CHANGES_REQUESTED'],
      ['CHANGES_REQUESTED', 'INTAKE_SUBMITTED'],
    ]);
    expect(history[2]!.actorId).toBe(admin.id);

    const users = await db().expectedUser.findMany({
      where: { worksiteId },
      orderBy: { email: 'asc' },
    });
    expect(users.map((u) => u.email)).toEqual(['ana@example.com', 'raj@example.com']);

    const snaps = await db().submissionSnapshot.findMany({
      where: { worksiteId },
      orderBy: { createdAt: 'asc' },
    });
    expect(snaps).toHaveLength(2);
    expect((snaps[0]!.data as { legalName: string }).legalName).toBe(
      'Harbour Family Practice Ltd.',
    );
    expect((snaps[1]!.data as { legalName: string }).legalName).toBe(
      'Harbour Family Practice Incorporated',
    );

    const [event] = await db().auditEvent.findMany({
      where: { worksiteId, action: 'worksite.intake_resubmitted' },
    });
    expect(event).toMatchObject({ actorId: admin.id, requestId: 'req-intake' });
    expect(event!.before).toEqual({
      status: 'CHANGES_REQUESTED',
      legalName: 'Harbour Family Practice Ltd.',
      postalCode: 'V8W 1A1',
      expectedUsers: [{ name: 'Ana Lopez', email: 'ana@example.com', profession: 'PHYSICIAN' }],
    });
    expect(event!.after).toMatchObject({
      status: 'INTAKE_SUBMITTED',
      legalName: 'Harbour Family Practice Incorporated',
      postalCode: 'V8V 2B2',
      snapshotId: snaps[1]!.id,
    });
    expect(Object.keys(event!.after as object)).not.toContain('city');

    const teamMails = await db().outboxEmail.findMany({
      where: { worksiteId, template: 'worksite.intake-resubmitted' },
    });
    expect(teamMails).toHaveLength(1);
    expect(teamMails[0]!.toAddress).toBe(env().TEAM_MAILBOX);
    expect(teamMails[0]!.subject).toContain(worksiteCode);
    expect(teamMails[0]!.textBody).toContain('legal name, postal code, expected users');
  });

  it('a double submit of the same corrected form resubmits once', async () => {
    const { admin, worksiteId } = await changesRequested();
    const values = resubmitValues(worksiteId);
    const results = await Promise.allSettled([
      resubmitIntake(admin.id, values, ctx),
      resubmitIntake(admin.id, values, ctx),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const replays = results
      .map((r) => (r as PromiseFulfilledResult<{ replayed: boolean }>).value.replayed)
      .sort();
    expect(replays).toEqual([false, true]);
    expect(await db().worksiteStatusChange.count({ where: { worksiteId } })).toBe(3);
    expect(await db().submissionSnapshot.count({ where: { worksiteId } })).toBe(2);
  });

  it('is refused for a plain member exactly like a missing worksite, and writes nothing', async () => {
    const { worksiteId } = await changesRequested();
    const member = await ensurePerson(db());
    await addMember(db(), { worksiteId, personId: member.id });
    const before = await writes(worksiteId);
    const e = await refusal(resubmitIntake(member.id, resubmitValues(worksiteId), ctx));
    const missing = await refusal(resubmitIntake(member.id, resubmitValues(randomUUID()), ctx));
    const malformed = await refusal(resubmitIntake(member.id, resubmitValues('1 OR 1=1'), ctx));
    expect([e.code, e.message]).toEqual(['NOT_FOUND', missing.message]);
    expect([malformed.code, malformed.message]).toEqual(['NOT_FOUND', missing.message]);
    expect(await writes(worksiteId)).toEqual(before);
  });

  it("is refused for another worksite's site admin with NOT_FOUND", async () => {
    const { worksiteId } = await changesRequested();
    const otherAdmin = await ensurePerson(db());
    await register(otherAdmin.id);
    const before = await writes(worksiteId);
    const e = await refusal(resubmitIntake(otherAdmin.id, resubmitValues(worksiteId), ctx));
    expect(e.code).toBe('NOT_FOUND');
    expect(await writes(worksiteId)).toEqual(before);
  });

  it('is refused when the worksite is not waiting for a corrected intake', async () => {
    const admin = await ensurePerson(db());
    const { worksiteId } = await register(admin.id);
    const before = await writes(worksiteId);
    const e = await refusal(
      resubmitIntake(
        admin.id,
        resubmitValues(worksiteId, { expectedStatus: 'INTAKE_SUBMITTED' }),
        ctx,
      ),
    );
    expect(e.code).toBe('INVALID_TRANSITION');
    expect(await writes(worksiteId)).toEqual(before);
    expect(
      await db().idempotencyKey.count({
        where: { personId: admin.id, action: 'worksite.resubmit' },
      }),
    ).toBe(0);
  });

  it('is refused when the team asked for changes to the declaration, not the intake', async () => {
    const admin = await ensurePerson(db());
    const w = await createWorksite(db(), { creatorId: admin.id, status: 'CHANGES_REQUESTED' });
    await db().worksite.update({
      where: { id: w.id },
      data: { reviewStateBeforeChanges: 'DECLARATION_SUBMITTED' },
    });
    await addMember(db(), { worksiteId: w.id, personId: admin.id, siteAdmin: true });
    const e = await refusal(resubmitIntake(admin.id, resubmitValues(w.id), ctx));
    expect(e.code).toBe('INVALID_TRANSITION');
    expect((await db().worksite.findUniqueOrThrow({ where: { id: w.id } })).status).toBe(
      'CHANGES_REQUESTED',
    );
  });

  it('a stale page (the status it showed has changed) is told who decided and when', async () => {
    const { admin, worksiteId, staff } = await changesRequested();
    const e = await refusal(
      resubmitIntake(
        admin.id,
        resubmitValues(worksiteId, { expectedStatus: 'INTAKE_SUBMITTED' }),
        ctx,
      ),
    );
    expect(e.code).toBe('ALREADY_DECIDED');
    const person = await db().person.findUniqueOrThrow({ where: { id: staff.id } });
    expect(e.message).toContain(person.legalGivenName);
    expect((await db().worksite.findUniqueOrThrow({ where: { id: worksiteId } })).legalName).toBe(
      'Harbour Family Practice Ltd.',
    );
  });
});
