// Worksite lifecycle (SPEC §5) and who may do what to a worksite (SPEC §9, §10). Pure: no I/O,
// no clock. Services ask these before every change; the database guards the races.
import type { LocationType, WorksiteStatus } from '@/generated/prisma/client';

export type WorksiteActor =
  | 'SITE_ADMIN' // an active site admin of this worksite
  | 'MEMBER' // an active member of this worksite who is not a site admin
  | 'ENROLMENT_TEAM'
  | 'AUDITOR'
  | 'OTHER'; // anyone else signed in

export type WorksiteEvent =
  | 'ACCEPT_INTAKE' // team accepts the intake; declaration next (or ACTIVE for no-clinical-apps)
  | 'SUBMIT_DECLARATION' // a site admin signs the Privacy & Security Declaration
  | 'APPROVE_DECLARATION' // team approves the declaration → ACTIVE
  | 'REQUEST_CHANGES' // team sends an intake or declaration back with a reason
  | 'RESUBMIT_INTAKE' // a site admin resubmits a corrected intake
  | 'DECLINE' // team declines an intake or declaration (final)
  | 'SUSPEND' // team or auditor suspends an active worksite
  | 'REINSTATE' // team or auditor reinstates a suspended worksite
  | 'CLOSE'; // team closes the worksite (on a site admin's request or on its own)

export type TransitionContext = {
  locationType: LocationType;
  reviewStateBeforeChanges: WorksiteStatus | null;
};

export type Transition = { ok: true; to: WorksiteStatus } | { ok: false; reason: string };

const TEAM: WorksiteActor[] = ['ENROLMENT_TEAM'];
const TEAM_OR_AUDITOR: WorksiteActor[] = ['ENROLMENT_TEAM', 'AUDITOR'];
const SITE_ADMIN: WorksiteActor[] = ['SITE_ADMIN'];

const WHO: Record<WorksiteEvent, WorksiteActor[]> = {
  ACCEPT_INTAKE: TEAM,
  SUBMIT_DECLARATION: SITE_ADMIN,
  APPROVE_DECLARATION: TEAM,
  REQUEST_CHANGES: TEAM,
  RESUBMIT_INTAKE: SITE_ADMIN,
  DECLINE: TEAM,
  SUSPEND: TEAM_OR_AUDITOR,
  REINSTATE: TEAM_OR_AUDITOR,
  CLOSE: TEAM,
};

export const REASON_REQUIRED: ReadonlySet<WorksiteEvent> = new Set(['REQUEST_CHANGES', 'DECLINE', 'SUSPEND', 'CLOSE']);

export const needsDeclaration = (t: LocationType) => t !== 'NO_CLINICAL_APPS';

export function worksiteTransition(
  from: WorksiteStatus,
  event: WorksiteEvent,
  actor: WorksiteActor,
  ctx: TransitionContext,
): Transition {
  if (!WHO[event].includes(actor)) return { ok: false, reason: 'You are not allowed to do this.' };
  const refuse = { ok: false as const, reason: `This cannot be done while the worksite is ${statusLabel(from).toLowerCase()}.` };
  switch (event) {
    case 'ACCEPT_INTAKE':
      if (from !== 'INTAKE_SUBMITTED') return refuse;
      // A "No Clinical Apps" worksite exists only for BC Services Card registration: no declaration.
      return { ok: true, to: needsDeclaration(ctx.locationType) ? 'AWAITING_DECLARATION' : 'ACTIVE' };
    case 'SUBMIT_DECLARATION':
      if (!needsDeclaration(ctx.locationType)) {
        return { ok: false, reason: 'A "No Clinical Apps" worksite does not need a declaration.' };
      }
      if (from === 'AWAITING_DECLARATION') return { ok: true, to: 'DECLARATION_SUBMITTED' };
      if (from === 'CHANGES_REQUESTED' && ctx.reviewStateBeforeChanges === 'DECLARATION_SUBMITTED') {
        return { ok: true, to: 'DECLARATION_SUBMITTED' };
      }
      // Re-signing a new declaration version keeps an active worksite active.
      if (from === 'ACTIVE') return { ok: true, to: 'ACTIVE' };
      return refuse;
    case 'APPROVE_DECLARATION':
      return from === 'DECLARATION_SUBMITTED' ? { ok: true, to: 'ACTIVE' } : refuse;
    case 'REQUEST_CHANGES':
    case 'DECLINE':
      if (from !== 'INTAKE_SUBMITTED' && from !== 'DECLARATION_SUBMITTED') return refuse;
      return { ok: true, to: event === 'DECLINE' ? 'DECLINED' : 'CHANGES_REQUESTED' };
    case 'RESUBMIT_INTAKE':
      return from === 'CHANGES_REQUESTED' && ctx.reviewStateBeforeChanges === 'INTAKE_SUBMITTED'
        ? { ok: true, to: 'INTAKE_SUBMITTED' }
        : refuse;
    case 'SUSPEND':
      return from === 'ACTIVE' ? { ok: true, to: 'SUSPENDED' } : refuse;
    case 'REINSTATE':
      return from === 'SUSPENDED' ? { ok: true, to: 'ACTIVE' } : refuse;
    case 'CLOSE':
      return from === 'ACTIVE' || from === 'SUSPENDED' ? { ok: true, to: 'CLOSED' } : refuse;
  }
}

// ───────────────────────── Site administration (SPEC §9) ─────────────────────────

export type SiteAdminAction =
  | 'VIEW_MEMBERS'
  | 'INVITE' // invite by email; resend or revoke an invitation
  | 'DECIDE_JOIN_REQUEST' // confirm or decline a join request
  | 'MANAGE_ADMINS' // grant, remove or transfer the site admin role
  | 'MANAGE_MEMBERS' // inactivate, reactivate, end a locum
  | 'EDIT_DETAILS' // operating name, phone, email
  | 'REQUEST_CLOSURE';

const OPEN: WorksiteStatus[] = ['INTAKE_SUBMITTED', 'AWAITING_DECLARATION', 'DECLARATION_SUBMITTED', 'CHANGES_REQUESTED', 'ACTIVE', 'SUSPENDED'];
const LIVE: WorksiteStatus[] = ['ACTIVE', 'SUSPENDED'];

const SITE_ADMIN_STATES: Record<SiteAdminAction, WorksiteStatus[]> = {
  VIEW_MEMBERS: OPEN,
  INVITE: ['ACTIVE'], // people join a worksite that can give them access
  DECIDE_JOIN_REQUEST: ['ACTIVE'],
  MANAGE_ADMINS: OPEN,
  MANAGE_MEMBERS: LIVE,
  EDIT_DETAILS: OPEN,
  REQUEST_CLOSURE: LIVE,
};

export function siteAdminMay(action: SiteAdminAction, actor: WorksiteActor, status: WorksiteStatus): boolean {
  return actor === 'SITE_ADMIN' && SITE_ADMIN_STATES[action].includes(status);
}

/** Everything a site admin may do now, for showing only the actions that will work. */
export function siteAdminActions(actor: WorksiteActor, status: WorksiteStatus): SiteAdminAction[] {
  return (Object.keys(SITE_ADMIN_STATES) as SiteAdminAction[]).filter((a) => siteAdminMay(a, actor, status));
}

export const LAST_SITE_ADMIN_MESSAGE =
  'A worksite must always have at least one active site administrator. Make another member a site administrator first (or use "Transfer the role"), then try again.';

// ───────────────────────── Words people read ─────────────────────────

const STATUS_LABEL: Record<WorksiteStatus, string> = {
  INTAKE_SUBMITTED: 'Registration submitted',
  AWAITING_DECLARATION: 'Waiting for the declaration',
  DECLARATION_SUBMITTED: 'Declaration submitted',
  CHANGES_REQUESTED: 'Changes requested',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  DECLINED: 'Declined',
  CLOSED: 'Closed',
};

export const statusLabel = (s: WorksiteStatus) => STATUS_LABEL[s];

/** "What happens next", shown on the worksite page. */
export function nextStep(s: WorksiteStatus, t: LocationType, reviewStateBeforeChanges: WorksiteStatus | null): string {
  switch (s) {
    case 'INTAKE_SUBMITTED':
      return 'The enrolment team is reviewing your registration. You will get an email when it is accepted.';
    case 'AWAITING_DECLARATION':
      return 'A site administrator with signing authority must complete the Privacy & Security Declaration.';
    case 'DECLARATION_SUBMITTED':
      return 'The enrolment team is reviewing your declaration. You will get an email when the worksite is approved.';
    case 'CHANGES_REQUESTED':
      return reviewStateBeforeChanges === 'DECLARATION_SUBMITTED'
        ? 'The enrolment team asked for changes to the declaration. Read the reason, then submit it again.'
        : 'The enrolment team asked for changes to the registration. Read the reason, then submit it again.';
    case 'ACTIVE':
      return needsDeclaration(t)
        ? 'The worksite is active. Invite your colleagues; they can then enrol and join.'
        : 'The worksite is active for BC Services Card registration only. It never gives access to CareConnect.';
    case 'SUSPENDED':
      return 'The worksite is suspended. Nobody can open CareConnect here until the enrolment team reinstates it.';
    case 'DECLINED':
      return 'The registration was declined. Read the reason; you can register again if things change.';
    case 'CLOSED':
      return 'The worksite is closed. Every membership here has ended.';
  }
}
