import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MembershipKind, Profession, StaffRoleKind, WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { parseInput } from '@/server/action';
import { db } from '@/server/db';
import { provisionWarning } from '@/server/memberships/provisioning-queries';
import { membershipRows as membershipQueue } from '../support/domain-lists';
import { declineMembershipSchema } from '@/server/memberships/provisioning-schema';
import {
  declineMembership,
  NO_SPONSOR_MESSAGE,
  OWN_MEMBERSHIP_MESSAGE,
  OWN_WORKSITE_MESSAGE,
  provisionMembership,
} from '@/server/memberships/provisioning-service';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { now } from '../support/clock';

const ctx = { requestId: 'req-provision', ip: '203.0.113.10' };
const NO_AUTHORIZER =
  'This worksite has no fully enrolled physician, nurse practitioner or registered nurse yet, so on-behalf-of memberships cannot be approved.';

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

const uniq = () => randomUUID().slice(0, 8);

async function staff(roles: StaffRoleKind[], givenName = 'Tess') {
  const p = await ensurePerson(db(), { givenName, familyName: `Team ${uniq()}`, staffRoles: roles });
  return { id: p.id, staffRoles: roles, name: `${givenName} ${p.legalFamilyName}` };
}

async function person(profession: Profession | null, enrolmentStatus: 'SUBMITTED' | 'APPROVED' = 'SUBMITTED') {
  const p = await ensurePerson(db(), { givenName: 'Pat', familyName: `Person ${uniq()}`, email: `pat-${uniq()}@example.com` });
  if (profession) await db().enrolment.create({ data: { personId: p.id, profession, status: enrolmentStatus } });
  return p;
}

/** An ACTIVE worksite with its site admin; `authorizer` adds a fully enrolled physician. */
async function worksite(p: { status?: WorksiteStatus; authorizer?: boolean } = {}) {
  const admin = await person(null);
  const ws = await createWorksite(db(), { creatorId: admin.id, status: p.status, operatingName: `Alder ${uniq()} Clinic` });
  await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  let authorizerMembershipId: string | null = null;
  if (p.authorizer) {
    const doc = await person('PHYSICIAN', 'APPROVED');
    authorizerMembershipId = (await createMembership(db(), { worksiteId: ws.id, personId: doc.id })).id;
  }
  return { ws, admin, authorizerMembershipId };
}

async function pending(worksiteId: string, profession: Profession | null, kind: MembershipKind = 'INDEPENDENT') {
  const p = await person(profession);
  const m = await createMembership(db(), { worksiteId, personId: p.id, status: 'PENDING_REVIEW', kind });
  return { person: p, membership: m };
}

const sponsor = (oboMembershipId: string, sponsorMembershipId: string) =>
  db().sponsorship.create({ data: { oboMembershipId, sponsorMembershipId, status: 'ACTIVE', decidedAt: now() } });

const input = (membershipId: string) => ({ membershipId, expectedStatus: 'PENDING_REVIEW' as const });

describe('provisioning a membership (PENDING_REVIEW → ACTIVE)', () => {
  it('the team sets up access: ACTIVE, history, audit and an email to the person with the Worksite ID', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await worksite();
    const { person: p, membership } = await pending(ws.id, 'PHYSICIAN');

    const r = await provisionMembership(team, input(membership.id), ctx);

    expect(r).toMatchObject({ membershipId: membership.id, status: 'ACTIVE', kind: 'INDEPENDENT' });
    expect(await db().membership.findUniqueOrThrow({ where: { id: membership.id } })).toMatchObject({ status: 'ACTIVE' });
    expect(await db().membershipStatusChange.findMany({ where: { membershipId: membership.id } })).toMatchObject([
      { fromStatus: 'PENDING_REVIEW', toStatus: 'ACTIVE', actorId: team.id },
    ]);
    const events = await db().auditEvent.findMany({ where: { targetId: membership.id } });
    expect(events).toMatchObject([
      { action: 'membership.provisioned', actorType: 'STAFF', actorId: team.id, worksiteId: ws.id, personId: p.id, requestId: 'req-provision' },
    ]);
    const mails = await db().outboxEmail.findMany({ where: { personId: p.id } });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: 'membership.provisioned', toAddress: p.contactEmail, worksiteId: ws.id });
    expect(mails[0]!.subject).toBe(`Your access at ${ws.operatingName} is set up (Worksite ID ${ws.worksiteCode})`);
    expect(mails[0]!.textBody).toContain(ws.worksiteCode);
  });

  it('re-derives the kind from the enrolment profession now', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await worksite();
    // Joined as on-behalf-of, but the enrolment now says physician: set up as independent.
    const { membership } = await pending(ws.id, 'PHYSICIAN', 'ON_BEHALF_OF');
    await provisionMembership(team, input(membership.id), ctx);
    expect(await db().membership.findUniqueOrThrow({ where: { id: membership.id } })).toMatchObject({
      status: 'ACTIVE',
      kind: 'INDEPENDENT',
    });
  });

  it('refuses anyone but the enrolment team, and writes nothing', async () => {
    const { ws } = await worksite();
    const { membership } = await pending(ws.id, 'PHYSICIAN');
    const plain = { id: (await person(null)).id, staffRoles: [] as StaffRoleKind[] };
    const auditor = await staff(['AUDITOR']);
    const staffAdmin = await staff(['STAFF_ADMIN']);
    expect(await refusal(provisionMembership(plain, input(membership.id), ctx))).toEqual({
      code: 'FORBIDDEN',
      message: 'This is only available to the enrolment team.',
    });
    for (const who of [auditor, staffAdmin]) {
      const onlyTeam = { code: 'FORBIDDEN', message: 'Only the enrolment team can do this.' };
      expect(await refusal(provisionMembership(who, input(membership.id), ctx))).toEqual(onlyTeam);
      expect(await refusal(declineMembership(who, { ...input(membership.id), reason: 'Not this time' }, ctx))).toEqual(onlyTeam);
    }
    expect(await db().membership.findUniqueOrThrow({ where: { id: membership.id } })).toMatchObject({ status: 'PENDING_REVIEW' });
    expect(await db().auditEvent.count({ where: { targetId: membership.id } })).toBe(0);
  });

  it('refuses a staff member’s own membership and any membership at a worksite they belong to', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await worksite();
    const own = await createMembership(db(), { worksiteId: ws.id, personId: team.id, status: 'PENDING_REVIEW' });
    expect(await refusal(provisionMembership(team, input(own.id), ctx))).toEqual({ code: 'FORBIDDEN', message: OWN_MEMBERSHIP_MESSAGE });

    const { ws: ws2 } = await worksite();
    await createMembership(db(), { worksiteId: ws2.id, personId: team.id });
    const { membership } = await pending(ws2.id, 'PHYSICIAN');
    expect(await refusal(provisionMembership(team, input(membership.id), ctx))).toEqual({ code: 'FORBIDDEN', message: OWN_WORKSITE_MESSAGE });
    expect(await refusal(declineMembership(team, { ...input(membership.id), reason: 'Not here' }, ctx))).toEqual({
      code: 'FORBIDDEN',
      message: OWN_WORKSITE_MESSAGE,
    });
    expect(await db().membership.count({ where: { id: { in: [own.id, membership.id] }, status: 'PENDING_REVIEW' } })).toBe(2);
  });

  it('answers a forged or malformed membership id with NOT_FOUND', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const nf = { code: 'NOT_FOUND', message: 'We could not find that membership.' };
    expect(await refusal(provisionMembership(team, input(randomUUID()), ctx))).toEqual(nf);
    expect(await refusal(provisionMembership(team, input('nope'), ctx))).toEqual(nf);
  });

  it('refuses when the worksite is not ACTIVE', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await worksite({ status: 'SUSPENDED' });
    const { membership } = await pending(ws.id, 'PHYSICIAN');
    expect(await refusal(provisionMembership(team, input(membership.id), ctx))).toEqual({
      code: 'INVALID_TRANSITION',
      message: 'This worksite is suspended, so access there cannot be set up.',
    });
  });

  it('an on-behalf-of membership needs an authorizer at the worksite and an active sponsor', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    // No authorizer at all: refused with the worksite message.
    const bare = await worksite();
    const lonely = await pending(bare.ws.id, 'MEDICAL_OFFICE_ASSISTANT', 'ON_BEHALF_OF');
    expect(await refusal(provisionMembership(team, input(lonely.membership.id), ctx))).toEqual({ code: 'CONFLICT', message: NO_AUTHORIZER });
    // Joined before enrolling (independent), now an office assistant: re-derived, same refusal.
    const late = await pending(bare.ws.id, 'MEDICAL_OFFICE_ASSISTANT', 'INDEPENDENT');
    expect(await refusal(provisionMembership(team, input(late.membership.id), ctx))).toEqual({ code: 'CONFLICT', message: NO_AUTHORIZER });

    // An authorizer there, but no sponsorship yet (a requested one does not count).
    const { ws, authorizerMembershipId } = await worksite({ authorizer: true });
    const moa = await pending(ws.id, 'MEDICAL_OFFICE_ASSISTANT', 'ON_BEHALF_OF');
    await db().sponsorship.create({ data: { oboMembershipId: moa.membership.id, sponsorMembershipId: authorizerMembershipId!, status: 'REQUESTED' } });
    expect(await refusal(provisionMembership(team, input(moa.membership.id), ctx))).toEqual({ code: 'CONFLICT', message: NO_SPONSOR_MESSAGE });
    expect(await db().membership.findUniqueOrThrow({ where: { id: moa.membership.id } })).toMatchObject({ status: 'PENDING_REVIEW' });

    // With an active sponsorship it is set up.
    await db().sponsorship.updateMany({ where: { oboMembershipId: moa.membership.id }, data: { status: 'ACTIVE', decidedAt: now() } });
    expect(await provisionMembership(team, input(moa.membership.id), ctx)).toMatchObject({ status: 'ACTIVE', kind: 'ON_BEHALF_OF' });
  });

  it('a stale page gets ALREADY_DECIDED naming who decided and when', async () => {
    const first = await staff(['ENROLMENT_TEAM'], 'Fay');
    const second = await staff(['ENROLMENT_TEAM'], 'Gus');
    const { ws } = await worksite();
    const { membership } = await pending(ws.id, 'PHYSICIAN');
    await provisionMembership(first, input(membership.id), ctx);
    // Started one at a time: a rejection nobody awaits yet would be an unhandled rejection.
    for (const attempt of [
      () => provisionMembership(second, input(membership.id), ctx),
      () => declineMembership(second, { ...input(membership.id), reason: 'Too late now' }, ctx),
    ]) {
      const r = await refusal(attempt());
      expect(r?.code).toBe('ALREADY_DECIDED');
      expect(r?.message).toContain(`already decided by ${first.name}`);
      expect(r?.message).toMatch(/at .*\d{4}.* Pacific time/);
    }
    // A page that showed another status is refused the same way.
    const other = await pending(ws.id, 'PHYSICIAN');
    expect((await refusal(provisionMembership(second, { membershipId: other.membership.id, expectedStatus: 'REQUESTED' }, ctx)))?.code).toBe(
      'ALREADY_DECIDED',
    );
    expect(await db().auditEvent.count({ where: { actorId: second.id } })).toBe(0);
  });

  it('two staff members setting up and declining at once: exactly one decision, every time', async () => {
    const a = await staff(['ENROLMENT_TEAM'], 'Ann');
    const b = await staff(['ENROLMENT_TEAM'], 'Ben');
    const { ws } = await worksite();
    for (let i = 0; i < 5; i++) {
      const { membership } = await pending(ws.id, 'PHYSICIAN');
      const results = await Promise.allSettled([
        provisionMembership(a, input(membership.id), ctx),
        declineMembership(b, { ...input(membership.id), reason: 'Does not work here' }, ctx),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((lost.reason as DomainError).code).toBe('ALREADY_DECIDED');
      const rows = await db().$queryRaw<{ n: bigint }[]>`
        SELECT count(*) AS n FROM "MembershipStatusChange" WHERE "membershipId" = ${membership.id}::uuid AND "fromStatus" = 'PENDING_REVIEW'`;
      expect(Number(rows[0]!.n)).toBe(1);
      const m = await db().membership.findUniqueOrThrow({ where: { id: membership.id } });
      const winner = results[0]!.status === 'fulfilled' ? 'ACTIVE' : 'DECLINED';
      expect(m.status).toBe(winner);
      expect(await db().auditEvent.count({ where: { targetId: membership.id } })).toBe(1);
      expect(await db().outboxEmail.count({ where: { personId: m.personId } })).toBe(1);
    }
  });
});

describe('declining a membership', () => {
  it('needs a reason; declines with history, audit and an email carrying the reason', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const { ws } = await worksite();
    const { person: p, membership } = await pending(ws.id, 'PHYSICIAN');
    expect(() => parseInput(declineMembershipSchema, { ...input(membership.id), reason: '  ' })).toThrow(DomainError);
    expect((await refusal(declineMembership(team, { ...input(membership.id), reason: 'no' }, ctx)))?.code).toBe('VALIDATION');

    await declineMembership(team, { ...input(membership.id), reason: 'Not on the clinic roster' }, ctx);
    expect(await db().membership.findUniqueOrThrow({ where: { id: membership.id } })).toMatchObject({ status: 'DECLINED' });
    expect(await db().membershipStatusChange.findMany({ where: { membershipId: membership.id } })).toMatchObject([
      { fromStatus: 'PENDING_REVIEW', toStatus: 'DECLINED', reason: 'Not on the clinic roster', actorId: team.id },
    ]);
    expect(await db().auditEvent.findMany({ where: { targetId: membership.id } })).toMatchObject([
      { action: 'membership.declined_by_team', actorId: team.id },
    ]);
    const [mail] = await db().outboxEmail.findMany({ where: { personId: p.id } });
    expect(mail).toMatchObject({ template: 'membership.declined_by_team', toAddress: p.contactEmail });
    expect(mail!.textBody).toContain('Not on the clinic roster');
    expect(mail!.subject).toContain(ws.worksiteCode);
  });
});

describe('the membership queue', () => {
  it('lists PENDING_REVIEW oldest first with person, profession, kind, worksite, sponsor and warnings', async () => {
    const team = await staff(['ENROLMENT_TEAM']);
    const sponsored = await worksite({ authorizer: true });
    const bare = await worksite();
    const now = new Date('2031-03-14T18:00:00Z'); // a Friday
    const old = await pending(sponsored.ws.id, 'PHYSICIAN');
    await db().membership.update({ where: { id: old.membership.id }, data: { statusChangedAt: new Date('2031-03-03T18:00:00Z') } });
    const obo = await pending(sponsored.ws.id, 'MEDICAL_OFFICE_ASSISTANT', 'ON_BEHALF_OF');
    await db().membership.update({ where: { id: obo.membership.id }, data: { statusChangedAt: new Date('2031-03-10T18:00:00Z') } });
    await sponsor(obo.membership.id, sponsored.authorizerMembershipId!);
    const stuck = await pending(bare.ws.id, 'CLINICAL_SUPPORT_STAFF', 'ON_BEHALF_OF');
    await db().membership.update({ where: { id: stuck.membership.id }, data: { statusChangedAt: new Date('2031-03-13T18:00:00Z') } });
    // Not in the queue: another status.
    await createMembership(db(), { worksiteId: bare.ws.id, personId: (await person(null)).id, status: 'REQUESTED' });
    // The viewer belongs to the bare worksite: its row says so.
    await createMembership(db(), { worksiteId: bare.ws.id, personId: team.id });

    const { rows } = await membershipQueue(team, now);
    const mine = rows.filter((r) => [old, obo, stuck].some((x) => x.membership.id === r.membershipId));
    expect(mine.map((r) => r.membershipId)).toEqual([old.membership.id, obo.membership.id, stuck.membership.id]);
    expect(rows.every((r) => r.status === 'PENDING_REVIEW')).toBe(true);

    expect(mine[0]).toMatchObject({
      profession: 'Physician',
      kind: 'INDEPENDENT',
      worksiteName: sponsored.ws.operatingName,
      worksiteCode: sponsored.ws.worksiteCode,
      sponsorName: null,
      noAuthorizer: false,
      ageDays: 9,
      ageTone: 'red',
      blockedReason: null,
    });
    expect(mine[1]).toMatchObject({ kind: 'ON_BEHALF_OF', noAuthorizer: false, ageDays: 4, ageTone: 'normal' });
    expect(mine[1]!.sponsorName).toMatch(/^Pat Person /);
    expect(provisionWarning(mine[1]!)).toBeNull();
    expect(mine[2]).toMatchObject({ kind: 'ON_BEHALF_OF', noAuthorizer: true, sponsorName: null, blockedReason: OWN_WORKSITE_MESSAGE });
    expect(provisionWarning(mine[2]!)).toBe(NO_AUTHORIZER);
    // The row holds only what the page shows: no contact details.
    expect(JSON.stringify(mine)).not.toContain('@example.com');
  });
});
