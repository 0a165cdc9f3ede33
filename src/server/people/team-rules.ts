import type { PersonStatus, StaffRoleKind } from '@/generated/prisma/client';
import { staffRolesFor } from '../authz/policy';

// Who on the staff may take which of the team's record-keeping decisions (SPEC §2, §10).
// The enrolment team works the queues; an auditor reads everything and may suspend or
// reinstate (SPEC §2); a staff admin manages staff, not cases. The roles come from the one
// policy table (src/server/authz/policy.ts).

export type TeamAction = 'addNote' | 'assign' | 'unassign' | 'suspendPerson' | 'reinstatePerson' | 'resendEmail';

export const TEAM_ACTION_ROLES: Record<TeamAction, readonly StaffRoleKind[]> = {
  addNote: staffRolesFor('team.note'),
  assign: staffRolesFor('team.assign'),
  unassign: staffRolesFor('team.assign'),
  suspendPerson: staffRolesFor('person.suspend'),
  reinstatePerson: staffRolesFor('person.suspend'),
  resendEmail: staffRolesFor('email.resend'),
};

export const teamActionRoles = (a: TeamAction): StaffRoleKind[] => [...TEAM_ACTION_ROLES[a]];

export function mayTakeTeamAction(action: TeamAction, roles: readonly StaffRoleKind[]): boolean {
  return roles.some((r) => TEAM_ACTION_ROLES[action].includes(r));
}

/** The refusal a role gets, worded for the roles that may. */
export function teamActionRefusal(action: TeamAction): string {
  return TEAM_ACTION_ROLES[action].includes('AUDITOR')
    ? 'Only the enrolment team or an auditor can do this.'
    : 'Only the enrolment team can do this.';
}

/** The person a record is about, and the worksite it belongs to, as far as conflicts go. */
export type RecordParties = { personIds: readonly string[]; worksiteIds: readonly string[] };

/**
 * Nobody decides on their own record: their person, enrolment or requests, or anything at a
 * worksite they belong to. `memberOf` lists the worksites the staff member belongs to now.
 */
export function ownRecordConflict(staffId: string, parties: RecordParties, memberOf: readonly string[]): 'OWN_RECORD' | 'OWN_WORKSITE' | null {
  if (parties.personIds.includes(staffId)) return 'OWN_RECORD';
  if (parties.worksiteIds.some((w) => memberOf.includes(w))) return 'OWN_WORKSITE';
  return null;
}

/** A team action on one record, as a list page offers it: the role allows it and the record is not the caller's own. */
export function mayTakeTeamActionOn(
  action: TeamAction,
  staff: { id: string; staffRoles: readonly StaffRoleKind[] },
  parties: RecordParties,
  memberOf: readonly string[],
): boolean {
  return mayTakeTeamAction(action, staff.staffRoles) && ownRecordConflict(staff.id, parties, memberOf) === null;
}

export const OWN_CONFLICT_MESSAGE: Record<'OWN_RECORD' | 'OWN_WORKSITE', string> = {
  OWN_RECORD: 'You cannot decide on your own record. Ask another member of the enrolment team.',
  OWN_WORKSITE: 'You cannot decide on a worksite you belong to, or on its people’s records there. Ask another member of the enrolment team.',
};

export type PersonEvent = 'SUSPEND' | 'REINSTATE';

/** Person status machine for the team: ACTIVE ⇄ SUSPENDED; INACTIVE is left alone here. */
export function personTransition(from: PersonStatus, event: PersonEvent): { ok: true; to: PersonStatus } | { ok: false; reason: string } {
  if (event === 'SUSPEND' && from === 'ACTIVE') return { ok: true, to: 'SUSPENDED' };
  if (event === 'REINSTATE' && from === 'SUSPENDED') return { ok: true, to: 'ACTIVE' };
  return {
    ok: false,
    reason: event === 'SUSPEND' ? 'Only an active person can be suspended.' : 'Only a suspended person can be reinstated.',
  };
}

export const PERSON_STATUS_LABEL: Record<PersonStatus, string> = {
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  INACTIVE: 'Inactive',
};
