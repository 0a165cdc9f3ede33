import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { grantStaffRole } from '@/server/staff/service';
import { ensurePerson } from '../factories/people';

const root = path.resolve(__dirname, '..', '..');
const grant = (...args: string[]) =>
  spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/staff-grant.ts', ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'error' },
    encoding: 'utf8',
  });

describe('staff roles', () => {
  it('grantStaffRole is idempotent and audits the grant once', async () => {
    const p = await ensurePerson(db());
    const actor = { type: 'SYSTEM' as const, label: 'test' };
    const first = await db().$transaction((tx) => grantStaffRole(tx, { personId: p.id, role: 'AUDITOR', grantedById: null, actor }));
    const again = await db().$transaction((tx) => grantStaffRole(tx, { personId: p.id, role: 'AUDITOR', grantedById: null, actor }));
    expect([first.created, again.created]).toEqual([true, false]);
    expect(await db().staffRole.count({ where: { personId: p.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { personId: p.id, action: 'staff.role_granted' } })).toBe(1);
  });

  it('npm run staff:grant bootstraps a role by subject or by person id', async () => {
    const p = await ensurePerson(db(), { email: 'first.admin@example.com', subject: 'sub-first-admin' });
    const bySubject = grant('sub-first-admin', 'staff-admin');
    expect(bySubject.status, bySubject.stderr).toBe(0);
    expect(bySubject.stdout).toContain('Granted Staff administrator');
    const byId = grant(p.id, 'enrolment-team');
    expect(byId.status, byId.stderr).toBe(0);
    const roles = await db().staffRole.findMany({ where: { personId: p.id } });
    expect(roles.map((r) => r.role).sort()).toEqual(['ENROLMENT_TEAM', 'STAFF_ADMIN']);
    const recent = grant('--recent');
    expect(recent.status, recent.stderr).toBe(0);
    expect(recent.stdout).toContain('sub-first-admin');
  }, 120_000); // spawns the CLI three times: a cold tsx start is slow on a loaded 2-core machine

  it('never identifies anyone by email, and refuses an unknown person and an unknown role', async () => {
    // Someone typed the first admin's email as their contact email; another has it from their card.
    const typed = await ensurePerson(db(), { email: 'someone.else@example.com' });
    await db().person.update({ where: { id: typed.id }, data: { contactEmail: 'boss@example.com' } });
    await ensurePerson(db(), { email: 'boss@example.com' });
    await ensurePerson(db(), { subject: 'sub-known' });
    const before = await db().staffRole.count();
    const byEmail = grant('boss@example.com', 'staff-admin');
    expect(byEmail.status).toBe(1);
    expect(byEmail.stderr).toContain('Emails do not identify anyone');
    const unknown = grant('sub-nobody', 'auditor');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('must sign in once first');
    const badRole = grant('sub-known', 'superuser');
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('Usage');
    expect(await db().staffRole.count()).toBe(before);
  }, 120_000);
});
