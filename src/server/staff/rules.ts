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

/** Removing this role would leave nobody able to grant roles (only the CLI could recover). */
export function wouldRemoveLastStaffAdmin(role: StaffRoleKind, staffAdminCount: number): boolean {
  return role === 'STAFF_ADMIN' && staffAdminCount <= 1;
}

/** Auditors and staff admins read the audit log; the enrolment team works from timelines. */
export function mayViewAudit(roles: readonly StaffRoleKind[]): boolean {
  return roles.includes('AUDITOR') || roles.includes('STAFF_ADMIN');
}
