import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LocationType, StaffRoleKind, WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { decisionSchema, reasonedDecisionSchema } from '@/server/worksites/team-schema';
import {
  acceptIntake,
  approveDeclaration,
  BELONGS_MESSAGE,
  closeWorksite,
  decline,
  reinstateWorksite,
  requestChanges,
  suspendWorksite,
  type StaffCaller,
} from '@/server/worksites/team-service';
import {
  worksiteForTeam,
  worksiteQueueCounts,
} from '@/server/worksites/team-queries';
import { ensureDeclarationVersion } from '../../prisma/seed-data/declaration-v1';
import { hashInvitationToken } from '@/server/invitations/token';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { now } from '../support/clock';
import { worksiteList as worksiteQueue } from '../support/domain-lists';

// The queues only ask whether the reader holds a team role.
const QUEUE_READER: StaffCaller = { id: '00000000-0000-4000-8000-000000000001', staffRoles: ['AUDITOR'] };

const ctx = { requestId: 'test-request', ip: '203.0.113.9' };
const REASON = 'The legal name does not match the business registry.';

async function staff(
  roles: StaffRoleKind[],
  name?: string,
): Promise<StaffCaller & { name: string }> {
  const familyName = name ?? `Staff ${randomUUID().slice(0, 6)}`;
  const p = await ensurePerson(db(), { givenName: 'Sam', familyName, staffRoles: roles });
  return { id: p.id, staffRoles: roles, name: `Sam ${familyName}` };
}

/** A worksite in a given state with one site admin (who gets the emails). */
async function clinic(status: WorksiteStatus, opts: { locationType?: LocationType } = {}) {
  const admin = await ensurePerson(db());
  const w = await createWorksite(db(), {
    creatorId: admin.id,
    status,
    operatingName: `Clinic ${randomUUID().slice(0, 6)}`,
  });
  const ws = opts.locationType
    ? await db().worksite.update({ where: { id: w.id }, data: { locationType: opts.locationType } })
    : w;
  await addMember(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return { ws, admin };
}

/** Everything a decision writes, to show a refusal wrote nothing. */
async function traces(worksiteId: string) {
  const [w, history, audits, emails, invitations] = await Promise.all([
    db().worksite.findUniqueOrThrow({ where: { id: worksiteId } }),
    db().worksiteStatusChange.count({ where: { worksiteId } }),
    db().auditEvent.count({ where: { worksiteId } }),
    db().outboxEmail.count({ where: { worksiteId } }),
    db().invitation.count({ where: { worksiteId } }),
  ]);
  return { status: w.status, history, audits, emails, invitations };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, 'expected a refusal').toBeInstanceOf(DomainError);
  return e as DomainError;
}

type DecisionFn = (
  s: StaffCaller,
  input: { worksiteId: string; expectedStatus: WorksiteStatus; reason: string },
  c: typeof ctx,
) => Promise<{ status: WorksiteStatus }>;

const CASES: {
  name: string;
  run: DecisionFn;
  from: WorksiteStatus;
  to: WorksiteStatus;
  audit: string;
  template: string;
  reasonRequired: boolean;
  auditorMay: boolean;
}[] = [
  {
    name: 'accept intake',
    run: acceptIntake,
    from: 'INTAKE_SUBMITTED',
    to: 'AWAITING_DECLARATION',
    audit: 'worksite.intake_accepted',
    template: 'worksite.enrolment-instructions',
    reasonRequired: false,
    auditorMay: false,
  },
  {
    name: 'request changes to an intake',
    run: requestChanges,
    from: 'INTAKE_SUBMITTED',
    to: 'CHANGES_REQUESTED',
    audit: 'worksite.changes_requested',
    template: 'worksite.changes-requested',
    reasonRequired: true,
    auditorMay: false,
  },
  {
    name: 'request changes to a declaration',
    run: requestChanges,
    from: 'DECLARATION_SUBMITTED',
    to: 'CHANGES_REQUESTED',
    audit: 'worksite.changes_requested',
    template: 'worksite.changes-requested',
    reasonRequired: true,
    auditorMay: false,
  },
  {
    name: 'decline an intake',
    run: decline,
    from: 'INTAKE_SUBMITTED',
    to: 'DECLINED',
    audit: 'worksite.declined',
    template: 'worksite.declined',
    reasonRequired: true,
    auditorMay: false,
  },
  {
    name: 'decline a declaration',
    run: decline,
    from: 'DECLARATION_SUBMITTED',
    to: 'DECLINED',
    audit: 'worksite.declined',
    template: 'worksite.declined',
    reasonRequired: true,
    auditorMay: false,
  },
  {
    name: 'approve a declaration',
    run: approveDeclaration,
    from: 'DECLARATION_SUBMITTED',
    to: 'ACTIVE',
    audit: 'worksite.approved',
    template: 'worksite.approved',
    reasonRequired: false,
    auditorMay: false,
  },
  {
    name: 'suspend',
    run: suspendWorksite,
    from: 'ACTIVE',
    to: 'SUSPENDED',
    audit: 'worksite.suspended',
    template: 'worksite.suspended',
    reasonRequired: true,
    auditorMay: true,
  },
  {
    name: 'reinstate',
    run: reinstateWorksite,
    from: 'SUSPENDED',
    to: 'ACTIVE',
    audit: 'worksite.reinstated',
    template: 'worksite.reinstated',
    reasonRequired: false,
    auditorMay: true,
  },
  {
    name: 'close',
    run: closeWorksite,
    from: 'ACTIVE',
    to: 'CLOSED',
    audit: 'worksite.closed',
    template: 'worksite.closed',
    reasonRequired: true,
    auditorMay: false,
  },
];

describe('team decisions succeed with a history row, an audit event and an email', () => {
  for (const c of CASES) {
    for (const role of c.auditorMay
      ? (['ENROLMENT_TEAM', 'AUDITOR'] as const)
      : (['ENROLMENT_TEAM'] as const)) {
      it(`${c.name} as ${role}`, async () => {
        const team = await staff([role]);
        const { ws, admin } = await clinic(c.from);
        const result = await c.run(
          team,
          { worksiteId: ws.id, expectedStatus: c.from, reason: REASON },
          ctx,
        );
        expect(result.status).toBe(c.to);

        const after = await db().worksite.findUniqueOrThrow({ where: { id: ws.id } });
        expect(after.status).toBe(c.to);
        if (c.to === 'CHANGES_REQUESTED') expect(after.reviewStateBeforeChanges).toBe(c.from);

        const history = await db().worksiteStatusChange.findMany({ where: { worksiteId: ws.id } });
        expect(history).toMatchObject([
          { fromStatus: c.from, toStatus: c.to, actorId: team.id, reason: REASON },
        ]);

        const audits = await db().auditEvent.findMany({
          where: { worksiteId: ws.id, action: c.audit },
        });
        expect(audits).toHaveLength(1);
        expect(audits[0]).toMatchObject({
          actorType: 'STAFF',
          actorId: team.id,
          targetType: 'WORKSITE',
          targetId: ws.id,
          requestId: ctx.requestId,
          ip: ctx.ip,
          before: { status: c.from },
          after: { status: c.to, reason: REASON },
        });

        const emails = await db().outboxEmail.findMany({
          where: { worksiteId: ws.id, template: c.template },
        });
        expect(emails).toHaveLength(1);
        const email = emails[0]!;
        expect(email.toAddress).toBe(admin.contactEmail);
        expect(email.subject).toContain(`Worksite ID ${ws.worksiteCode}`);
        expect(email.textBody).toContain(`Worksite ID ${ws.worksiteCode}`);
        expect(email.htmlBody).toContain(ws.worksiteCode);
        if (c.reasonRequired) expect(email.textBody).toContain(REASON);
      });
    }
  }

  it('the enrolment instructions say what the declaration needs and link to it', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await clinic('INTAKE_SUBMITTED');
    await acceptIntake(team, { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED' }, ctx);
    const email = await db().outboxEmail.findFirstOrThrow({ where: { worksiteId: ws.id } });
    expect(email.textBody).toMatch(/signing authority/i);
    expect(email.textBody).toMatch(/safeguard/i);
    expect(email.textBody).toMatch(/antivirus/i);
    expect(email.textBody).toMatch(/screenshot/i);
    expect(email.textBody).toContain(`/worksites/${ws.id}/declaration`);
  });

  it('accepting a "No Clinical Apps" intake makes it active with no declaration step', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await clinic('INTAKE_SUBMITTED', { locationType: 'NO_CLINICAL_APPS' });
    await db().expectedUser.create({
      data: { worksiteId: ws.id, name: 'Pat Doe', email: 'pat.nca@example.com' },
    });
    const r = await acceptIntake(
      team,
      { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED' },
      ctx,
    );
    expect(r.status).toBe('ACTIVE');
    const templates = (await db().outboxEmail.findMany({ where: { worksiteId: ws.id } }))
      .map((e) => e.template)
      .sort();
    expect(templates).toEqual(['invitation.sent', 'worksite.approved']);
    const approved = await db().outboxEmail.findFirstOrThrow({
      where: { worksiteId: ws.id, template: 'worksite.approved' },
    });
    expect(approved.textBody).toMatch(/BC Services Card registration only/);
  });

  it('approving invites the expected users in one write: each address once, members and waiting links not again, each link working', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await clinic('DECLARATION_SUBMITTED');
    const member = await ensurePerson(db(), { email: 'Already.Member@example.com' });
    await addMember(db(), { worksiteId: ws.id, personId: member.id });
    const waiting = await db().invitation.create({
      data: { worksiteId: ws.id, email: 'waiting@example.com', tokenHash: randomUUID(), expiresAt: new Date(now().getTime() + 86_400_000) },
    });
    const expected = [
      ['Ana Lopez', 'ana@example.com'],
      ['Ana Again', ' ANA@example.com '],
      ['Member', 'already.member@EXAMPLE.com'],
      ['Waiting', 'Waiting@example.com'],
      ['Bo Chen', 'bo@example.com'],
    ];
    for (const [name, email] of expected) await db().expectedUser.create({ data: { worksiteId: ws.id, name: name!, email: email! } });

    await approveDeclaration(team, { worksiteId: ws.id, expectedStatus: 'DECLARATION_SUBMITTED' }, ctx);

    const invitations = await db().invitation.findMany({ where: { worksiteId: ws.id }, orderBy: { email: 'asc' } });
    expect(invitations.map((i) => [i.email, i.status, i.invitedById])).toEqual([
      ['ana@example.com', 'PENDING', team.id],
      ['bo@example.com', 'PENDING', team.id],
      ['waiting@example.com', 'PENDING', null],
    ]);
    const emails = await db().outboxEmail.findMany({ where: { worksiteId: ws.id, template: 'invitation.sent' } });
    expect(emails.map((e) => e.toAddress).sort()).toEqual(['ana@example.com', 'bo@example.com']);
    for (const e of emails) {
      // The link in the email opens the invitation stored for that address, from that inviter.
      const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(e.textBody)?.[1];
      const inv = invitations.find((i) => i.email === e.toAddress)!;
      expect(token && hashInvitationToken(token)).toBe(inv.tokenHash);
      expect(e.textBody).toContain(team.name);
    }
    expect(invitations.find((i) => i.id === waiting.id)?.tokenHash).toBe(waiting.tokenHash);
    const created = await db().auditEvent.findMany({ where: { worksiteId: ws.id, action: 'invitation.created' } });
    expect(created.map((a) => a.targetId).sort()).toEqual(invitations.filter((i) => i.invitedById).map((i) => i.id).sort());
    // A member is not "invited"; everyone else is marked, the waiting address too.
    const marked = await db().expectedUser.findMany({ where: { worksiteId: ws.id }, orderBy: { createdAt: 'asc' } });
    expect(marked.map((u) => [u.name, u.invitedAt !== null])).toEqual([
      ['Ana Lopez', true],
      ['Ana Again', true],
      ['Member', false],
      ['Waiting', true],
      ['Bo Chen', true],
    ]);
    const approved = await db().outboxEmail.findFirstOrThrow({ where: { worksiteId: ws.id, template: 'worksite.approved' } });
    expect(approved.textBody).toContain("The 3 colleagues you listed when you registered have been sent an invitation.");
  });

  it('the changes-requested email quotes the reason and links to the worksite page', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await clinic('DECLARATION_SUBMITTED');
    await requestChanges(
      team,
      { worksiteId: ws.id, expectedStatus: 'DECLARATION_SUBMITTED', reason: REASON },
      ctx,
    );
    const email = await db().outboxEmail.findFirstOrThrow({ where: { worksiteId: ws.id } });
    expect(email.subject).toMatch(/declaration/);
    expect(email.textBody).toContain(`“${REASON}”`);
    expect(email.textBody).toMatch(new RegExp(`/worksites/${ws.id}(?!/)`));
  });
});

describe('who may decide', () => {
  for (const c of CASES) {
    it(`${c.name}: refused for a person without a staff role, with nothing written`, async () => {
      const { ws, admin } = await clinic(c.from);
      const outsider = await ensurePerson(db());
      const before = await traces(ws.id);
      for (const who of [
        { id: outsider.id, staffRoles: [] },
        { id: admin.id, staffRoles: [] },
      ]) {
        const e = await refusal(
          c.run(who, { worksiteId: ws.id, expectedStatus: c.from, reason: REASON }, ctx),
        );
        expect(e.code).toBe('FORBIDDEN');
      }
      expect(await traces(ws.id)).toEqual(before);
    });

    if (!c.auditorMay) {
      it(`${c.name}: refused for an auditor (only the enrolment team decides)`, async () => {
        const auditor = await staff(['AUDITOR']);
        const { ws } = await clinic(c.from);
        const before = await traces(ws.id);
        const e = await refusal(
          c.run(auditor, { worksiteId: ws.id, expectedStatus: c.from, reason: REASON }, ctx),
        );
        expect(e.code).toBe('FORBIDDEN');
        expect(e.message).toMatch(/enrolment team/);
        expect(await traces(ws.id)).toEqual(before);
      });
    }

    it(`${c.name}: refused for a staff member who belongs to the worksite`, async () => {
      const team = await staff(['ENROLMENT_TEAM', 'AUDITOR']);
      const { ws } = await clinic(c.from);
      await addMember(db(), { worksiteId: ws.id, personId: team.id, status: 'REQUESTED' });
      const before = await traces(ws.id);
      const e = await refusal(
        c.run(team, { worksiteId: ws.id, expectedStatus: c.from, reason: REASON }, ctx),
      );
      expect(e.code).toBe('FORBIDDEN');
      expect(e.message).toBe(BELONGS_MESSAGE);
      expect(await traces(ws.id)).toEqual(before);
    });
  }

  it('a staff member whose membership there has ended may decide', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await clinic('INTAKE_SUBMITTED');
    await db().membership.create({
      data: { worksiteId: ws.id, personId: team.id, status: 'ENDED', kind: 'INDEPENDENT' },
    });
    await expect(
      acceptIntake(team, { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED' }, ctx),
    ).resolves.toMatchObject({ status: 'AWAITING_DECLARATION' });
  });

  it('an unknown or malformed worksite id answers NOT_FOUND, the same way', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const a = await refusal(
      acceptIntake(team, { worksiteId: randomUUID(), expectedStatus: 'INTAKE_SUBMITTED' }, ctx),
    );
    const b = await refusal(
      acceptIntake(team, { worksiteId: 'not-a-uuid', expectedStatus: 'INTAKE_SUBMITTED' }, ctx),
    );
    expect([a.code, a.message]).toEqual(['NOT_FOUND', 'We could not find that worksite.']);
    expect([b.code, b.message]).toEqual([a.code, a.message]);
  });
});

describe('steps out of order and stale pages', () => {
  const outOfOrder: [string, DecisionFn, WorksiteStatus][] = [
    ['approve an intake', approveDeclaration, 'INTAKE_SUBMITTED'],
    ['accept a declaration', acceptIntake, 'DECLARATION_SUBMITTED'],
    ['reinstate an active worksite', reinstateWorksite, 'ACTIVE'],
    ['suspend a suspended worksite', suspendWorksite, 'SUSPENDED'],
    ['decline an active worksite', decline, 'ACTIVE'],
    ['close a declined worksite', closeWorksite, 'DECLINED'],
    ['request changes while waiting for the declaration', requestChanges, 'AWAITING_DECLARATION'],
  ];
  for (const [name, run, status] of outOfOrder) {
    it(`refuses to ${name}`, async () => {
      const team = await staff(['ENROLMENT_TEAM']);
      const { ws } = await clinic(status);
      const before = await traces(ws.id);
      const e = await refusal(
        run(team, { worksiteId: ws.id, expectedStatus: status, reason: REASON }, ctx),
      );
      expect(e.code).toBe('INVALID_TRANSITION');
      expect(await traces(ws.id)).toEqual(before);
    });
  }

  it('a stale page gets ALREADY_DECIDED naming who decided', async () => {
    const first = await staff(['ENROLMENT_TEAM'], 'Firstdecider');
    const second = await staff(['ENROLMENT_TEAM']);
    const { ws } = await clinic('INTAKE_SUBMITTED');
    await acceptIntake(first, { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED' }, ctx);
    const before = await traces(ws.id);
    const e = await refusal(
      decline(
        second,
        { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED', reason: REASON },
        ctx,
      ),
    );
    expect(e.code).toBe('ALREADY_DECIDED');
    expect(e.message).toMatch(
      /already decided by Sam Firstdecider, at \d{4}-\d{2}-\d{2} \d{2}:\d{2}/,
    );
    expect(await traces(ws.id)).toEqual(before);
  });

  it('a double submit of the same decision is decided once', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await clinic('INTAKE_SUBMITTED');
    const input = { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED' as const };
    await acceptIntake(team, input, ctx);
    const e = await refusal(acceptIntake(team, input, ctx));
    expect(e.code).toBe('ALREADY_DECIDED');
    expect(await db().outboxEmail.count({ where: { worksiteId: ws.id } })).toBe(1);
  });

  it('a reason is required where the clinic must read one', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await clinic('INTAKE_SUBMITTED');
    const e = await refusal(
      decline(team, { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED', reason: '   ' }, ctx),
    );
    expect(e.code).toBe('VALIDATION');
    expect((await traces(ws.id)).status).toBe('INTAKE_SUBMITTED');
  });
});

describe('decision input schemas', () => {
  const id = randomUUID();
  it('require a 5–2000 character reason for reasoned decisions', () => {
    expect(
      reasonedDecisionSchema.safeParse({
        worksiteId: id,
        expectedStatus: 'ACTIVE',
        reason: 'Fine.',
      }).success,
    ).toBe(true);
    expect(
      reasonedDecisionSchema.safeParse({ worksiteId: id, expectedStatus: 'ACTIVE', reason: ' no ' })
        .success,
    ).toBe(false);
    expect(
      reasonedDecisionSchema.safeParse({ worksiteId: id, expectedStatus: 'ACTIVE' }).success,
    ).toBe(false);
    expect(
      reasonedDecisionSchema.safeParse({
        worksiteId: id,
        expectedStatus: 'ACTIVE',
        reason: 'x'.repeat(2001),
      }).success,
    ).toBe(false);
  });
  it('accept an empty optional note and refuse unknown keys and bad values', () => {
    expect(
      decisionSchema.parse({ worksiteId: id, expectedStatus: 'INTAKE_SUBMITTED', reason: '' }),
    ).toEqual({
      worksiteId: id,
      expectedStatus: 'INTAKE_SUBMITTED',
      reason: undefined,
    });
    expect(
      decisionSchema.safeParse({
        worksiteId: id,
        expectedStatus: 'INTAKE_SUBMITTED',
        status: 'ACTIVE',
      }).success,
    ).toBe(false);
    expect(decisionSchema.safeParse({ worksiteId: id, expectedStatus: 'BOGUS' }).success).toBe(
      false,
    );
    expect(decisionSchema.safeParse({ worksiteId: 'x', expectedStatus: 'ACTIVE' }).success).toBe(
      false,
    );
  });
});

describe('two staff deciding at once', () => {
  it('concurrent approve and decline: exactly one decision, one audit event, one email (10 rounds)', async () => {
    const a = await staff(['ENROLMENT_TEAM']);
    const b = await staff(['ENROLMENT_TEAM']);
    for (let round = 0; round < 10; round++) {
      const { ws } = await clinic('DECLARATION_SUBMITTED');
      const input = { worksiteId: ws.id, expectedStatus: 'DECLARATION_SUBMITTED' as const };
      const calls =
        round % 2 === 0
          ? [approveDeclaration(a, input, ctx), decline(b, { ...input, reason: REASON }, ctx)]
          : [decline(b, { ...input, reason: REASON }, ctx), approveDeclaration(a, input, ctx)];
      const settled = await Promise.allSettled(calls);
      const won = settled.filter((s) => s.status === 'fulfilled');
      const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost.map((l) => (l.reason as DomainError).code)).toEqual(['ALREADY_DECIDED']);

      const counts = await db().$queryRaw<
        { history: bigint; audits: bigint; emails: bigint; status: string }[]
      >`
        SELECT
          (SELECT count(*) FROM "WorksiteStatusChange" WHERE "worksiteId" = ${ws.id}::uuid) AS history,
          (SELECT count(*) FROM "AuditEvent" WHERE "worksiteId" = ${ws.id}::uuid
             AND action IN ('worksite.approved', 'worksite.declined')) AS audits,
          (SELECT count(*) FROM "OutboxEmail" WHERE "worksiteId" = ${ws.id}::uuid
             AND template IN ('worksite.approved', 'worksite.declined')) AS emails,
          (SELECT status::text FROM "Worksite" WHERE id = ${ws.id}::uuid) AS status`;
      expect(counts[0]).toMatchObject({ history: 1n, audits: 1n, emails: 1n });
      expect(['ACTIVE', 'DECLINED']).toContain(counts[0]!.status);
    }
  });
});

describe('approving a declaration invites the expected users', () => {
  it('invites those who are not members yet (matched by contact or sign-in email, any case), once each', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws, admin } = await clinic('DECLARATION_SUBMITTED');
    const byContact = await ensurePerson(db(), {
      email: `Member.Contact.${randomUUID().slice(0, 6)}@Example.com`,
    });
    const byIdp = await ensurePerson(db());
    await db().person.update({
      where: { id: byIdp.id },
      data: { contactEmail: null, idpEmail: `idp.${randomUUID().slice(0, 6)}@example.com` },
    });
    const idpEmail = (await db().person.findUniqueOrThrow({ where: { id: byIdp.id } })).idpEmail!;
    await addMember(db(), { worksiteId: ws.id, personId: byContact.id });
    await addMember(db(), { worksiteId: ws.id, personId: byIdp.id, status: 'INACTIVE' });

    const expected = [
      { name: 'Admin Self', email: admin.contactEmail!.toUpperCase() },
      { name: 'Member Contact', email: byContact.contactEmail!.toUpperCase() },
      { name: 'Member Idp', email: idpEmail.toUpperCase() },
      { name: 'New Person', email: 'new.person@example.com' },
      { name: 'Other Person', email: 'Other.Person@example.com' },
      { name: 'Listed Twice', email: 'OTHER.person@example.com' },
    ];
    for (const e of expected) await db().expectedUser.create({ data: { worksiteId: ws.id, ...e } });

    const r = await approveDeclaration(
      team,
      { worksiteId: ws.id, expectedStatus: 'DECLARATION_SUBMITTED' },
      ctx,
    );
    expect(r).toMatchObject({ status: 'ACTIVE', invitedExpectedUsers: 2 });

    const invitations = await db().invitation.findMany({
      where: { worksiteId: ws.id },
      orderBy: { email: 'asc' },
    });
    expect(invitations.map((i) => [i.email, i.status, i.invitedById])).toEqual([
      ['new.person@example.com', 'PENDING', team.id],
      ['other.person@example.com', 'PENDING', team.id],
    ]);
    const rows = await db().expectedUser.findMany({ where: { worksiteId: ws.id } });
    const invitedAt = Object.fromEntries(rows.map((u) => [u.name, u.invitedAt !== null]));
    expect(invitedAt).toEqual({
      'Admin Self': false,
      'Member Contact': false,
      'Member Idp': false,
      'New Person': true,
      'Other Person': true,
      'Listed Twice': true,
    });
    const sent = await db().outboxEmail.findMany({
      where: { worksiteId: ws.id, template: 'invitation.sent' },
    });
    expect(sent.map((e) => e.toAddress).sort()).toEqual([
      'new.person@example.com',
      'other.person@example.com',
    ]);
    const approved = await db().outboxEmail.findFirstOrThrow({
      where: { worksiteId: ws.id, template: 'worksite.approved' },
    });
    expect(approved.textBody).toContain('2 colleagues');
  });
});

describe('closing a worksite', () => {
  it('ends every membership and emails each member, after the status is CLOSED', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws, admin } = await clinic('SUSPENDED');
    const members = [await ensurePerson(db()), await ensurePerson(db()), await ensurePerson(db())];
    await addMember(db(), { worksiteId: ws.id, personId: members[0]!.id, siteAdmin: true });
    await addMember(db(), { worksiteId: ws.id, personId: members[1]!.id });
    await addMember(db(), { worksiteId: ws.id, personId: members[2]!.id, status: 'INACTIVE' });
    await db().worksite.update({
      where: { id: ws.id },
      data: {
        closureRequestedAt: now(),
        closureRequestedById: admin.id,
        closureRequestReason: 'We are retiring.',
      },
    });

    const r = await closeWorksite(
      team,
      { worksiteId: ws.id, expectedStatus: 'SUSPENDED', reason: 'Closed at the clinic’s request.' },
      ctx,
    );
    expect(r).toMatchObject({ status: 'CLOSED', membersEmailed: 4, closureRequested: true });

    const memberships = await db().membership.findMany({ where: { worksiteId: ws.id } });
    expect(memberships).toHaveLength(4);
    expect(memberships.every((m) => m.status === 'ENDED')).toBe(true);
    const emails = await db().outboxEmail.findMany({
      where: { worksiteId: ws.id, template: 'worksite.closed' },
    });
    expect(emails.map((e) => e.toAddress).sort()).toEqual(
      [admin, ...members].map((p) => p.contactEmail).sort(),
    );
    for (const e of emails) {
      expect(e.subject).toContain(`Worksite ID ${ws.worksiteCode}`);
      expect(e.textBody).toContain('Closed at the clinic’s request.');
    }
    const audit = await db().auditEvent.findFirstOrThrow({
      where: { worksiteId: ws.id, action: 'worksite.closed' },
    });
    expect(audit.after).toMatchObject({ status: 'CLOSED', closureRequested: true });
    expect(
      await db().auditEvent.count({ where: { worksiteId: ws.id, action: 'membership.ended' } }),
    ).toBe(4);
  });
});

describe('the worksite queue', () => {
  // Pacific noon on a date in winter (PST).
  const at = (date: string) => new Date(`${date}T12:00:00-08:00`);

  async function intakeAt(statusChangedAt: Date, status: WorksiteStatus = 'INTAKE_SUBMITTED') {
    const { ws } = await clinic(status);
    return db().worksite.update({ where: { id: ws.id }, data: { statusChangedAt } });
  }

  it('lists intakes and declarations oldest first, with business-day ages and tones', async () => {
    const now = at('2021-01-11'); // a Monday
    const oldest = await intakeAt(at('2020-12-29')); // 8 business days: Dec 30, 31, Jan 4–8, 11
    const amber7 = await intakeAt(at('2020-12-30'), 'DECLARATION_SUBMITTED');
    const amber6 = await intakeAt(at('2020-12-31'));
    const normal = await intakeAt(at('2021-01-04'));
    const elsewhere = await intakeAt(at('2020-12-01'), 'ACTIVE');

    const { rows } = await worksiteQueue(QUEUE_READER, { now });
    const mine = rows.filter((r) =>
      [oldest, amber7, amber6, normal, elsewhere].some((w) => w.id === r.id),
    );
    expect(mine.map((r) => [r.id, r.ageDays, r.ageTone])).toEqual([
      [oldest.id, 8, 'red'],
      [amber7.id, 7, 'amber'],
      [amber6.id, 6, 'amber'],
      [normal.id, 5, 'normal'],
    ]);
    expect(mine[2]).toMatchObject({
      worksiteCode: amber6.worksiteCode,
      operatingName: amber6.operatingName,
      city: 'Victoria',
      status: 'INTAKE_SUBMITTED',
      ageText: '6 business days — overdue',
      submittedAt: amber6.statusChangedAt,
    });

    const active = await worksiteQueue(QUEUE_READER, { statuses: ['ACTIVE'], now });
    expect(active.rows.some((r) => r.id === elsewhere.id)).toBe(true);
    expect(active.rows.every((r) => r.status === 'ACTIVE')).toBe(true);
  });

  it('marks declarations with a "No" answer', async () => {
    const version = await ensureDeclarationVersion(db());
    const flagged = await intakeAt(at('2020-06-01'), 'DECLARATION_SUBMITTED');
    const clean = await intakeAt(at('2020-06-02'), 'DECLARATION_SUBMITTED');
    for (const [w, hasFlaggedAnswers] of [
      [flagged, true],
      [clean, false],
    ] as const) {
      const file = await db().storedFile.create({
        data: {
          sha256: 'a'.repeat(64),
          size: 3,
          contentType: 'image/png',
          filename: 'av.png',
          bytes: Buffer.from('png'),
          uploadedById: w.createdById,
        },
      });
      await db().declaration.create({
        data: {
          worksiteId: w.id,
          versionId: version.id,
          signerName: 'Dana Signer',
          signerTitle: 'Owner',
          typedSignature: 'Dana Signer',
          signedOn: new Date('2020-06-01'),
          attestsSigningAuthority: true,
          antivirusFileId: file.id,
          submittedById: w.createdById,
          hasFlaggedAnswers,
        },
      });
    }
    const { rows } = await worksiteQueue(QUEUE_READER, { statuses: ['DECLARATION_SUBMITTED'] });
    expect(rows.find((r) => r.id === flagged.id)?.flaggedDeclaration).toBe(true);
    expect(rows.find((r) => r.id === clean.id)?.flaggedDeclaration).toBe(false);
  });

  it('pages by keyset: every row exactly once while new intakes arrive between pages', async () => {
    const base = at('2019-03-01').getTime();
    const seeded: string[] = [];
    for (let i = 0; i < 130; i++) {
      // Groups of five share a timestamp, so the id breaks ties (also across page boundaries).
      const w = await intakeAt(new Date(base + Math.floor(i / 5) * 60_000));
      seeded.push(w.id);
    }
    const seen: { id: string; at: number }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await worksiteQueue(QUEUE_READER, { statuses: ['INTAKE_SUBMITTED'], after });
      expect(page.rows.length).toBeLessThanOrEqual(50);
      seen.push(...page.rows.map((r) => ({ id: r.id, at: r.submittedAt.getTime() })));
      after = page.nextCursor;
      pages++;
      // New registrations arrive while the team reads.
      await intakeAt(now());
      await clinic('INTAKE_SUBMITTED');
      expect(pages).toBeLessThan(50);
    } while (after);

    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of seeded) expect(ids.filter((x) => x === id)).toHaveLength(1);
    // Sorted by (statusChangedAt, id).
    for (let i = 1; i < seen.length; i++) {
      const [p, q] = [seen[i - 1]!, seen[i]!];
      expect(p.at < q.at || (p.at === q.at && p.id < q.id), `row ${i}`).toBe(true);
    }
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('lists closure requests from active or suspended worksites, aged from the request', async () => {
    const requested = await intakeAt(at('2020-01-02'), 'SUSPENDED');
    await db().worksite.update({
      where: { id: requested.id },
      data: {
        closureRequestedAt: at('2021-01-04'),
        closureRequestedById: requested.createdById,
        closureRequestReason: 'Moving.',
      },
    });
    const notRequested = await intakeAt(at('2020-01-02'), 'ACTIVE');
    const { rows } = await worksiteQueue(QUEUE_READER, { closureRequested: true, now: at('2021-01-11') });
    const row = rows.find((r) => r.id === requested.id);
    expect(row).toMatchObject({
      closureRequested: true,
      submittedAt: at('2021-01-04'),
      ageDays: 5,
      ageTone: 'normal',
    });
    expect(rows.some((r) => r.id === notRequested.id)).toBe(false);
    expect(rows.every((r) => r.closureRequested)).toBe(true);
    expect((await worksiteQueueCounts(QUEUE_READER)).closureRequests.count).toBeGreaterThanOrEqual(1);
  });

  it('a garbled cursor starts from the first page', async () => {
    const first = await worksiteQueue(QUEUE_READER, {});
    const garbled = await worksiteQueue(QUEUE_READER, { after: 'not-a-cursor' });
    expect(garbled.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it('counts what waits in each queue, with the oldest age', async () => {
    const counts = await worksiteQueueCounts(QUEUE_READER);
    const [intakes, declarations] = await Promise.all([
      db().worksite.count({ where: { status: 'INTAKE_SUBMITTED' } }),
      db().worksite.count({ where: { status: 'DECLARATION_SUBMITTED' } }),
    ]);
    expect(counts.intakes.count).toBe(intakes);
    expect(counts.declarations.count).toBe(declarations);
    expect(counts.intakes.oldestDays).toBeGreaterThan(7);
    expect(counts.intakes.oldestTone).toBe('red');
  });
});

describe('the team detail page', () => {
  it('shows everything about the worksite and audits the view', async () => {
    const team = await staff(['ENROLMENT_TEAM'], 'Reviewer');
    const { ws, admin } = await clinic('INTAKE_SUBMITTED');
    await db().expectedUser.create({
      data: {
        worksiteId: ws.id,
        name: 'Pat Doe',
        email: 'pat.detail@example.com',
        profession: 'PHYSICIAN',
      },
    });
    await requestChanges(
      team,
      { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED', reason: REASON },
      ctx,
    );

    const viewer = await staff(['ENROLMENT_TEAM']);
    const v = await worksiteForTeam(viewer, ws.id, ctx);
    expect(v).not.toBeNull();
    expect(v!).toMatchObject({
      worksiteCode: ws.worksiteCode,
      operatingName: ws.operatingName,
      status: 'CHANGES_REQUESTED',
      reviewStateBeforeChanges: 'INTAKE_SUBMITTED',
      expectedUsers: [
        {
          name: 'Pat Doe',
          email: 'pat.detail@example.com',
          profession: 'Physician',
          invitedAt: null,
          isMember: false,
        },
      ],
      members: [{ email: admin.contactEmail, status: 'ACTIVE', role: 'Site administrator' }],
      declaration: null,
      timeline: [
        {
          from: 'INTAKE_SUBMITTED',
          to: 'CHANGES_REQUESTED',
          reason: REASON,
          actorName: 'Sam Reviewer',
        },
      ],
      emails: [
        { template: 'worksite.changes-requested', to: admin.contactEmail, status: 'PENDING' },
      ],
      closureRequest: null,
      viewerIsMember: false,
      decisions: [],
    });
    const views = await db().auditEvent.findMany({
      where: { worksiteId: ws.id, action: 'worksite.viewed_by_staff' },
    });
    expect(views).toMatchObject([
      { actorType: 'STAFF', actorId: viewer.id, targetId: ws.id, requestId: ctx.requestId },
    ]);
  });

  it('offers only the decisions this staff member could take now', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const auditor = await staff(['AUDITOR']);
    const intake = await clinic('INTAKE_SUBMITTED');
    expect((await worksiteForTeam(team, intake.ws.id))!.decisions.sort()).toEqual([
      'accept',
      'decline',
      'requestChanges',
    ]);
    expect((await worksiteForTeam(auditor, intake.ws.id))!.decisions).toEqual([]);
    const active = await clinic('ACTIVE');
    expect((await worksiteForTeam(team, active.ws.id))!.decisions.sort()).toEqual([
      'close',
      'suspend',
    ]);
    expect((await worksiteForTeam(auditor, active.ws.id))!.decisions).toEqual(['suspend']);
    const declared = await clinic('DECLARATION_SUBMITTED');
    expect((await worksiteForTeam(team, declared.ws.id))!.decisions.sort()).toEqual([
      'approve',
      'decline',
      'requestChanges',
    ]);
    await addMember(db(), { worksiteId: declared.ws.id, personId: team.id });
    const asMember = (await worksiteForTeam(team, declared.ws.id))!;
    expect(asMember.viewerIsMember).toBe(true);
    expect(asMember.decisions).toEqual([]);
  });

  it('shows the latest declaration with flagged answers and the screenshot link', async () => {
    const version = await ensureDeclarationVersion(db());
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws, admin } = await clinic('DECLARATION_SUBMITTED');
    const file = await db().storedFile.create({
      data: {
        sha256: 'b'.repeat(64),
        size: 3,
        contentType: 'image/png',
        filename: 'av.png',
        bytes: Buffer.from('png'),
        uploadedById: admin.id,
      },
    });
    const d = await db().declaration.create({
      data: {
        worksiteId: ws.id,
        versionId: version.id,
        signerName: 'Dana Signer',
        signerTitle: 'Owner',
        typedSignature: 'Dana Signer',
        signedOn: new Date('2026-11-20'),
        attestsSigningAuthority: true,
        antivirusFileId: file.id,
        submittedById: admin.id,
        hasFlaggedAnswers: true,
        answers: {
          create: [
            { safeguardKey: 'written-policies', answer: true },
            {
              safeguardKey: 'encrypted-wifi',
              answer: false,
              explanation: 'We are replacing the router next month.',
            },
          ],
        },
      },
    });
    const v = (await worksiteForTeam(team, ws.id))!;
    expect(v.declaration).toMatchObject({
      id: d.id,
      signerName: 'Dana Signer',
      hasFlaggedAnswers: true,
      antivirusUrl: `/api/files/${file.id}`,
    });
    expect(v.declaration!.answers.find((a) => a.key === 'encrypted-wifi')).toMatchObject({
      answer: 'no',
      explanation: 'We are replacing the router next month.',
    });
  });

  it('answers null for a missing or malformed id, and writes no audit event', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const before = await db().auditEvent.count({
      where: { action: 'worksite.viewed_by_staff', actorId: team.id },
    });
    expect(await worksiteForTeam(team, randomUUID())).toBeNull();
    expect(await worksiteForTeam(team, '../etc')).toBeNull();
    expect(
      await db().auditEvent.count({
        where: { action: 'worksite.viewed_by_staff', actorId: team.id },
      }),
    ).toBe(before);
  });

  it('refuses a person without a staff role', async () => {
    const { ws } = await clinic('ACTIVE');
    const outsider = await ensurePerson(db());
    const e = await refusal(worksiteForTeam({ id: outsider.id, staffRoles: [] }, ws.id));
    expect(e.code).toBe('FORBIDDEN');
  });
});
