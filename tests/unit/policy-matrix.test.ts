// The authorization matrix (tests/security/authz-matrix.ts, run against the real actions by
// tests/integration/authz-matrix.test.ts) and the policy table must tell the same story: each
// staff-only action or route names the capability it needs, and the staff roles the matrix
// allows are exactly the ones the table gives that capability.
import { describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { staffRolesFor, type Capability } from '@/server/authz/policy';
import { ACTION_MATRIX, ROUTE_MATRIX, type MatrixRow, type Role } from '../security/authz-matrix';

const STAFF_ROLE: Record<StaffRoleKind, Role> = { ENROLMENT_TEAM: 'enrolmentTeam', AUDITOR: 'auditor', STAFF_ADMIN: 'staffAdmin' };
const PEOPLE: Role[] = ['user', 'member', 'siteAdmin', 'otherSiteAdmin', 'authorizer', 'obo'];

const a = (file: string, name: string) => `src/server/${file}#${name}`;
/** The capability each staff-only action or route checks. */
const NEEDS: Record<string, Capability> = {
  [a('worksites/team-actions.ts', 'acceptIntakeAction')]: 'worksite.decide',
  [a('worksites/team-actions.ts', 'requestWorksiteChangesAction')]: 'worksite.decide',
  [a('worksites/team-actions.ts', 'declineWorksiteAction')]: 'worksite.decide',
  [a('worksites/team-actions.ts', 'approveDeclarationAction')]: 'worksite.decide',
  [a('worksites/team-actions.ts', 'closeWorksiteAction')]: 'worksite.decide',
  [a('worksites/team-actions.ts', 'suspendWorksiteAction')]: 'worksite.suspend',
  [a('worksites/team-actions.ts', 'reinstateWorksiteAction')]: 'worksite.suspend',
  [a('enrolments/team-actions.ts', 'approveEnrolmentAction')]: 'enrolment.decide',
  [a('enrolments/team-actions.ts', 'declineEnrolmentAction')]: 'enrolment.decide',
  [a('enrolments/team-actions.ts', 'requestEnrolmentChangesAction')]: 'enrolment.decide',
  [a('enrolments/team-actions.ts', 'suspendEnrolmentAction')]: 'enrolment.suspend',
  [a('enrolments/team-actions.ts', 'reinstateEnrolmentAction')]: 'enrolment.suspend',
  [a('enrolments/team-actions.ts', 'applyProfessionChangeAction')]: 'professionChange.decide',
  [a('enrolments/team-actions.ts', 'declineProfessionChangeAction')]: 'professionChange.decide',
  [a('memberships/provisioning-actions.ts', 'provisionMembershipAction')]: 'membership.provision',
  [a('memberships/provisioning-actions.ts', 'declineMembershipAction')]: 'membership.provision',
  [a('pharmanet/actions.ts', 'worksitePharmanetStepAction')]: 'pharmanet.decide',
  [a('pharmanet/actions.ts', 'decideUserPharmanetAction')]: 'pharmanet.decide',
  [a('remote-access/actions.ts', 'decideRemoteAccessAction')]: 'remoteAccess.decide',
  [a('privacy-course/actions.ts', 'recordCourseByHandAction')]: 'course.record',
  [a('assignments/actions.ts', 'assignToMeAction')]: 'team.assign',
  [a('assignments/actions.ts', 'unassignAction')]: 'team.assign',
  [a('notes/actions.ts', 'addNoteAction')]: 'team.note',
  [a('outbox/resend-actions.ts', 'resendEmailAction')]: 'email.resend',
  [a('viewer-accounts/actions.ts', 'unlockViewerAccountAction')]: 'viewerAccount.unlock',
  [a('agreements/actions.ts', 'publishAgreementVersionAction')]: 'agreement.publish',
  [a('people/team-actions.ts', 'suspendPersonAction')]: 'person.suspend',
  [a('people/team-actions.ts', 'reinstatePersonAction')]: 'person.suspend',
  [a('audit-viewer/actions.ts', 'verifyAuditChainAction')]: 'audit.verify',
  [a('staff/actions.ts', 'grantStaffRoleAction')]: 'staff.manage',
  [a('staff/actions.ts', 'revokeStaffRoleAction')]: 'staff.manage',
  [a('staff/invitation-actions.ts', 'inviteStaffAction')]: 'staff.manage',
  [a('staff/invitation-actions.ts', 'revokeStaffInvitationAction')]: 'staff.manage',
  [a('api-keys/actions.ts', 'createApiKeyAction')]: 'apiKeys.manage',
  [a('api-keys/actions.ts', 'revokeApiKeyAction')]: 'apiKeys.manage',
  [a('api-keys/actions.ts', 'setApiKeyLimitAction')]: 'apiKeys.manage',
  'src/app/api/admin/export/route.ts GET': 'team.export',
};

const ALL = { ...ACTION_MATRIX, ...ROUTE_MATRIX };
const staffAllowed = (r: MatrixRow) => (Object.keys(STAFF_ROLE) as StaffRoleKind[]).filter((k) => r[STAFF_ROLE[k]] === 'allowed');
// Staff-only: some staff role may, and no person without one may.
const isStaffOnly = (r: MatrixRow) => staffAllowed(r).length > 0 && PEOPLE.every((p) => r[p] !== 'allowed');

describe('the action matrix and the policy table', () => {
  it('names the capability of every staff-only action and route (a new one needs a line above)', () => {
    const staffOnly = Object.keys(ALL).filter((k) => isStaffOnly(ALL[k]!));
    expect(staffOnly.filter((k) => !(k in NEEDS)), 'staff-only rows without a capability').toEqual([]);
    expect(Object.keys(NEEDS).filter((k) => !(k in ALL)), 'capabilities for rows that are gone').toEqual([]);
  });

  it.each(Object.entries(NEEDS))('%s: the staff roles the matrix allows are the table’s for its capability', (key, cap) => {
    const r = ALL[key]!;
    expect(staffAllowed(r)).toEqual(staffRolesFor(cap));
    // A person without a staff role is told it is for the team, never helped further.
    for (const p of PEOPLE) expect(r[p]).toBe('forbidden');
  });

  it('lets staff open an antivirus screenshot as the table says', () => {
    const files = ROUTE_MATRIX['src/app/api/files/[id]/route.ts GET']!;
    expect(staffAllowed(files)).toEqual(staffRolesFor('worksite.file.read'));
    expect(files.siteAdmin).toBe('allowed');
    expect(files.otherSiteAdmin).toBe('not-found');
  });
});
