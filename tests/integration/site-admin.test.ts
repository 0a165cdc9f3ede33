import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { parseInput } from '@/server/action';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { isLastSiteAdminError, guardLastSiteAdmin } from '@/server/memberships/last-admin';
import { membersPage } from '@/server/memberships/queries';
import { worksiteSettings } from '@/server/worksites/settings-queries';
import { worksiteDetailsSchema } from '@/server/worksites/settings-schema';
import {
  confirmJoinRequest,
  declineJoinRequest,
  endLocum,
  grantSiteAdmin,
  inactivateMember,
  reactivateMember,
  removeSiteAdmin,
  transferSiteAdmin,
} from '@/server/memberships/service';
import { requestClosure, updateWorksiteDetails } from '@/server/worksites/settings-service';
import { closeWorksite } from '@/server/worksites/team-service';
import { LAST_SITE_ADMIN_MESSAGE } from '@/server/worksites/rules';
import { createJoinRequest, createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { fromNow } from '../support/clock';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-site-admin', ip: '203.0.113.7', userAgent: 'vitest' };

/** The refusal a call ends in (code and message), or null when it succeeded. Anything that is
 * not a DomainError would be a 500 for the person: the test fails on it. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

const WORKSITE_NOT_FOUND = { code: 'NOT_FOUND', message: 'We could not find that worksite.' };
const MEMBER_NOT_FOUND = { code: 'NOT_FOUND', message: 'We could not find that member.' };
const LAST = { code: 'LAST_SITE_ADMIN', message: LAST_SITE_ADMIN_MESSAGE };

/** Worksite A with every kind of member, and worksite B run by someone else. */
async function scene() {
  const admin = await ensurePerson(db(), { givenName: 'Ada', familyName: 'Admin' });
  const ws = await createWorksite(db(), { creatorId: admin.id, operatingName: 'Harbour Clinic' });
  const adminM = await createMembership(db(), {
    worksiteId: ws.id,
    personId: admin.id,
    siteAdmin: true,
  });
  const mk = async (
    spec: Omit<Parameters<typeof createMembership>[1], 'worksiteId' | 'personId'>,
    name: string,
  ) => {
    const p = await ensurePerson(db(), {
      givenName: name,
      email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`,
    });
    return {
      person: p,
      membership: await createMembership(db(), { worksiteId: ws.id, personId: p.id, ...spec }),
    };
  };
  const member = await mk({}, 'Mo');
  const member2 = await mk({}, 'Mia');
  const admin2 = await mk({ siteAdmin: true }, 'Abe');
  const inactive = await mk({ status: 'INACTIVE' }, 'Ina');
  const locum = await mk({ locum: true }, 'Lou');
  const requester = await ensurePerson(db(), { givenName: 'Rex' });
  const joinRequest = await createJoinRequest(db(), { worksiteId: ws.id, personId: requester.id });

  const otherAdmin = await ensurePerson(db(), { givenName: 'Otto' });
  const other = await createWorksite(db(), {
    creatorId: otherAdmin.id,
    operatingName: 'Other Clinic',
  });
  await createMembership(db(), { worksiteId: other.id, personId: otherAdmin.id, siteAdmin: true });
  const otherMember = await ensurePerson(db());
  const otherMembership = await createMembership(db(), {
    worksiteId: other.id,
    personId: otherMember.id,
  });

  const outsider = await ensurePerson(db());
  const staff = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM', 'AUDITOR'] });
  return {
    ws,
    admin,
    adminM,
    member,
    member2,
    admin2,
    inactive,
    locum,
    requester,
    joinRequest,
    other,
    otherAdmin,
    otherMembership,
    outsider,
    staff,
  };
}
type Scene = Awaited<ReturnType<typeof scene>>;

type Op = {
  name: string;
  audit: string;
  target: (s: Scene) => string;
  run: (personId: string, ids: { worksiteId: string; membershipId: string }) => Promise<unknown>;
  expected: { status: string; isSiteAdmin: boolean };
};

const ops: Op[] = [
  {
    name: 'confirm a join request',
    audit: 'membership.confirmed',
    target: (s) => s.joinRequest.id,
    run: (p, i) => confirmJoinRequest(p, i, ctx),
    expected: { status: 'PENDING_REVIEW', isSiteAdmin: false },
  },
  {
    name: 'decline a join request',
    audit: 'membership.declined',
    target: (s) => s.joinRequest.id,
    run: (p, i) => declineJoinRequest(p, i, ctx),
    expected: { status: 'DECLINED', isSiteAdmin: false },
  },
  {
    name: 'make a member a site admin',
    audit: 'membership.site_admin_granted',
    target: (s) => s.member.membership.id,
    run: (p, i) => grantSiteAdmin(p, i, ctx),
    expected: { status: 'ACTIVE', isSiteAdmin: true },
  },
  {
    name: 'remove the site admin role',
    audit: 'membership.site_admin_removed',
    target: (s) => s.admin2.membership.id,
    run: (p, i) => removeSiteAdmin(p, i, ctx),
    expected: { status: 'ACTIVE', isSiteAdmin: false },
  },
  {
    name: 'transfer the site admin role',
    audit: 'membership.site_admin_transferred',
    target: (s) => s.member.membership.id,
    run: (p, i) => transferSiteAdmin(p, i, ctx),
    expected: { status: 'ACTIVE', isSiteAdmin: true },
  },
  {
    name: 'inactivate a member',
    audit: 'membership.inactivated',
    target: (s) => s.member.membership.id,
    run: (p, i) => inactivateMember(p, i, ctx),
    expected: { status: 'INACTIVE', isSiteAdmin: false },
  },
  {
    name: 'reactivate a member',
    audit: 'membership.reactivated',
    target: (s) => s.inactive.membership.id,
    run: (p, i) => reactivateMember(p, i, ctx),
    expected: { status: 'ACTIVE', isSiteAdmin: false },
  },
  {
    name: 'end a locum',
    audit: 'membership.ended',
    target: (s) => s.locum.membership.id,
    run: (p, i) => endLocum(p, i, ctx),
    expected: { status: 'ENDED', isSiteAdmin: false },
  },
];

const snapshot = async (worksiteId: string) =>
  (await db().membership.findMany({ where: { worksiteId }, orderBy: { id: 'asc' } })).map((m) => [
    m.id,
    m.status,
    m.isSiteAdmin,
  ]);

describe.each(ops)('$name', (op) => {
  it('works for a site admin of this worksite: state, history and audit', async () => {
    const s = await scene();
    const membershipId = op.target(s);
    const before = await db().membership.findUniqueOrThrow({ where: { id: membershipId } });
    expect(await refusal(op.run(s.admin.id, { worksiteId: s.ws.id, membershipId }))).toBeNull();
    const after = await db().membership.findUniqueOrThrow({ where: { id: membershipId } });
    expect(after).toMatchObject(op.expected);
    const history = await db().membershipStatusChange.findMany({ where: { membershipId } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      fromStatus: before.status,
      toStatus: op.expected.status,
      actorId: s.admin.id,
    });
    const events = await db().auditEvent.findMany({
      where: { worksiteId: s.ws.id, action: op.audit },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: 'PERSON',
      actorId: s.admin.id,
      targetType: 'MEMBERSHIP',
      targetId: membershipId,
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
  });

  it('is refused for a plain member, a person with no membership and staff who are not members', async () => {
    const s = await scene();
    const ids = { worksiteId: s.ws.id, membershipId: op.target(s) };
    const before = await snapshot(s.ws.id);
    for (const who of [
      s.member.person.id,
      s.inactive.person.id,
      s.requester.id,
      s.outsider.id,
      s.staff.id,
    ]) {
      expect(await refusal(op.run(who, ids))).toEqual(WORKSITE_NOT_FOUND);
    }
    expect(await snapshot(s.ws.id)).toEqual(before);
    expect(await db().auditEvent.count({ where: { worksiteId: s.ws.id } })).toBe(0);
  });

  it("a site admin of another worksite gets NOT_FOUND for this worksite's records, exactly like a random id", async () => {
    const s = await scene();
    const before = await snapshot(s.ws.id);
    const forged = op.target(s);
    // Naming this worksite: refused before anything is read.
    const viaWorksite = await refusal(
      op.run(s.otherAdmin.id, { worksiteId: s.ws.id, membershipId: forged }),
    );
    const randomWorksite = await refusal(
      op.run(s.otherAdmin.id, { worksiteId: randomUUID(), membershipId: forged }),
    );
    expect(viaWorksite).toEqual(WORKSITE_NOT_FOUND);
    expect(randomWorksite).toEqual(viaWorksite);
    // Naming their own worksite with a membership id from this one.
    const viaOwn = await refusal(
      op.run(s.otherAdmin.id, { worksiteId: s.other.id, membershipId: forged }),
    );
    const randomMember = await refusal(
      op.run(s.otherAdmin.id, { worksiteId: s.other.id, membershipId: randomUUID() }),
    );
    const garbage = await refusal(
      op.run(s.otherAdmin.id, { worksiteId: s.other.id, membershipId: "1' OR '1'='1" }),
    );
    expect(viaOwn).toEqual(MEMBER_NOT_FOUND);
    expect(randomMember).toEqual(viaOwn);
    expect(garbage).toEqual(viaOwn);
    expect(await snapshot(s.ws.id)).toEqual(before);
    expect(await db().auditEvent.count({ where: { worksiteId: s.ws.id } })).toBe(0);
  });

  it('done twice: the second is a clear refusal, not a second change', async () => {
    const s = await scene();
    const ids = { worksiteId: s.ws.id, membershipId: op.target(s) };
    await op.run(s.admin.id, ids);
    // (After a transfer the caller is no longer an admin at all.)
    const second = await refusal(op.run(s.admin.id, ids));
    expect(second?.code).toMatch(/INVALID_TRANSITION|NOT_FOUND/);
    expect(await db().auditEvent.count({ where: { worksiteId: s.ws.id, action: op.audit } })).toBe(
      1,
    );
  });
});

describe('emails to the affected member', () => {
  it('inactivating and ending a locum email the person, with the Worksite ID', async () => {
    const s = await scene();
    await inactivateMember(
      s.admin.id,
      { worksiteId: s.ws.id, membershipId: s.member.membership.id },
      ctx,
    );
    await endLocum(s.admin.id, { worksiteId: s.ws.id, membershipId: s.locum.membership.id }, ctx);
    const mails = await db().outboxEmail.findMany({
      where: { worksiteId: s.ws.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(mails.map((m) => [m.template, m.toAddress, m.personId])).toEqual([
      ['membership.inactivated', s.member.person.contactEmail, s.member.person.id],
      ['membership.ended', s.locum.person.contactEmail, s.locum.person.id],
    ]);
    for (const m of mails) {
      expect(m.subject).toContain(`Worksite ID ${s.ws.worksiteCode}`);
      expect(m.textBody).toContain(s.ws.worksiteCode);
      expect(m.textBody).toContain('Ada Admin');
    }
  });

  it('other member actions send no email', async () => {
    const s = await scene();
    await grantSiteAdmin(
      s.admin.id,
      { worksiteId: s.ws.id, membershipId: s.member.membership.id },
      ctx,
    );
    await reactivateMember(
      s.admin.id,
      { worksiteId: s.ws.id, membershipId: s.inactive.membership.id },
      ctx,
    );
    expect(await db().outboxEmail.count({ where: { worksiteId: s.ws.id } })).toBe(0);
  });
});

describe('worksite state', () => {
  it('join requests wait while the worksite is suspended; members can still be managed', async () => {
    const s = await scene();
    await db().worksite.update({ where: { id: s.ws.id }, data: { status: 'SUSPENDED' } });
    expect(
      await refusal(
        confirmJoinRequest(
          s.admin.id,
          { worksiteId: s.ws.id, membershipId: s.joinRequest.id },
          ctx,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(
      await refusal(
        inactivateMember(
          s.admin.id,
          { worksiteId: s.ws.id, membershipId: s.member.membership.id },
          ctx,
        ),
      ),
    ).toBeNull();
  });

  it('nothing can be done at a closed worksite', async () => {
    const s = await scene();
    await db().worksite.update({ where: { id: s.ws.id }, data: { status: 'CLOSED' } });
    for (const op of ops) {
      expect(
        await refusal(op.run(s.admin.id, { worksiteId: s.ws.id, membershipId: op.target(s) })),
      ).toMatchObject({ code: 'INVALID_TRANSITION' });
    }
  });
});

const activeAdmins = (worksiteId: string) =>
  db().membership.count({ where: { worksiteId, isSiteAdmin: true, status: 'ACTIVE' } });

describe('the last active site admin', () => {
  async function soleAdmin(opts: { locum?: boolean } = {}) {
    const admin = await ensurePerson(db());
    const ws = await createWorksite(db(), { creatorId: admin.id });
    const m = await createMembership(db(), {
      worksiteId: ws.id,
      personId: admin.id,
      siteAdmin: true,
      locum: opts.locum,
    });
    const member = await ensurePerson(db());
    const mm = await createMembership(db(), { worksiteId: ws.id, personId: member.id });
    const inactive = await ensurePerson(db());
    const im = await createMembership(db(), {
      worksiteId: ws.id,
      personId: inactive.id,
      status: 'INACTIVE',
    });
    return {
      admin,
      ws,
      ids: { worksiteId: ws.id, membershipId: m.id },
      memberM: mm,
      inactiveM: im,
    };
  }

  it('cannot remove their own role, inactivate themselves or end themselves as a locum', async () => {
    const { admin, ws, ids } = await soleAdmin({ locum: true });
    expect(await refusal(removeSiteAdmin(admin.id, ids, ctx))).toEqual(LAST);
    expect(await refusal(inactivateMember(admin.id, ids, ctx))).toEqual(LAST);
    expect(await refusal(endLocum(admin.id, ids, ctx))).toEqual(LAST);
    expect(await activeAdmins(ws.id)).toBe(1);
    expect(
      await db().membershipStatusChange.count({ where: { membershipId: ids.membershipId } }),
    ).toBe(0);
    expect(await db().auditEvent.count({ where: { worksiteId: ws.id } })).toBe(0);
  });

  it('cannot transfer the role to someone who could not hold it', async () => {
    const { admin, ws, ids, inactiveM } = await soleAdmin();
    expect(await refusal(transferSiteAdmin(admin.id, ids, ctx))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(
      await refusal(
        transferSiteAdmin(admin.id, { worksiteId: ws.id, membershipId: inactiveM.id }, ctx),
      ),
    ).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'The role can only be transferred to an active member.',
    });
    expect(
      await db().membership.findUniqueOrThrow({ where: { id: ids.membershipId } }),
    ).toMatchObject({ isSiteAdmin: true, status: 'ACTIVE' });
  });

  it('with two admins one may go; then the other is the last one', async () => {
    const { admin, ws, ids, memberM } = await soleAdmin();
    await grantSiteAdmin(admin.id, { worksiteId: ws.id, membershipId: memberM.id }, ctx);
    expect(await refusal(removeSiteAdmin(admin.id, ids, ctx))).toBeNull(); // stepping down
    expect(await activeAdmins(ws.id)).toBe(1);
    const successor = (await db().membership.findUniqueOrThrow({ where: { id: memberM.id } }))
      .personId;
    expect(
      await refusal(
        inactivateMember(successor, { worksiteId: ws.id, membershipId: memberM.id }, ctx),
      ),
    ).toEqual(LAST);
  });

  it('transfer promotes the other member and steps down in one transaction, leaving exactly one admin', async () => {
    const { admin, ws, ids, memberM } = await soleAdmin();
    await transferSiteAdmin(admin.id, { worksiteId: ws.id, membershipId: memberM.id }, ctx);
    const rows = await db().membership.findMany({
      where: { worksiteId: ws.id, isSiteAdmin: true, status: 'ACTIVE' },
    });
    expect(rows.map((r) => r.id)).toEqual([memberM.id]);
    expect(
      await db().membership.findUniqueOrThrow({ where: { id: ids.membershipId } }),
    ).toMatchObject({ status: 'ACTIVE', isSiteAdmin: false });
    const [event] = await db().auditEvent.findMany({
      where: { worksiteId: ws.id, action: 'membership.site_admin_transferred' },
    });
    expect(event).toMatchObject({
      actorId: admin.id,
      targetId: memberM.id,
      after: { toMembershipId: memberM.id },
    });
    expect(
      await db().membershipStatusChange.count({
        where: { membershipId: { in: [memberM.id, ids.membershipId] } },
      }),
    ).toBe(2);
    // The former admin can no longer act.
    expect(
      await refusal(
        grantSiteAdmin(admin.id, { worksiteId: ws.id, membershipId: ids.membershipId }, ctx),
      ),
    ).toEqual(WORKSITE_NOT_FOUND);
  });

  it("the trigger's refusal (a write that skipped the check) becomes the same LAST_SITE_ADMIN refusal, never a server error", async () => {
    const { ws, ids } = await soleAdmin();
    let raw: unknown;
    await db()
      .$transaction((tx) =>
        tx.membership.update({ where: { id: ids.membershipId }, data: { isSiteAdmin: false } }),
      )
      .catch((e: unknown) => (raw = e));
    expect(isLastSiteAdminError(raw)).toBe(true);
    expect(isLastSiteAdminError(new Error('something else'))).toBe(false);
    const mapped = await refusal(
      db().$transaction((tx) =>
        guardLastSiteAdmin(() =>
          tx.membership.updateMany({
            where: { id: ids.membershipId },
            data: { status: 'INACTIVE' },
          }),
        ),
      ),
    );
    expect(mapped).toEqual(LAST);
    expect(await activeAdmins(ws.id)).toBe(1);
  });
});

describe('concurrent demotions through the service', () => {
  async function threeAdmins() {
    const people = [await ensurePerson(db()), await ensurePerson(db()), await ensurePerson(db())];
    const ws = await createWorksite(db(), { creatorId: people[0]!.id });
    const ms = [];
    for (const p of people)
      ms.push(await createMembership(db(), { worksiteId: ws.id, personId: p.id, siteAdmin: true }));
    return { ws, people, ms };
  }

  it('20 admins stepping down or inactivating themselves at once always leave exactly one (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const { ws, people, ms } = await threeAdmins();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const k = i % 3;
          const ids = { worksiteId: ws.id, membershipId: ms[k]!.id };
          return refusal(
            i % 2 === 0
              ? removeSiteAdmin(people[k]!.id, ids, ctx)
              : inactivateMember(people[k]!.id, ids, ctx),
          );
        }),
      );
      // Two step down; the last one's every attempt is refused with the successor message; an
      // admin who already stepped down is no longer an admin (NOT_FOUND). Nothing else, no 500.
      expect(outcomes.filter((o) => o === null)).toHaveLength(2);
      const refusals = outcomes.filter((o) => o !== null);
      expect(refusals.filter((r) => r.code === 'LAST_SITE_ADMIN').length).toBeGreaterThanOrEqual(6);
      for (const r of refusals) expect([LAST, WORKSITE_NOT_FOUND]).toContainEqual(r);
      expect(await activeAdmins(ws.id)).toBe(1);
    }
  });

  it('20 mixed cross and self demotions and inactivations among 3 admins always leave at least one (10 rounds)', async () => {
    for (let round = 0; round < 10; round++) {
      const { ws, people, ms } = await threeAdmins();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          // Actor i % 3; the target walks through all three, so both cross and self demotions race.
          const actor = people[i % 3]!.id;
          const ids = { worksiteId: ws.id, membershipId: ms[(i + Math.floor(i / 3)) % 3]!.id };
          return refusal(
            i % 4 < 2 ? removeSiteAdmin(actor, ids, ctx) : inactivateMember(actor, ids, ctx),
          );
        }),
      );
      for (const r of outcomes.filter((o) => o !== null)) {
        expect(['LAST_SITE_ADMIN', 'NOT_FOUND', 'INVALID_TRANSITION']).toContain(r.code);
        if (r.code === 'LAST_SITE_ADMIN') expect(r.message).toBe(LAST_SITE_ADMIN_MESSAGE);
      }
      expect(await activeAdmins(ws.id)).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('closing a worksite', () => {
  it('ends every open membership, last site admins too, with history and audit; revokes waiting links; tells each member once', async () => {
    const s = await scene();
    const declinedP = await ensurePerson(db());
    const declined = await createMembership(db(), {
      worksiteId: s.ws.id,
      personId: declinedP.id,
      status: 'DECLINED',
    });
    await db().invitation.create({
      data: {
        worksiteId: s.ws.id,
        email: 'pending@example.com',
        tokenHash: randomUUID(),
        expiresAt: fromNow(86_400_000),
        invitedById: s.admin.id,
      },
    });
    const team = { id: s.staff.id, staffRoles: ['ENROLMENT_TEAM', 'AUDITOR'] as const };
    const close = (reason: string) =>
      closeWorksite(
        { ...team, staffRoles: [...team.staffRoles] },
        { worksiteId: s.ws.id, expectedStatus: 'ACTIVE', reason },
        { ...ctx, requestId: 'req-close' },
      );

    // One statement writes the status and ends the memberships: the last-admin trigger, fired at
    // its end, sees the worksite CLOSED and lets both site admins' memberships end.
    const r = await close('Worksite closed');
    expect(r).toMatchObject({ status: 'CLOSED', membersEmailed: 7 });

    const rows = await db().membership.findMany({ where: { worksiteId: s.ws.id } });
    for (const m of rows) expect(m.status).toBe(m.id === declined.id ? 'DECLINED' : 'ENDED');
    expect(rows.filter((m) => m.isSiteAdmin)).toEqual([]);
    const ended = rows.filter((m) => m.id !== declined.id);
    expect(ended).toHaveLength(7);
    expect(
      await db().membershipStatusChange.count({
        where: {
          membershipId: { in: ended.map((m) => m.id) },
          toStatus: 'ENDED',
          reason: 'Worksite closed',
        },
      }),
    ).toBe(7);
    const audits = await db().auditEvent.findMany({
      where: { worksiteId: s.ws.id, action: 'membership.ended' },
    });
    expect(audits).toHaveLength(7);
    expect(
      audits.every(
        (a) => a.actorType === 'STAFF' && a.actorId === s.staff.id && a.requestId === 'req-close',
      ),
    ).toBe(true);
    const emails = await db().outboxEmail.findMany({
      where: { worksiteId: s.ws.id, template: 'worksite.closed' },
    });
    expect(emails.map((e) => e.personId).sort()).toEqual(ended.map((m) => m.personId).sort());
    expect(emails.find((e) => e.personId === s.member.person.id)?.toAddress).toBe(
      s.member.person.contactEmail,
    );
    expect(await db().invitation.count({ where: { worksiteId: s.ws.id, status: 'PENDING' } })).toBe(
      0,
    );

    // Closing it again is a decision already taken: nobody is ended twice.
    await expect(close('again')).rejects.toMatchObject({ code: 'ALREADY_DECIDED' });
    expect(
      await db().auditEvent.count({ where: { worksiteId: s.ws.id, action: 'membership.ended' } }),
    ).toBe(7);
  });
  it('a close racing its site admins\' own changes: the close always lands, every membership ends, nothing deadlocks (8 rounds)', async () => {
    for (let round = 0; round < 8; round++) {
      const s = await scene();
      const ids = (m: { membership: { id: string } }) => ({ worksiteId: s.ws.id, membershipId: m.membership.id });
      const [closed, ...theirs] = await Promise.allSettled([
        closeWorksite(
          { id: s.staff.id, staffRoles: ['ENROLMENT_TEAM'] },
          { worksiteId: s.ws.id, expectedStatus: 'ACTIVE', reason: 'Clinic closed its doors' },
          ctx,
        ),
        inactivateMember(s.admin.id, ids(s.member), ctx),
        endLocum(s.admin2.person.id, ids(s.locum), ctx),
        removeSiteAdmin(s.admin2.person.id, { worksiteId: s.ws.id, membershipId: s.adminM.id }, ctx),
      ]);
      expect(closed.status).toBe('fulfilled');
      // Each of theirs either went first or found the worksite closed: a plain refusal, never a
      // deadlock or a server error.
      for (const r of theirs) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DomainError);
      const left = await db().membership.findMany({ where: { worksiteId: s.ws.id } });
      expect(left.map((m) => m.status)).toEqual(left.map(() => 'ENDED'));
      expect(await db().auditEvent.count({ where: { worksiteId: s.ws.id, action: 'worksite.closed' } })).toBe(1);
    }
  });
});

describe('worksite details', () => {
  const details = (
    worksiteId: string,
    over: Partial<Record<'operatingName' | 'phone' | 'email', string>> = {},
  ) =>
    parseInput(worksiteDetailsSchema, {
      worksiteId,
      operatingName: 'Test Clinic',
      phone: '250-555-0100',
      email: 'clinic@example.com',
      ...over,
    });

  it('a site admin edits operating name, phone and email; the audit shows before and after of what changed', async () => {
    const s = await scene();
    const r = await updateWorksiteDetails(
      s.admin.id,
      details(s.ws.id, { operatingName: 'Harbour Family Clinic', phone: '(250) 555 0199' }),
      ctx,
    );
    expect(r).toEqual({ changed: true });
    const ws = await db().worksite.findUniqueOrThrow({ where: { id: s.ws.id } });
    expect(ws).toMatchObject({
      operatingName: 'Harbour Family Clinic',
      phone: '250-555-0199',
      email: 'clinic@example.com',
      legalName: s.ws.legalName,
      street: s.ws.street,
    });
    const [event] = await db().auditEvent.findMany({
      where: { worksiteId: s.ws.id, action: 'worksite.details_updated' },
    });
    expect(event).toMatchObject({
      actorId: s.admin.id,
      targetType: 'WORKSITE',
      targetId: s.ws.id,
      before: { operatingName: 'Harbour Clinic', phone: '250-555-0100' },
      after: { operatingName: 'Harbour Family Clinic', phone: '250-555-0199' },
    });
    // Same values again: nothing to record.
    expect(
      await updateWorksiteDetails(
        s.admin.id,
        details(s.ws.id, { operatingName: 'Harbour Family Clinic', phone: '250-555-0199' }),
        ctx,
      ),
    ).toEqual({ changed: false });
    expect(
      await db().auditEvent.count({
        where: { worksiteId: s.ws.id, action: 'worksite.details_updated' },
      }),
    ).toBe(1);
  });

  it('the legal name and address cannot be sent at all', () => {
    expect(() =>
      parseInput(worksiteDetailsSchema, { ...details('x'), legalName: 'Evil Corp' }),
    ).toThrow(DomainError);
    expect(() =>
      parseInput(worksiteDetailsSchema, { ...details('x'), street: '2 Other St' }),
    ).toThrow(DomainError);
  });

  it('is refused for non-admins and other worksites, like a missing worksite', async () => {
    const s = await scene();
    for (const who of [s.member.person.id, s.outsider.id, s.staff.id, s.otherAdmin.id]) {
      expect(
        await refusal(
          updateWorksiteDetails(who, details(s.ws.id, { operatingName: 'Hacked' }), ctx),
        ),
      ).toEqual(WORKSITE_NOT_FOUND);
    }
    expect((await db().worksite.findUniqueOrThrow({ where: { id: s.ws.id } })).operatingName).toBe(
      'Harbour Clinic',
    );
  });
});

describe('closure request', () => {
  it('records the request, audits it and emails the team mailbox with the Worksite ID; a second request is refused', async () => {
    const s = await scene();
    const input = {
      worksiteId: s.ws.id,
      reason: 'The clinic is moving into the hospital at the end of the month.',
    };
    for (const who of [s.member.person.id, s.staff.id, s.otherAdmin.id]) {
      expect(await refusal(requestClosure(who, input, ctx))).toEqual(WORKSITE_NOT_FOUND);
    }
    await requestClosure(s.admin.id, input, ctx);
    const ws = await db().worksite.findUniqueOrThrow({ where: { id: s.ws.id } });
    expect(ws).toMatchObject({
      closureRequestedById: s.admin.id,
      closureRequestReason: input.reason,
      status: 'ACTIVE',
    });
    expect(ws.closureRequestedAt).toBeInstanceOf(Date);
    expect(
      await db().auditEvent.count({
        where: { worksiteId: s.ws.id, action: 'worksite.closure_requested', actorId: s.admin.id },
      }),
    ).toBe(1);
    const mails = await db().outboxEmail.findMany({ where: { worksiteId: s.ws.id } });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      toAddress: env().TEAM_MAILBOX,
      template: 'worksite.closure_requested',
    });
    expect(mails[0]!.subject).toContain(`Worksite ID ${s.ws.worksiteCode}`);
    expect(mails[0]!.textBody).toContain(input.reason);
    expect(mails[0]!.textBody).toContain(`/admin/worksites/${s.ws.id}`);

    expect(await refusal(requestClosure(s.admin2.person.id, input, ctx))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already requested/),
    });
    expect(await db().outboxEmail.count({ where: { worksiteId: s.ws.id } })).toBe(1);
  });

  it('is refused before the worksite is active', async () => {
    const admin = await ensurePerson(db());
    const ws = await createWorksite(db(), { creatorId: admin.id, status: 'AWAITING_DECLARATION' });
    await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
    expect(
      await refusal(
        requestClosure(
          admin.id,
          { worksiteId: ws.id, reason: 'We changed our minds about it.' },
          ctx,
        ),
      ),
    ).toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});

describe('pages', () => {
  it('the members page: everything and the actions for a site admin', async () => {
    const s = await scene();
    const page = (await membersPage(await viewerFor(s.admin.id), s.ws.id))!;
    expect(page.viewerIsSiteAdmin).toBe(true);
    expect(page.can).toEqual({
      invite: true,
      decideJoinRequests: true,
      manageAdmins: true,
      manageMembers: true,
    });
    expect(page.activeSiteAdmins).toBe(2);
    expect(page.joinRequests.map((j) => [j.membershipId, j.actions])).toEqual([
      [s.joinRequest.id, ['CONFIRM_JOIN', 'DECLINE_JOIN']],
    ]);
    const row = (id: string) => page.members.find((m) => m.membershipId === id)!;
    expect(row(s.adminM.id)).toMatchObject({
      name: 'Ada Admin',
      isSelf: true,
      isSiteAdmin: true,
      statusLabel: 'Active',
      actions: ['REMOVE_ADMIN'],
    });
    // Another admin can be inactivated; the viewer is not offered locking themselves out.
    expect(row(s.admin2.membership.id).actions).toEqual(['REMOVE_ADMIN', 'INACTIVATE']);
    expect(row(s.locum.membership.id)).toMatchObject({
      isLocum: true,
      actions: ['GRANT_ADMIN', 'END_LOCUM'],
    });
    expect(row(s.inactive.membership.id)).toMatchObject({
      statusLabel: 'Inactive',
      actions: ['REACTIVATE'],
    });
    expect(page.members.some((m) => m.membershipId === s.joinRequest.id)).toBe(false);
    expect(page.transferCandidates.map((c) => c.membershipId).sort()).toEqual(
      [s.member.membership.id, s.member2.membership.id, s.locum.membership.id].sort(),
    );
  });

  it('a plain member sees the list without actions, join requests or invitations', async () => {
    const s = await scene();
    await db().invitation.create({
      data: {
        worksiteId: s.ws.id,
        email: 'x@example.com',
        tokenHash: randomUUID(),
        expiresAt: fromNow(1e9),
      },
    });
    const page = (await membersPage(await viewerFor(s.member.person.id), s.ws.id))!;
    expect(page.viewerIsSiteAdmin).toBe(false);
    expect(page.members.length).toBeGreaterThan(0);
    expect(page.members.every((m) => m.actions.length === 0)).toBe(true);
    expect(page.joinRequests).toEqual([]);
    expect(page.invitations).toEqual([]);
    expect(page.transferCandidates).toEqual([]);
    expect(page.can).toEqual({
      invite: false,
      decideJoinRequests: false,
      manageAdmins: false,
      manageMembers: false,
    });
  });

  it('nobody else sees the members or the settings page, as if the worksite did not exist', async () => {
    const s = await scene();
    for (const who of [
      s.outsider.id,
      s.staff.id,
      s.otherAdmin.id,
      s.inactive.person.id,
      s.requester.id,
    ]) {
      expect(await membersPage(await viewerFor(who), s.ws.id)).toBeNull();
      expect(await worksiteSettings(await viewerFor(who), s.ws.id)).toBeNull();
    }
    expect(await membersPage(await viewerFor(s.admin.id), randomUUID())).toBeNull();
    expect(await membersPage(await viewerFor(s.admin.id), 'not-a-uuid')).toBeNull();
    expect(await worksiteSettings(await viewerFor(s.member.person.id), s.ws.id)).toBeNull();
    const settings = (await worksiteSettings(await viewerFor(s.admin.id), s.ws.id))!;
    expect(settings).toMatchObject({
      canEdit: true,
      canRequestClosure: true,
      closureRequest: null,
    });
    expect(settings.worksite).toMatchObject({
      legalName: 'Harbour Clinic Inc.',
      address: '1 Main Street, Victoria, BC V8W 1A1',
    });
  });
});

describe('confirming a join request decides the kind from the enrolment as it is now', () => {
  it('sends an office assistant who enrolled after asking to join to find a sponsor', async () => {
    const { db: client } = await import('@/server/db');
    const { ensurePerson } = await import('../factories/people');
    const { createWorksite, addMember } = await import('../factories/worksites');
    const { confirmJoinRequest } = await import('@/server/memberships/service');
    const admin = await ensurePerson(client());
    const ws = await createWorksite(client(), { creatorId: admin.id });
    await addMember(client(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
    const moa = await ensurePerson(client());
    const request = await addMember(client(), { worksiteId: ws.id, personId: moa.id, status: 'REQUESTED' });
    expect(request.kind).toBe('INDEPENDENT'); // asked before enrolling
    await client().enrolment.create({ data: { personId: moa.id, profession: 'MEDICAL_OFFICE_ASSISTANT', jobTitle: 'MOA', status: 'SUBMITTED' } });
    const r = await confirmJoinRequest(admin.id, { worksiteId: ws.id, membershipId: request.id }, { requestId: 'r', ip: null, userAgent: null });
    expect(r.status).toBe('PENDING_SPONSOR');
    expect((await client().membership.findUniqueOrThrow({ where: { id: request.id } })).kind).toBe('ON_BEHALF_OF');
  });
});
