// Double submits of the create forms that other files do not already race (see
// docs/security-faults.md for which file proves each of the others): the same form sent three
// times at once, ten rounds each, then SQL counts of what was written.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Profession } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { inviteByEmail } from '@/server/invitations/service';
import {
  requestUserPharmanet,
  requestWorksitePharmanet,
} from '@/server/pharmanet/service';
import { requestRemoteAccess } from '@/server/remote-access/service';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

const ctx = { requestId: 'req-race', ip: '203.0.113.30', userAgent: 'vitest' };
const ROUNDS = 10;

async function person(profession: Profession) {
  const p = await ensurePerson(db(), { email: `p-${randomUUID().slice(0, 8)}@example.com` });
  await db().enrolment.create({ data: { personId: p.id, profession, status: 'APPROVED' } });
  return p;
}

/** An active worksite with a physician site admin (member and admin at once). */
async function clinic(opts: { pharmanetEnabled?: boolean } = {}) {
  const admin = await person('PHYSICIAN');
  const ws = await createWorksite(db(), { creatorId: admin.id, operatingName: `Clinic ${randomUUID().slice(0, 6)}` });
  if (opts.pharmanetEnabled) await db().worksite.update({ where: { id: ws.id }, data: { pharmanetEnabled: true } });
  const adminM = await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return { ws, admin, adminM };
}

/** Three identical submits at once: one wins, the others are refused with a domain error
 * (never a server error) or given the same result. */
async function thrice<T>(submit: () => Promise<T>) {
  const settled = await Promise.allSettled([submit(), submit(), submit()]);
  for (const s of settled) {
    if (s.status === 'rejected') expect(s.reason, String(s.reason)).toBeInstanceOf(DomainError);
  }
  return settled;
}

const count = async (sql: TemplateStringsArray, ...values: unknown[]) =>
  Number((await db().$queryRaw<{ n: bigint }[]>(sql, ...values))[0]!.n);

describe('double-submitted create forms (10 rounds each)', () => {
  it('an invitation: one pending invitation, one audit event, one email', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { ws, admin } = await clinic();
      const email = `guest-${randomUUID().slice(0, 8)}@example.com`;
      await thrice(() => inviteByEmail(admin.id, { worksiteId: ws.id, email }, ctx));
      expect(await count`SELECT count(*) AS n FROM "Invitation" WHERE "worksiteId" = ${ws.id}::uuid`, `round ${round}`).toBe(1);
      expect(
        await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "worksiteId" = ${ws.id}::uuid AND action = 'invitation.created'`,
      ).toBe(1);
      expect(await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "toAddress" = ${email}`).toBe(1);
    }
  });

  it('a remote access request: one request, one audit event, one email to the team', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { adminM, admin } = await clinic();
      await thrice(() => requestRemoteAccess(admin.id, { membershipId: adminM.id }, ctx));
      expect(await count`SELECT count(*) AS n FROM "RemoteAccessRequest" WHERE "membershipId" = ${adminM.id}::uuid`, `round ${round}`).toBe(1);
      expect(
        await count`SELECT count(*) AS n FROM "AuditEvent" a JOIN "RemoteAccessRequest" r ON a."targetId" = r.id::text
                     WHERE r."membershipId" = ${adminM.id}::uuid AND a.action = 'remote_access.requested'`,
      ).toBe(1);
      expect(
        await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "worksiteId" = ${adminM.worksiteId}::uuid AND template = 'remote_access.requested'`,
      ).toBe(1);
    }
  });

  it("a worksite's PharmaNet request: one request, one audit event, one email", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { ws, admin } = await clinic();
      await thrice(() => requestWorksitePharmanet(admin.id, { worksiteId: ws.id }, ctx));
      expect(await count`SELECT count(*) AS n FROM "PharmanetWorksiteRequest" WHERE "worksiteId" = ${ws.id}::uuid`, `round ${round}`).toBe(1);
      expect(
        await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "worksiteId" = ${ws.id}::uuid AND action = 'pharmanet.worksite_requested'`,
      ).toBe(1);
      expect(
        await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "worksiteId" = ${ws.id}::uuid AND template = 'pharmanet.worksite_requested'`,
      ).toBe(1);
    }
  });

  it("a person's PharmaNet request: one request, one audit event, one email", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { ws, admin, adminM } = await clinic({ pharmanetEnabled: true });
      await thrice(() => requestUserPharmanet(admin.id, { worksiteId: ws.id }, ctx));
      expect(await count`SELECT count(*) AS n FROM "PharmanetUserRequest" WHERE "membershipId" = ${adminM.id}::uuid`, `round ${round}`).toBe(1);
      expect(
        await count`SELECT count(*) AS n FROM "AuditEvent" WHERE "worksiteId" = ${ws.id}::uuid AND action = 'pharmanet.user_requested'`,
      ).toBe(1);
      expect(
        await count`SELECT count(*) AS n FROM "OutboxEmail" WHERE "worksiteId" = ${ws.id}::uuid AND template = 'pharmanet.user_requested'`,
      ).toBe(1);
    }
  });
});
