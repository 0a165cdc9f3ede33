import 'server-only';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import { endSessions } from '../auth/session';
import { db, type Tx } from '../db';
import { requireDecider, type StaffCaller } from '../decisions/caller';
import type { AuditContext as Ctx } from '../request-context';
import { STAFF_ROLES, wouldRemoveLastStaffAdmin } from './rules';
import { grantStaffRole } from './service';
import { isUuid } from '@/lib/ids';

// Kept apart from service.ts: the command-line bootstrap imports that file and must not load
// the web session module.

export const STAFF_ADMIN_ONLY = 'Only a staff administrator can grant or revoke staff roles.';

// Services re-check the role (requireDecider): the action's check protects the endpoint, this
// protects callers.

/** Fresh from the database: a role revoked a moment ago must not still grant. */
export async function requireStillStaffAdmin(tx: Tx, personId: string) {
  const still = await tx.staffRole.count({ where: { personId, role: 'STAFF_ADMIN', person: { status: 'ACTIVE' } } });
  if (!still) throw new DomainError('FORBIDDEN', STAFF_ADMIN_ONLY);
}

/**
 * A staff admin gives a role to someone who has signed in, picked by their person id from the
 * list of identities (SPEC §18). Never by an email: a contact email is whatever a person typed,
 * and even the identity provider's email may be shared or reused. Someone who has not signed in
 * yet gets a staff invitation instead (invitation-service.ts).
 */
export async function grantStaffRoleByAdmin(
  admin: StaffCaller,
  input: { personId: string; role: StaffRoleKind },
  ctx: Ctx = {},
): Promise<{ personId: string; created: boolean }> {
  requireDecider(admin, 'staff.manage', STAFF_ADMIN_ONLY);
  return db().$transaction(async (tx) => {
    await requireStillStaffAdmin(tx, admin.id);
    if (!isUuid(input.personId)) throw new DomainError('NOT_FOUND', 'No such person.');
    const target = await tx.person.findUnique({ where: { id: input.personId }, select: { status: true } });
    if (!target) throw new DomainError('NOT_FOUND', 'No such person.');
    if (target.status !== 'ACTIVE')
      throw new DomainError('INVALID_TRANSITION', 'This person is suspended or inactive, so they cannot be given a staff role.');
    const r = await grantStaffRole(tx, {
      personId: input.personId,
      role: input.role,
      grantedById: admin.id,
      actor: { type: 'STAFF', personId: admin.id },
      requestId: ctx.requestId,
    });
    return { personId: input.personId, created: r.created };
  });
}

/** Removes a role and ends every open session of that person in the same transaction, so
 * nothing they had open keeps the old powers. The last staff admin cannot be removed. */
export async function revokeStaffRole(
  admin: StaffCaller,
  input: { personId: string; role: StaffRoleKind },
  ctx: Ctx = {},
): Promise<{ endedSessions: number }> {
  requireDecider(admin, 'staff.manage', STAFF_ADMIN_ONLY);
  if (!isUuid(input.personId)) throw new DomainError('NOT_FOUND', 'That person does not hold this role.');
  return db().$transaction(async (tx) => {
    // Locking every staff-admin row serialises revocations: two admins removing each other
    // at once cannot both see two admins. Rows deleted meanwhile are skipped once unlocked.
    const admins = await tx.$queryRaw<{ personId: string }[]>`
      SELECT "personId" FROM "StaffRole" WHERE role = 'STAFF_ADMIN' ORDER BY id FOR UPDATE`;
    if (!admins.some((a) => a.personId === admin.id))
      throw new DomainError('FORBIDDEN', STAFF_ADMIN_ONLY);
    const row = await tx.staffRole.findUnique({
      where: { personId_role: { personId: input.personId, role: input.role } },
    });
    if (!row) throw new DomainError('ALREADY_DECIDED', 'That person no longer holds this role. Reload the page.');
    if (wouldRemoveLastStaffAdmin(input.role, admins.length))
      throw new DomainError(
        'CONFLICT',
        'This is the last staff administrator. Grant the role to someone else before removing it here.',
      );
    await tx.staffRole.delete({ where: { id: row.id } });
    const endedSessions = await endSessions(tx, input.personId, 'STAFF_ROLE_REVOKED');
    await audit(tx, {
      actor: { type: 'STAFF', personId: admin.id },
      action: 'staff.role_revoked',
      target: { type: 'STAFF_ROLE', id: row.id },
      personId: input.personId,
      before: { role: input.role, grantedById: row.grantedById, grantedAt: row.createdAt.toISOString() },
      after: { role: null, endedSessions, label: STAFF_ROLES[input.role].label },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { endedSessions };
  });
}
