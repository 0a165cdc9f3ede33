import type { StaffRoleKind } from '@/generated/prisma/client';

// Pure staff-role policy: names people type, and who may grant what.

export const STAFF_ROLES: Record<StaffRoleKind, { label: string; cli: string }> = {
  ENROLMENT_TEAM: { label: 'Enrolment team', cli: 'enrolment-team' },
  AUDITOR: { label: 'Auditor / privacy officer', cli: 'auditor' },
  STAFF_ADMIN: { label: 'Staff administrator', cli: 'staff-admin' },
};

export function parseStaffRole(input: string): StaffRoleKind | null {
  const v = input.trim().toLowerCase().replace(/_/g, '-');
  for (const [role, { cli }] of Object.entries(STAFF_ROLES)) {
    if (cli === v) return role as StaffRoleKind;
  }
  return null;
}

/** Only a staff admin grants roles; the first one comes from the command line (granter null). */
export function mayGrantStaffRoles(granterRoles: StaffRoleKind[] | null): boolean {
  return granterRoles === null || granterRoles.includes('STAFF_ADMIN');
}
