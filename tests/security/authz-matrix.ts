// Who may call what: every exported server action and every route handler, by role, with the
// answer the caller gets. tests/integration/authz-matrix.test.ts runs every cell against the
// real code and fails when an action or route exists without a row here (or a row without one).
//
// Outcomes, as the caller sees them:
//   allowed          the call gets past authorization (it may still meet a business rule,
//                    e.g. "already decided"; it never meets a refusal below)
//   unauthenticated  ActionResult code UNAUTHENTICATED, or HTTP 401
//   forbidden        ActionResult code FORBIDDEN, or HTTP 403 (only where existence is no secret)
//   not-found        ActionResult code NOT_FOUND, or HTTP 404: the same answer as a missing record

export const ROLES = [
  'anonymous', // no session cookie
  'user', // signed in, no membership anywhere
  'member', // active member (not site admin) of this worksite
  'siteAdmin', // active site admin of this worksite
  'otherSiteAdmin', // active site admin of another worksite only
  'authorizer', // approved physician, active at this worksite, sponsoring the OBO user below
  'obo', // medical office assistant working on behalf of the authorizer at this worksite
  'enrolmentTeam', // staff role ENROLMENT_TEAM
  'auditor', // staff role AUDITOR
  'staffAdmin', // staff role STAFF_ADMIN
  'serviceKey', // a valid service API key and no session
] as const;

export type Role = (typeof ROLES)[number];
export type Outcome = 'allowed' | 'unauthenticated' | 'forbidden' | 'not-found';
export type MatrixRow = Readonly<Record<Role, Outcome>>;

const STAFF = ['enrolmentTeam', 'auditor', 'staffAdmin'] as const;
type StaffRole = (typeof STAFF)[number];

function row(rest: Outcome, cells: Partial<Record<Role, Outcome>>): MatrixRow {
  return Object.fromEntries(ROLES.map((r) => [r, cells[r] ?? rest])) as MatrixRow;
}
const allowed = (roles: readonly Role[]) =>
  Object.fromEntries(roles.map((r) => [r, 'allowed' as const]));
const signedOut = { anonymous: 'unauthenticated', serviceKey: 'unauthenticated' } as const;

/** Anyone with a session acts on their own records (staff are people too). */
const anySignedIn = row('allowed', signedOut);
/** Staff-only: other staff roles and non-staff are told it is for the team (no record is named). */
const staffOnly = (...roles: StaffRole[]) => row('forbidden', { ...signedOut, ...allowed(roles) });
/** Scoped to records the caller is part of: everyone else gets the answer of a missing record. */
const only = (...roles: Role[]) => row('not-found', { ...signedOut, ...allowed(roles) });
const siteAdminOnly = only('siteAdmin');
const refuse = (r: MatrixRow, outcome: Outcome, ...roles: Role[]): MatrixRow => ({
  ...r,
  ...Object.fromEntries(roles.map((x) => [x, outcome])),
});

export const ACTION_MATRIX: Readonly<Record<string, MatrixRow>> = {
  // Pattern library demo: no data, no session; refused with notFound() in production.
  'src/app/ui-kit/actions.ts#submitDemoAction': row('allowed', {}),

  // A person's own records.
  'src/server/agreements/actions.ts#acceptAgreementAction': anySignedIn,
  'src/server/enrolments/actions.ts#saveEnrolmentAction': anySignedIn,
  'src/server/enrolments/actions.ts#requestProfessionChangeAction': anySignedIn,
  'src/server/people/actions.ts#updateProfileAction': anySignedIn,
  // Their own viewer password; someone with no viewer account yet is told so (a business rule).
  'src/server/viewer-accounts/actions.ts#setViewerPasswordAction': anySignedIn,
  // Each acts only on the caller's own waiting change; someone else's link reads as made up.
  'src/server/people/actions.ts#confirmContactEmailAction': anySignedIn,
  'src/server/people/actions.ts#resendContactEmailConfirmationAction': anySignedIn,
  'src/server/people/actions.ts#cancelContactEmailChangeAction': anySignedIn,
  // The emailed link is the credential; the role goes to whoever signs in and accepts.
  'src/server/staff/invitation-actions.ts#acceptStaffInvitationAction': anySignedIn,
  // Exists only in demo mode; elsewhere (here, and in production) it answers like a missing page.
  'src/server/privacy-course/actions.ts#completeDemoCourseAction': row('not-found', signedOut),
  'src/server/worksites/actions.ts#registerWorksiteAction': anySignedIn,
  'src/server/memberships/join-actions.ts#requestToJoinAction': anySignedIn,
  // The emailed link is the credential: whoever signs in with it may accept it.
  'src/server/invitations/actions.ts#acceptInvitationAction': anySignedIn,

  // Site administration of this worksite.
  'src/server/worksites/actions.ts#resubmitIntakeAction': siteAdminOnly,
  'src/server/declarations/actions.ts#submitDeclarationAction': siteAdminOnly,
  'src/server/invitations/actions.ts#inviteByEmailAction': siteAdminOnly,
  'src/server/invitations/actions.ts#resendInvitationAction': siteAdminOnly,
  'src/server/invitations/actions.ts#revokeInvitationAction': siteAdminOnly,
  'src/server/memberships/actions.ts#confirmJoinRequestAction': siteAdminOnly,
  'src/server/memberships/actions.ts#declineJoinRequestAction': siteAdminOnly,
  'src/server/memberships/actions.ts#grantSiteAdminAction': siteAdminOnly,
  'src/server/memberships/actions.ts#removeSiteAdminAction': siteAdminOnly,
  'src/server/memberships/actions.ts#inactivateMemberAction': siteAdminOnly,
  'src/server/memberships/actions.ts#reactivateMemberAction': siteAdminOnly,
  'src/server/memberships/actions.ts#endLocumAction': siteAdminOnly,
  'src/server/memberships/actions.ts#transferSiteAdminAction': siteAdminOnly,
  'src/server/worksites/settings-actions.ts#updateWorksiteDetailsAction': siteAdminOnly,
  'src/server/worksites/settings-actions.ts#requestClosureAction': siteAdminOnly,
  'src/server/sponsorships/actions.ts#setLocumAction': siteAdminOnly,
  'src/server/pharmanet/actions.ts#requestWorksitePharmanetAction': siteAdminOnly,

  // Members of this worksite, about their own membership.
  // Members without an approved enrolment (the member and site admin here) are told why.
  'src/server/pharmanet/actions.ts#requestUserPharmanetAction': refuse(
    only('authorizer', 'obo'),
    'forbidden',
    'member',
    'siteAdmin',
  ),
  'src/server/remote-access/actions.ts#requestRemoteAccessAction': only('authorizer'), // the authorizer's own membership
  'src/server/sponsorships/actions.ts#requestSponsorshipAction': only('obo'),
  'src/server/sponsorships/actions.ts#answerSponsorshipAction': only('authorizer'), // a request addressed to them
  'src/server/sponsorships/actions.ts#endSponsorshipAction': only('authorizer', 'obo'), // either side

  // Enrolment team area.
  'src/server/worksites/team-actions.ts#acceptIntakeAction': staffOnly('enrolmentTeam'),
  'src/server/worksites/team-actions.ts#requestWorksiteChangesAction': staffOnly('enrolmentTeam'),
  'src/server/worksites/team-actions.ts#declineWorksiteAction': staffOnly('enrolmentTeam'),
  'src/server/worksites/team-actions.ts#approveDeclarationAction': staffOnly('enrolmentTeam'),
  'src/server/worksites/team-actions.ts#suspendWorksiteAction': staffOnly(
    'enrolmentTeam',
    'auditor',
  ),
  'src/server/worksites/team-actions.ts#reinstateWorksiteAction': staffOnly(
    'enrolmentTeam',
    'auditor',
  ),
  'src/server/worksites/team-actions.ts#closeWorksiteAction': staffOnly('enrolmentTeam'),
  'src/server/enrolments/team-actions.ts#approveEnrolmentAction': staffOnly('enrolmentTeam'),
  'src/server/enrolments/team-actions.ts#declineEnrolmentAction': staffOnly('enrolmentTeam'),
  'src/server/enrolments/team-actions.ts#requestEnrolmentChangesAction': staffOnly('enrolmentTeam'),
  'src/server/enrolments/team-actions.ts#suspendEnrolmentAction': staffOnly(
    'enrolmentTeam',
    'auditor',
  ),
  'src/server/enrolments/team-actions.ts#reinstateEnrolmentAction': staffOnly(
    'enrolmentTeam',
    'auditor',
  ),
  'src/server/enrolments/team-actions.ts#applyProfessionChangeAction': staffOnly('enrolmentTeam'),
  'src/server/enrolments/team-actions.ts#declineProfessionChangeAction': staffOnly('enrolmentTeam'),
  'src/server/memberships/provisioning-actions.ts#provisionMembershipAction':
    staffOnly('enrolmentTeam'),
  'src/server/memberships/provisioning-actions.ts#declineMembershipAction':
    staffOnly('enrolmentTeam'),
  'src/server/pharmanet/actions.ts#worksitePharmanetStepAction': staffOnly('enrolmentTeam'),
  'src/server/pharmanet/actions.ts#decideUserPharmanetAction': staffOnly('enrolmentTeam'),
  'src/server/remote-access/actions.ts#decideRemoteAccessAction': staffOnly('enrolmentTeam'),
  'src/server/privacy-course/actions.ts#recordCourseByHandAction': staffOnly('enrolmentTeam'),
  'src/server/assignments/actions.ts#assignToMeAction': staffOnly('enrolmentTeam'),
  'src/server/assignments/actions.ts#unassignAction': staffOnly('enrolmentTeam'),
  'src/server/notes/actions.ts#addNoteAction': staffOnly('enrolmentTeam'),
  'src/server/outbox/resend-actions.ts#resendEmailAction': staffOnly('enrolmentTeam'),
  'src/server/viewer-accounts/actions.ts#unlockViewerAccountAction': staffOnly('enrolmentTeam'),
  'src/server/agreements/actions.ts#publishAgreementVersionAction': staffOnly('enrolmentTeam'),
  'src/server/people/team-actions.ts#suspendPersonAction': staffOnly('enrolmentTeam', 'auditor'),
  'src/server/people/team-actions.ts#reinstatePersonAction': staffOnly('enrolmentTeam', 'auditor'),
  'src/server/audit-viewer/actions.ts#verifyAuditChainAction': staffOnly('auditor', 'staffAdmin'),
  'src/server/staff/actions.ts#grantStaffRoleAction': staffOnly('staffAdmin'),
  'src/server/staff/actions.ts#revokeStaffRoleAction': staffOnly('staffAdmin'),
  'src/server/staff/invitation-actions.ts#inviteStaffAction': staffOnly('staffAdmin'),
  'src/server/staff/invitation-actions.ts#revokeStaffInvitationAction': staffOnly('staffAdmin'),
  'src/server/api-keys/actions.ts#createApiKeyAction': staffOnly('staffAdmin'),
  'src/server/api-keys/actions.ts#revokeApiKeyAction': staffOnly('staffAdmin'),
  'src/server/api-keys/actions.ts#setApiKeyLimitAction': staffOnly('staffAdmin'),
};

export const ROUTE_MATRIX: Readonly<Record<string, MatrixRow>> = {
  // The viewer's question; only a service key opens it, a browser session does not.
  'src/app/api/v1/access/route.ts GET': row('unauthenticated', { serviceKey: 'allowed' }),
  // The viewer's sign-in check: only a service key; a browser session does not open it.
  'src/app/api/v1/viewer-accounts/verify/route.ts POST': row('unauthenticated', { serviceKey: 'allowed' }),
  // An antivirus screenshot: staff and this worksite's site admins; signed out looks like missing.
  'src/app/api/files/[id]/route.ts GET': row('not-found', allowed(['siteAdmin', ...STAFF])),
  // The team's CSV exports: any staff role (each export is audited); others get 403, no data.
  'src/app/api/admin/export/route.ts GET': row('forbidden', {
    anonymous: 'unauthenticated',
    serviceKey: 'unauthenticated',
    ...allowed(STAFF),
  }),
  // For load balancers: reveals only whether the database and email flow are healthy.
  'src/app/api/health/route.ts GET': row('allowed', {}),
  // Liveness of the access API's server: no key, no data.
  'src/app/api/v1/access/ping/route.ts GET': row('allowed', {}),
  // Only the learning platform's HMAC signature opens it: no session or API key does.
  'src/app/api/webhooks/privacy-course/route.ts POST': row('unauthenticated', {}),
  // next-auth's own endpoints (sign-in, callback, session): public by design; /session answers
  // only about the caller's own cookie.
  'src/app/api/auth/[...nextauth]/route.ts GET': row('allowed', {}),
  'src/app/api/auth/[...nextauth]/route.ts POST': row('allowed', {}),
};
