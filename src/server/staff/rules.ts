import type { StaffRoleKind } from '@/generated/prisma/client';

// Pure staff-role rules: names people type, and the last staff admin. Who may grant roles or read
// the audit log is the policy table's (authz/policy.ts: staff.manage, audit.read).

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

/** Removing this role would leave nobody able to grant roles (only the CLI could recover). */
export function wouldRemoveLastStaffAdmin(role: StaffRoleKind, staffAdminCount: number): boolean {
  return role === 'STAFF_ADMIN' && staffAdminCount <= 1;
}
