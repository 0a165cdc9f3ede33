import 'server-only';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';

export type StaffRoleHeld = { role: StaffRoleKind; grantedAt: Date; grantedByName: string | null };
export type StaffMember = { personId: string; name: string; email: string | null; roles: StaffRoleHeld[] };

const nameFields = { legalGivenName: true, legalFamilyName: true, preferredGivenName: true, preferredFamilyName: true } as const;
const roleOrder: StaffRoleKind[] = ['STAFF_ADMIN', 'AUDITOR', 'ENROLMENT_TEAM'];

/** Everyone holding a staff role, by name, each role with who granted it and when
 * (granter null means the command line). */
export async function listStaff(viewer: Subject | null): Promise<StaffMember[]> {
  requireCapability(viewer, 'staff.read');
  const people = await db().person.findMany({
    where: { staffRoles: { some: {} } },
    select: {
      id: true,
      contactEmail: true,
      ...nameFields,
      staffRoles: { select: { role: true, createdAt: true, grantedBy: { select: nameFields } } },
    },
    orderBy: [{ legalFamilyName: 'asc' }, { legalGivenName: 'asc' }, { id: 'asc' }],
  });
  return people.map((p) => ({
    personId: p.id,
    name: displayName(p),
    email: p.contactEmail,
    roles: p.staffRoles
      .map((r) => ({ role: r.role, grantedAt: r.createdAt, grantedByName: r.grantedBy ? displayName(r.grantedBy) : null }))
      .sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role)),
  }));
}
