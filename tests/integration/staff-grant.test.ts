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

  it('npm run staff:grant bootstraps a role by email or by subject', async () => {
    const p = await ensurePerson(db(), { email: 'first.admin@example.com', subject: 'sub-first-admin' });
    const byEmail = grant('first.admin@example.com', 'staff-admin');
    expect(byEmail.status, byEmail.stderr).toBe(0);
    expect(byEmail.stdout).toContain('Granted Staff administrator');
    const bySubject = grant('sub-first-admin', 'enrolment-team');
    expect(bySubject.status, bySubject.stderr).toBe(0);
    const roles = await db().staffRole.findMany({ where: { personId: p.id } });
    expect(roles.map((r) => r.role).sort()).toEqual(['ENROLMENT_TEAM', 'STAFF_ADMIN']);
  }, 90_000); // spawns the CLI twice: a cold tsx start is slow on a loaded 2-core machine

  it('refuses an unknown person, an unknown role and an ambiguous email without writing anything', async () => {
    await ensurePerson(db(), { email: 'twin@example.com' });
    await ensurePerson(db(), { email: 'twin@example.com' });
    const before = await db().staffRole.count();
    const unknown = grant('nobody@example.com', 'auditor');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('must sign in once first');
    const badRole = grant('twin@example.com', 'superuser');
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('Usage');
    const twin = grant('twin@example.com', 'auditor');
    expect(twin.status).toBe(1);
    expect(twin.stderr).toContain('matches 2 people');
    expect(await db().staffRole.count()).toBe(before);
  }, 90_000);
});
