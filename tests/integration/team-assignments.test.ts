import { beforeEach, describe, expect, it, vi } from 'vitest';

const signedIn = vi.hoisted(() => ({ id: null as string | null }));
vi.mock('@/server/auth/session-cookie', async () => (await import('../support/real-session')).signedInAs(signedIn));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

import { assignToMeAction, unassignAction } from '@/server/assignments/actions';
import type { AssignableKind } from '@/server/assignments/rules';
import { assignToMe } from '@/server/assignments/service';
import { db } from '@/server/db';
import { DomainError } from '@/lib/errors';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { callerOf, CALLERS, ctx, expectRefused, staffMember } from '../support/team';

beforeEach(() => {
  signedIn.id = null;
});

/** One item of every assignable kind, about a person at a worksite. */
async function items(): Promise<Record<AssignableKind, string> & { personId: string; worksiteId: string }> {
  const person = await ensurePerson(db(), { givenName: 'Pat', familyName: 'Assigned' });
  const creator = await ensurePerson(db());
  const worksite = await createWorksite(db(), { creatorId: creator.id, status: 'INTAKE_SUBMITTED' });
  const enrolment = await createEnrolment(db(), { personId: person.id });
  const membership = await createMembership(db(), { worksiteId: worksite.id, personId: person.id, status: 'PENDING_REVIEW' });
  const change = await db().professionChangeRequest.create({ data: { personId: person.id, toProfession: 'NURSE_PRACTITIONER', reason: 'New licence' } });
  const remote = await db().remoteAccessRequest.create({ data: { membershipId: membership.id } });
  const pnWorksite = await db().pharmanetWorksiteRequest.create({ data: { worksiteId: worksite.id, requestedById: creator.id } });
  const pnUser = await db().pharmanetUserRequest.create({ data: { membershipId: membership.id } });
  return {
    personId: person.id,
    worksiteId: worksite.id,
    WORKSITE: worksite.id,
    ENROLMENT: enrolment.id,
    MEMBERSHIP: membership.id,
    PROFESSION_CHANGE_REQUEST: change.id,
    REMOTE_ACCESS_REQUEST: remote.id,
    PHARMANET_WORKSITE_REQUEST: pnWorksite.id,
    PHARMANET_USER_REQUEST: pnUser.id,
  };
}

const TABLE: Record<AssignableKind, string> = {
  WORKSITE: 'Worksite',
  ENROLMENT: 'Enrolment',
  MEMBERSHIP: 'Membership',
  PROFESSION_CHANGE_REQUEST: 'ProfessionChangeRequest',
  REMOTE_ACCESS_REQUEST: 'RemoteAccessRequest',
  PHARMANET_WORKSITE_REQUEST: 'PharmanetWorksiteRequest',
  PHARMANET_USER_REQUEST: 'PharmanetUserRequest',
};

async function assigneeOf(kind: AssignableKind, id: string): Promise<string | null> {
  const rows = await db().$queryRawUnsafe<{ assignedToId: string | null }[]>(`SELECT "assignedToId"::text FROM "${TABLE[kind]}" WHERE id = $1::uuid`, id);
  return rows[0]!.assignedToId;
}

describe('assign to me and unassign, every kind of item', () => {
  for (const kind of Object.keys(TABLE) as AssignableKind[]) {
    it(`${kind}: assigns, audits, unassigns`, async () => {
      const it_ = await items();
      const team = await staffMember(['ENROLMENT_TEAM']);
      signedIn.id = team.id;
      const r = await assignToMeAction({ kind, id: it_[kind] });
      expect(r).toEqual({ ok: true, data: { assignedToId: team.id, changed: true } });
      expect(await assigneeOf(kind, it_[kind])).toBe(team.id);
      const ev = await db().auditEvent.findFirstOrThrow({ where: { action: 'assignment.assigned', targetId: it_[kind] } });
      expect(ev).toMatchObject({ actorId: team.id, before: { assignedToId: null }, after: { assignedToId: team.id, kind } });
      const u = await unassignAction({ kind, id: it_[kind], expectedAssigneeId: team.id });
      expect(u).toEqual({ ok: true, data: { assignedToId: null, changed: true } });
      expect(await assigneeOf(kind, it_[kind])).toBeNull();
    });
  }
});

describe('by role', () => {
  for (const caller of CALLERS) {
    it(`${caller}: ${caller === 'ENROLMENT_TEAM' ? 'may assign' : 'is refused'}`, async () => {
      const it_ = await items();
      const c = await callerOf(caller);
      signedIn.id = c.id;
      const r = await assignToMeAction({ kind: 'ENROLMENT', id: it_.ENROLMENT });
      if (caller === 'ENROLMENT_TEAM') expect(r.ok).toBe(true);
      else {
        expectRefused(r, 'FORBIDDEN');
        expect(await assigneeOf('ENROLMENT', it_.ENROLMENT)).toBeNull();
      }
      const u = await unassignAction({ kind: 'ENROLMENT', id: it_.ENROLMENT, expectedAssigneeId: c.id });
      if (caller !== 'ENROLMENT_TEAM') expectRefused(u, 'FORBIDDEN');
    });
  }
});

describe('taking over', () => {
  it('refuses to assign an item someone else holds, naming them; unassign then assign works and both steps are audited', async () => {
    const it_ = await items();
    const kim = await staffMember(['ENROLMENT_TEAM'], 'Kim');
    const lee = await staffMember(['ENROLMENT_TEAM'], 'Lee');
    signedIn.id = kim.id;
    expect((await assignToMeAction({ kind: 'WORKSITE', id: it_.WORKSITE })).ok).toBe(true);
    signedIn.id = lee.id;
    expectRefused(await assignToMeAction({ kind: 'WORKSITE', id: it_.WORKSITE }), 'ALREADY_DECIDED', new RegExp(`already assigned to Kim ${kim.person.legalFamilyName}. To take it over, unassign it first`));
    expect(await assigneeOf('WORKSITE', it_.WORKSITE)).toBe(kim.id);
    expect((await unassignAction({ kind: 'WORKSITE', id: it_.WORKSITE, expectedAssigneeId: kim.id })).ok).toBe(true);
    expect((await assignToMeAction({ kind: 'WORKSITE', id: it_.WORKSITE })).ok).toBe(true);
    expect(await assigneeOf('WORKSITE', it_.WORKSITE)).toBe(lee.id);
    const trail = await db().auditEvent.findMany({ where: { targetId: it_.WORKSITE, action: { startsWith: 'assignment.' } }, orderBy: { id: 'asc' } });
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ['assignment.assigned', kim.id],
      ['assignment.unassigned', lee.id],
      ['assignment.assigned', lee.id],
    ]);
  });

  it('a stale unassign (reassigned since the page loaded) is refused; a repeated one changes nothing', async () => {
    const it_ = await items();
    const kim = await staffMember(['ENROLMENT_TEAM'], 'Kim');
    const lee = await staffMember(['ENROLMENT_TEAM'], 'Lee');
    signedIn.id = lee.id;
    await assignToMeAction({ kind: 'MEMBERSHIP', id: it_.MEMBERSHIP });
    expectRefused(await unassignAction({ kind: 'MEMBERSHIP', id: it_.MEMBERSHIP, expectedAssigneeId: kim.id }), 'ALREADY_DECIDED', /since you opened the page/);
    expect((await unassignAction({ kind: 'MEMBERSHIP', id: it_.MEMBERSHIP, expectedAssigneeId: lee.id })).ok).toBe(true);
    expect(await unassignAction({ kind: 'MEMBERSHIP', id: it_.MEMBERSHIP, expectedAssigneeId: lee.id })).toEqual({ ok: true, data: { assignedToId: null, changed: false } });
    expect(await db().auditEvent.count({ where: { targetId: it_.MEMBERSHIP, action: 'assignment.unassigned' } })).toBe(1);
  });

  it('assigning twice (double submit) records one assignment', async () => {
    const it_ = await items();
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    await assignToMeAction({ kind: 'ENROLMENT', id: it_.ENROLMENT });
    expect(await assignToMeAction({ kind: 'ENROLMENT', id: it_.ENROLMENT })).toEqual({ ok: true, data: { assignedToId: team.id, changed: false } });
    expect(await db().auditEvent.count({ where: { targetId: it_.ENROLMENT, action: 'assignment.assigned' } })).toBe(1);
  });
});

describe('concurrency', () => {
  it('two staff claiming one item at once: exactly one wins, the other is told who has it', async () => {
    const it_ = await items();
    const kim = await staffMember(['ENROLMENT_TEAM'], 'Kim');
    const lee = await staffMember(['ENROLMENT_TEAM'], 'Lee');
    const results = await Promise.allSettled([assignToMe(kim, { kind: 'ENROLMENT', id: it_.ENROLMENT }, ctx), assignToMe(lee, { kind: 'ENROLMENT', id: it_.ENROLMENT }, ctx)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(DomainError);
    expect((lost[0]!.reason as DomainError).code).toBe('ALREADY_DECIDED');
    const rows = await db().$queryRaw<{ assignedToId: string; events: bigint }[]>`
      SELECT e."assignedToId"::text AS "assignedToId",
             (SELECT count(*) FROM "AuditEvent" a WHERE a."targetId" = e.id::text AND a.action = 'assignment.assigned') AS events
      FROM "Enrolment" e WHERE e.id = ${it_.ENROLMENT}::uuid`;
    expect(rows[0]!.events).toBe(1n);
    expect([kim.id, lee.id]).toContain(rows[0]!.assignedToId);
  });
});

describe('own records', () => {
  it('refuses assigning my own enrolment or profession change, or anything at a worksite I belong to', async () => {
    const it_ = await items();
    const team = await staffMember(['ENROLMENT_TEAM']);
    const ownEnrolment = await createEnrolment(db(), { personId: team.id });
    const ownChange = await db().professionChangeRequest.create({ data: { personId: team.id, toProfession: 'PHYSICIAN', reason: 'x' } });
    await addMember(db(), { worksiteId: it_.worksiteId, personId: team.id });
    signedIn.id = team.id;
    expectRefused(await assignToMeAction({ kind: 'ENROLMENT', id: ownEnrolment.id }), 'FORBIDDEN', /your own record/);
    expectRefused(await assignToMeAction({ kind: 'PROFESSION_CHANGE_REQUEST', id: ownChange.id }), 'FORBIDDEN', /your own record/);
    for (const kind of ['WORKSITE', 'MEMBERSHIP', 'REMOTE_ACCESS_REQUEST', 'PHARMANET_WORKSITE_REQUEST', 'PHARMANET_USER_REQUEST'] as const) {
      expectRefused(await assignToMeAction({ kind, id: it_[kind] }), 'FORBIDDEN', /worksite you belong to/);
      expect(await assigneeOf(kind, it_[kind])).toBeNull();
    }
    // The same person's enrolment is not at a worksite: another member of the team could take it.
    expect((await assignToMeAction({ kind: 'ENROLMENT', id: it_.ENROLMENT })).ok).toBe(true);
  });

  it('a forged id gets "not found"', async () => {
    const team = await staffMember(['ENROLMENT_TEAM']);
    signedIn.id = team.id;
    expectRefused(await assignToMeAction({ kind: 'REMOTE_ACCESS_REQUEST', id: crypto.randomUUID() }), 'NOT_FOUND');
    expectRefused(await assignToMeAction({ kind: 'SESSION', id: crypto.randomUUID() }), 'VALIDATION');
  });
});
