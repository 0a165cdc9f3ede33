// Decisions taken by two people at the same moment, where no other file races them yet:
// PharmaNet (a worksite's and a person's), remote access with its email, and sponsorships
// answered or ended by two authorizers at once. Ten rounds each, then SQL counts.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Profession } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import {
  requestUserPharmanet,
  requestWorksitePharmanet,
  teamDecideUserPharmanet,
  teamDeclineWorksitePharmanet,
  teamMarkInstructionsSent,
} from '@/server/pharmanet/service';
import { suspendPerson } from '@/server/people/team-service';
import { decideRemoteAccess, requestRemoteAccess } from '@/server/remote-access/service';
import { effectiveStatusOf } from '@/server/sponsorships/queries';
import { answerSponsorship, endSponsorship, requestSponsorship } from '@/server/sponsorships/service';
import { acceptIntake, requestChanges } from '@/server/worksites/team-service';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

const ctx = { requestId: 'req-race', ip: '203.0.113.31' };
const ROUNDS = 10;
const REASON = 'The worksite has not finished its PRIME enrolment.';

async function person(profession: Profession, status: 'APPROVED' | 'IN_REVIEW' = 'APPROVED') {
  const p = await ensurePerson(db(), { email: `p-${randomUUID().slice(0, 8)}@example.com` });
  await db().enrolment.create({ data: { personId: p.id, profession, status } });
  return p;
}

async function clinic() {
  const admin = await person('PHYSICIAN');
  const ws = await createWorksite(db(), { creatorId: admin.id, operatingName: `Clinic ${randomUUID().slice(0, 6)}` });
  const adminM = await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return { ws, admin, adminM };
}

async function twoStaff() {
  const roles = ['ENROLMENT_TEAM'] as const;
  const a = await ensurePerson(db(), { staffRoles: [...roles] });
  const b = await ensurePerson(db(), { staffRoles: [...roles] });
  return [
    { id: a.id, staffRoles: roles },
    { id: b.id, staffRoles: roles },
  ] as const;
}

/** Exactly one call wins; every other is told it was already decided (never a server error). */
async function oneWins(calls: Promise<unknown>[], round: number) {
  const settled = await Promise.allSettled(calls);
  expect(settled.filter((s) => s.status === 'fulfilled'), `round ${round}`).toHaveLength(1);
  for (const s of settled) {
    if (s.status === 'rejected') {
      expect(s.reason).toBeInstanceOf(DomainError);
      expect((s.reason as DomainError).code).toBe('ALREADY_DECIDED');
    }
  }
}

const count = async (sql: TemplateStringsArray, ...values: unknown[]) =>
  Number((await db().$queryRaw<{ n: bigint }[]>(sql, ...values))[0]!.n);

describe('two staff deciding one item at once (10 rounds each)', () => {
  it("a worksite's PharmaNet request: instructions sent or declined, never both", async () => {
    const [a, b] = await twoStaff();
    for (let round = 0; round < ROUNDS; round++) {
      const { ws, admin } = await clinic();
      const { requestId } = await requestWorksitePharmanet(admin.id, { worksiteId: ws.id }, ctx);
      const step = { requestId, expectedStatus: 'REQUESTED' as const };
      await oneWins(
        [teamMarkInstructionsSent(a, step, ctx), teamDeclineWorksitePharmanet(b, { ...step, reason: REASON }, ctx)],
        round,
      );
      const decisions = ['pharmanet.instructions_sent', 'pharmanet.worksite_declined'];
      expect(await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "targetId" = ${requestId} AND action = ANY(${decisions})`).toBe(1);
      expect(await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "worksiteId" = ${ws.id}::uuid AND template = ANY(${decisions})`).toBe(1);
    }
  });

  it("a person's PharmaNet request: approved or declined, never both", async () => {
    const [a, b] = await twoStaff();
    for (let round = 0; round < ROUNDS; round++) {
      const { ws, admin } = await clinic();
      await db().worksite.update({ where: { id: ws.id }, data: { pharmanetEnabled: true } });
      const { requestId } = await requestUserPharmanet(admin.id, { worksiteId: ws.id }, ctx);
      const step = { requestId, expectedStatus: 'REQUESTED' as const };
      await oneWins(
        [
          teamDecideUserPharmanet(a, { ...step, approve: true }, ctx),
          teamDecideUserPharmanet(b, { ...step, approve: false, reason: REASON }, ctx),
        ],
        round,
      );
      const decisions = ['pharmanet.user_approved', 'pharmanet.user_declined'];
      expect(await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "targetId" = ${requestId} AND action = ANY(${decisions})`).toBe(1);
      expect(await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "personId" = ${admin.id}::uuid AND template = ANY(${decisions})`).toBe(1);
    }
  });

  it('a remote access request: one decision, one audit event, one email', async () => {
    const [a, b] = await twoStaff();
    for (let round = 0; round < ROUNDS; round++) {
      const { admin, adminM } = await clinic();
      const { requestId } = await requestRemoteAccess(admin.id, { membershipId: adminM.id }, ctx);
      const step = { requestId, expectedStatus: 'REQUESTED' as const };
      await oneWins(
        [
          decideRemoteAccess(a, { ...step, approve: true }, ctx),
          decideRemoteAccess(b, { ...step, approve: false, reason: REASON }, ctx),
        ],
        round,
      );
      const decisions = ['remote_access.approved', 'remote_access.declined'];
      expect(await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "targetId" = ${requestId} AND action = ANY(${decisions})`).toBe(1);
      expect(await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "personId" = ${admin.id}::uuid AND template = ANY(${decisions})`).toBe(1);
    }
  });
});

describe('two staff deciding a worksite or a person at once (10 rounds each)', () => {
  it('an intake accepted and sent back for changes at once: one decision, one audit event, one email', async () => {
    const [a, b] = await twoStaff();
    for (let round = 0; round < ROUNDS; round++) {
      const { ws } = await clinic();
      await db().worksite.update({ where: { id: ws.id }, data: { status: 'INTAKE_SUBMITTED' } });
      const input = { worksiteId: ws.id, expectedStatus: 'INTAKE_SUBMITTED' as const };
      await oneWins([acceptIntake(a, input, ctx), requestChanges(b, { ...input, reason: REASON }, ctx)], round);
      const decisions = ['worksite.intake_accepted', 'worksite.changes_requested'];
      expect(await count`SELECT count(*) AS n FROM "WorksiteStatusChange" WHERE "worksiteId" = ${ws.id}::uuid`).toBe(1);
      expect(await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "worksiteId" = ${ws.id}::uuid AND action = ANY(${decisions})`).toBe(1);
      expect(await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "worksiteId" = ${ws.id}::uuid`).toBe(1);
    }
  });

  it('a person suspended by two staff at once: one status change, one audit event, one email', async () => {
    const [a, b] = await twoStaff();
    for (let round = 0; round < ROUNDS; round++) {
      const p = await person('PHYSICIAN');
      const input = { personId: p.id, reason: 'Licence under review by the college.' };
      await oneWins([suspendPerson(a, input, ctx), suspendPerson(b, input, ctx)], round);
      expect(await count`SELECT count(*) AS n FROM "PersonStatusChange" WHERE "personId" = ${p.id}::uuid`).toBe(1);
      expect(await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "personId" = ${p.id}::uuid AND action = 'person.suspended'`).toBe(1);
      expect(await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "personId" = ${p.id}::uuid`).toBe(1);
    }
  });
});

/** An assistant waiting for a sponsor at a worksite with two approved physicians. */
async function oboScene() {
  const { ws, admin: docA, adminM: docAM } = await clinic();
  const docB = await person('PHYSICIAN');
  const docBM = await createMembership(db(), { worksiteId: ws.id, personId: docB.id });
  const moa = await person('MEDICAL_OFFICE_ASSISTANT', 'IN_REVIEW');
  const moaM = await createMembership(db(), { worksiteId: ws.id, personId: moa.id, status: 'PENDING_SPONSOR', kind: 'ON_BEHALF_OF' });
  const sA = await requestSponsorship(moa.id, { worksiteId: ws.id, sponsorMembershipId: docAM.id }, ctx);
  const sB = await requestSponsorship(moa.id, { worksiteId: ws.id, sponsorMembershipId: docBM.id }, ctx);
  return { ws, docA, docB, moa, moaM, sA: sA.sponsorshipId, sB: sB.sponsorshipId };
}

const history = (membershipId: string) =>
  db().membershipStatusChange.findMany({ where: { membershipId }, orderBy: { createdAt: 'asc' } });

describe('two authorizers answering one assistant at once (10 rounds each)', () => {
  it('both accept: two sponsorships, and the membership moves on to review exactly once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await oboScene();
      await Promise.all([
        answerSponsorship(s.docA.id, { sponsorshipId: s.sA, accept: true }, ctx),
        answerSponsorship(s.docB.id, { sponsorshipId: s.sB, accept: true }, ctx),
      ]);
      expect(await count`SELECT count(*) AS n FROM "Sponsorship" WHERE "oboMembershipId" = ${s.moaM.id}::uuid AND status = 'ACTIVE'`).toBe(2);
      const moves = await history(s.moaM.id);
      expect(moves.map((m) => `${m.fromStatus}->${m.toStatus}`), `round ${round}`).toEqual(['PENDING_SPONSOR->PENDING_REVIEW']);
      expect(await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "targetId" = ${s.moaM.id} AND action = 'membership.sponsor_agreed'`).toBe(1);
      expect((await db().membership.findUniqueOrThrow({ where: { id: s.moaM.id } })).status).toBe('PENDING_REVIEW');
    }
  });

  it('both end their sponsorship: the assistant is left waiting for a sponsor, recorded once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const s = await oboScene();
      await answerSponsorship(s.docA.id, { sponsorshipId: s.sA, accept: true }, ctx);
      await answerSponsorship(s.docB.id, { sponsorshipId: s.sB, accept: true }, ctx);
      // The team set up access: the membership is active with two sponsors.
      await db().membership.update({ where: { id: s.moaM.id }, data: { status: 'ACTIVE' } });
      await Promise.all([
        endSponsorship(s.docA.id, { sponsorshipId: s.sA }, ctx),
        endSponsorship(s.docB.id, { sponsorshipId: s.sB }, ctx),
      ]);
      expect(await count`SELECT count(*) AS n FROM "Sponsorship" WHERE "oboMembershipId" = ${s.moaM.id}::uuid AND status = 'ACTIVE'`).toBe(0);
      // With no sponsor left the stored status must say so, not only the computed one.
      const stored = (await db().membership.findUniqueOrThrow({ where: { id: s.moaM.id } })).status;
      expect(stored, `round ${round}`).toBe('PENDING_SPONSOR');
      expect((await effectiveStatusOf(db(), s.moaM.id))?.status).toBe('PENDING_SPONSOR');
      const lost = (await history(s.moaM.id)).filter((m) => m.toStatus === 'PENDING_SPONSOR');
      expect(lost).toHaveLength(1);
    }
  });
});
