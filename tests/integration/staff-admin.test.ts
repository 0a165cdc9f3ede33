import { beforeEach, describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { careConnectAdapter } from '@/server/auth/adapter';
import { db } from '@/server/db';
import { listStaff } from '@/server/staff/queries';
import { grantStaffRoleByAdmin, revokeStaffRole } from '@/server/staff/admin-service';
import { ensurePerson } from '../factories/people';
import { fromNow } from '../support/clock';

const adapter = careConnectAdapter();

async function refusal(p: Promise<unknown>) {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

async function staff(roles: StaffRoleKind[], email?: string) {
  const p = await ensurePerson(db(), { staffRoles: roles, email });
  return { id: p.id, staffRoles: roles };
}

async function newSession(personId: string) {
  const token = crypto.randomUUID();
  await adapter.createSession!({ sessionToken: token, userId: personId, expires: fromNow(3600_000) });
  return token;
}

const adminCount = () => db().staffRole.count({ where: { role: 'STAFF_ADMIN' } });

// Each test decides who the staff admins are; the last-admin rule counts all of them.
beforeEach(async () => {
  await db().staffRole.deleteMany({ where: { role: 'STAFF_ADMIN' } });
});

describe('granting staff roles', () => {
  it('a staff admin grants a role to a person picked by id, recorded with who granted it and audited as staff', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    const target = await ensurePerson(db(), { email: 'New.Auditor@example.com' });
    const r = await grantStaffRoleByAdmin(admin, { personId: target.id, role: 'AUDITOR' });
    expect(r).toEqual({ personId: target.id, created: true });
    const row = await db().staffRole.findUniqueOrThrow({ where: { personId_role: { personId: target.id, role: 'AUDITOR' } } });
    expect(row.grantedById).toBe(admin.id);
    const events = await db().auditEvent.findMany({ where: { personId: target.id, action: 'staff.role_granted' } });
    expect(events).toEqual([expect.objectContaining({ actorType: 'STAFF', actorId: admin.id, targetId: row.id })]);
    // Granting again changes nothing.
    expect(await grantStaffRoleByAdmin(admin, { personId: target.id, role: 'AUDITOR' })).toEqual({ personId: target.id, created: false });
    expect(await db().auditEvent.count({ where: { personId: target.id, action: 'staff.role_granted' } })).toBe(1);
    const listed = (await listStaff(admin)).find((m) => m.personId === target.id);
    expect(listed?.roles).toEqual([expect.objectContaining({ role: 'AUDITOR', grantedByName: expect.stringContaining('Test') })]);
  });

  it('refuses an unknown id, a forged id and a suspended person without writing anything', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    const suspended = await ensurePerson(db());
    await db().person.update({ where: { id: suspended.id }, data: { status: 'SUSPENDED' } });
    const before = await db().staffRole.count();
    expect(await refusal(grantStaffRoleByAdmin(admin, { personId: crypto.randomUUID(), role: 'AUDITOR' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(grantStaffRoleByAdmin(admin, { personId: 'not-an-id', role: 'AUDITOR' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(grantStaffRoleByAdmin(admin, { personId: suspended.id, role: 'AUDITOR' }))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await db().staffRole.count()).toBe(before);
  });

  it('the enrolment team, auditors and non-staff may not grant or revoke', async () => {
    await staff(['STAFF_ADMIN']);
    const holder = await staff(['ENROLMENT_TEAM']);
    const target = await ensurePerson(db());
    const callers = [await staff(['ENROLMENT_TEAM']), await staff(['AUDITOR']), await staff([])];
    for (const caller of callers) {
      expect(await refusal(grantStaffRoleByAdmin(caller, { personId: target.id, role: 'STAFF_ADMIN' }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(revokeStaffRole(caller, { personId: holder.id, role: 'ENROLMENT_TEAM' }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    // A caller claiming the role without holding it in the database is refused too.
    const impostor = { id: target.id, staffRoles: ['STAFF_ADMIN'] as StaffRoleKind[] };
    expect(await refusal(grantStaffRoleByAdmin(impostor, { personId: target.id, role: 'AUDITOR' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(revokeStaffRole(impostor, { personId: holder.id, role: 'ENROLMENT_TEAM' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await db().staffRole.count({ where: { personId: target.id } })).toBe(0);
    expect(await db().staffRole.count({ where: { personId: holder.id } })).toBe(1);
  });
});

describe('revoking staff roles', () => {
  it('removes the role, ends every open session of that person at once, and audits it', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    const member = await staff(['ENROLMENT_TEAM', 'AUDITOR']);
    const tokens = [await newSession(member.id), await newSession(member.id)];
    const adminToken = await newSession(admin.id);
    for (const t of tokens) expect((await adapter.getSessionAndUser!(t))?.user.id).toBe(member.id);

    const r = await revokeStaffRole(admin, { personId: member.id, role: 'AUDITOR' });
    expect(r.endedSessions).toBe(2);
    for (const t of tokens) expect(await adapter.getSessionAndUser!(t)).toBeNull();
    expect((await adapter.getSessionAndUser!(adminToken))?.user.id).toBe(admin.id);
    const sessions = await db().session.findMany({ where: { personId: member.id } });
    expect(sessions.map((s) => s.endedReason)).toEqual(['STAFF_ROLE_REVOKED', 'STAFF_ROLE_REVOKED']);
    expect((await db().staffRole.findMany({ where: { personId: member.id } })).map((x) => x.role)).toEqual(['ENROLMENT_TEAM']);
    const events = await db().auditEvent.findMany({ where: { personId: member.id, action: 'staff.role_revoked' } });
    expect(events).toEqual([
      expect.objectContaining({ actorType: 'STAFF', actorId: admin.id, targetType: 'STAFF_ROLE', before: expect.objectContaining({ role: 'AUDITOR' }) }),
    ]);
    // A second revoke of the same role is told it is already gone.
    expect(await refusal(revokeStaffRole(admin, { personId: member.id, role: 'AUDITOR' }))).toMatchObject({ code: 'ALREADY_DECIDED' });
  });

  it('the last staff admin cannot be removed, not even by themselves', async () => {
    const only = await staff(['STAFF_ADMIN']);
    const r = await refusal(revokeStaffRole(only, { personId: only.id, role: 'STAFF_ADMIN' }));
    expect(r).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('last staff administrator') });
    expect(await adminCount()).toBe(1);
    expect(await db().auditEvent.count({ where: { personId: only.id, action: 'staff.role_revoked' } })).toBe(0);
    // With a second admin, one of them may go.
    const second = await staff(['STAFF_ADMIN']);
    await revokeStaffRole(second, { personId: only.id, role: 'STAFF_ADMIN' });
    expect(await adminCount()).toBe(1);
  });

  it('two staff admins revoking each other at the same moment always leave one', async () => {
    for (let i = 0; i < 10; i++) {
      await db().staffRole.deleteMany({ where: { role: 'STAFF_ADMIN' } });
      const a = await staff(['STAFF_ADMIN']);
      const b = await staff(['STAFF_ADMIN']);
      const results = await Promise.allSettled([
        revokeStaffRole(a, { personId: b.id, role: 'STAFF_ADMIN' }),
        revokeStaffRole(b, { personId: a.id, role: 'STAFF_ADMIN' }),
      ]);
      expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((x) => x.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(DomainError);
      expect(await adminCount()).toBe(1);
      expect(await db().auditEvent.count({ where: { personId: { in: [a.id, b.id] }, action: 'staff.role_revoked' } })).toBe(1);
    }
  });
});
