import 'server-only';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { audit, type Actor } from '../audit';
import type { Tx } from '../db';

/** Idempotent: granting a role someone already holds changes nothing and audits nothing. */
export async function grantStaffRole(
  tx: Tx,
  p: { personId: string; role: StaffRoleKind; grantedById: string | null; actor: Actor; requestId?: string },
): Promise<{ created: boolean }> {
  const person = await tx.person.findUnique({ where: { id: p.personId } });
  if (!person) throw new DomainError('NOT_FOUND', 'No such person.');
  const existing = await tx.staffRole.findUnique({
    where: { personId_role: { personId: p.personId, role: p.role } },
  });
  if (existing) return { created: false };
  const row = await tx.staffRole.create({
    data: { personId: p.personId, role: p.role, grantedById: p.grantedById },
  });
  await audit(tx, {
    actor: p.actor,
    action: 'staff.role_granted',
    target: { type: 'STAFF_ROLE', id: row.id },
    personId: p.personId,
    after: { role: p.role },
    requestId: p.requestId,
  });
  return { created: true };
}
