import 'server-only';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import { endSessions } from '../auth/session';
import { db, type Tx } from '../db';
import type { RequestContext } from '../request-context';
import { STAFF_ROLES, wouldRemoveLastStaffAdmin } from './rules';
import { grantStaffRole } from './service';
import { isUuid } from '@/lib/ids';

// Kept apart from service.ts: the command-line bootstrap imports that file and must not load
// the web session module.

type Ctx = Partial<Pick<RequestContext, 'requestId' | 'ip'>>;
export type StaffCaller = { id: string; staffRoles: readonly StaffRoleKind[] };

// Services re-check the role: the action's check protects the endpoint, this protects callers.
function requireStaffAdmin(staff: StaffCaller) {
  if (!staff.staffRoles.includes('STAFF_ADMIN'))
    throw new DomainError('FORBIDDEN', 'Only a staff administrator can grant or revoke staff roles.');
}


async function personIdByEmail(tx: Tx, email: string): Promise<string> {
  const matches = await tx.person.findMany({
    where: { OR: [{ contactEmail: email.toLowerCase() }, { idpEmail: { equals: email, mode: 'insensitive' } }] },
    select: { id: true },
  });
  if (matches.length === 0)
    throw new DomainError('NOT_FOUND', 'Nobody with that email has signed in yet. They must sign in once first.', {
      email: 'Nobody with that email has signed in yet',
    });
  if (matches.length > 1)
    throw new DomainError('CONFLICT', 'More than one person uses that email. Ask for help from the technical team.', {
      email: 'More than one person uses that email',
    });
  return matches[0]!.id;
}

/** A staff admin gives someone a role, found by id or by the email they signed in with. */
export async function grantStaffRoleByAdmin(
  admin: StaffCaller,
  input: { personId?: string; email?: string; role: StaffRoleKind },
  ctx: Ctx = {},
): Promise<{ personId: string; created: boolean }> {
  requireStaffAdmin(admin);
  return db().$transaction(async (tx) => {
    // Fresh from the database: a role revoked a moment ago must not still grant.
    const still = await tx.staffRole.count({ where: { personId: admin.id, role: 'STAFF_ADMIN' } });
    if (!still) throw new DomainError('FORBIDDEN', 'Only a staff administrator can grant or revoke staff roles.');
    let personId: string;
    if (input.personId) {
      if (!isUuid(input.personId)) throw new DomainError('NOT_FOUND', 'No such person.');
      personId = input.personId;
    } else if (input.email) personId = await personIdByEmail(tx, input.email);
    else throw new DomainError('VALIDATION', 'Say who should get the role.');
    const r = await grantStaffRole(tx, {
      personId,
      role: input.role,
      grantedById: admin.id,
      actor: { type: 'STAFF', personId: admin.id },
      requestId: ctx.requestId,
    });
    return { personId, created: r.created };
  });
}

/** Removes a role and ends every open session of that person in the same transaction, so
 * nothing they had open keeps the old powers. The last staff admin cannot be removed. */
export async function revokeStaffRole(
  admin: StaffCaller,
  input: { personId: string; role: StaffRoleKind },
  ctx: Ctx = {},
): Promise<{ endedSessions: number }> {
  requireStaffAdmin(admin);
  if (!isUuid(input.personId)) throw new DomainError('NOT_FOUND', 'That person does not hold this role.');
  return db().$transaction(async (tx) => {
    // Locking every staff-admin row serialises revocations: two admins removing each other
    // at once cannot both see two admins. Rows deleted meanwhile are skipped once unlocked.
    const admins = await tx.$queryRaw<{ personId: string }[]>`
      SELECT "personId" FROM "StaffRole" WHERE role = 'STAFF_ADMIN' ORDER BY id FOR UPDATE`;
    if (!admins.some((a) => a.personId === admin.id))
      throw new DomainError('FORBIDDEN', 'Only a staff administrator can grant or revoke staff roles.');
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
