import 'server-only';
import type { StaffRoleKind, Worksite, WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { audit, type Actor } from '../audit';
import { staffRolesFor } from '../authz/policy';
import { db, type Tx } from '../db';
import {
  approvedEmail,
  changesRequestedEmail,
  closedEmail,
  declinedEmail,
  enrolmentInstructionsEmail,
  reinstatedEmail,
  suspendedEmail,
  type WorksiteDecisionEmail,
} from '../email/templates/worksite-decisions';
import { enqueueWorksiteEmail } from '../email/worksite-email';
import { createInvitation } from '../invitations/service';
import { endAllMemberships } from '../memberships/service';
import type { RequestContext } from '../request-context';
import { memberOf, requireWorksiteForTeam, siteAdminContacts } from './access';
import { worksiteTransition, type WorksiteActor, type WorksiteEvent } from './rules';
import { changeWorksiteStatus } from './status';
import type { TeamDecision } from './team-schema';
import { clock } from '@/lib/clock';

// The enrolment team's decisions on a worksite (SPEC §5, §10). Each runs in one transaction:
// lock the worksite row, check who decides, change the status (which refuses a stale page),
// audit, then email, so the decision and its emails commit together or not at all.

/** The staff member deciding; the action passes the signed-in person (id and staff roles). */
export type StaffCaller = { id: string; staffRoles: readonly StaffRoleKind[] };
type Ctx = Pick<RequestContext, 'requestId' | 'ip'>;
/** Parsed by decisionSchema / reasonedDecisionSchema in the action. */
export type DecisionValues = {
  worksiteId: string;
  expectedStatus: WorksiteStatus;
  reason?: string | null;
};
export type ReasonedDecisionValues = DecisionValues & { reason: string };

type TeamEvent = Exclude<WorksiteEvent, 'SUBMIT_DECLARATION' | 'RESUBMIT_INTAKE'>;

export const DECISION_EVENT: Record<TeamDecision, TeamEvent> = {
  accept: 'ACCEPT_INTAKE',
  approve: 'APPROVE_DECLARATION',
  requestChanges: 'REQUEST_CHANGES',
  decline: 'DECLINE',
  suspend: 'SUSPEND',
  reinstate: 'REINSTATE',
  close: 'CLOSE',
};

// Who may decide (from the policy table): checked here as well as by the action (defence in
// depth) and by the rules.
const MAY_DECIDE: Record<TeamEvent, StaffRoleKind[]> = {
  ACCEPT_INTAKE: staffRolesFor('worksite.decide'),
  APPROVE_DECLARATION: staffRolesFor('worksite.decide'),
  REQUEST_CHANGES: staffRolesFor('worksite.decide'),
  DECLINE: staffRolesFor('worksite.decide'),
  CLOSE: staffRolesFor('worksite.decide'),
  SUSPEND: staffRolesFor('worksite.suspend'),
  REINSTATE: staffRolesFor('worksite.suspend'),
};

/** The staff roles that may take each decision, for the actions' requireStaff. */
export const decisionRoles = (event: TeamEvent): StaffRoleKind[] => [...MAY_DECIDE[event]];

const AUDIT_ACTION: Record<TeamEvent, string> = {
  ACCEPT_INTAKE: 'worksite.intake_accepted',
  APPROVE_DECLARATION: 'worksite.approved',
  REQUEST_CHANGES: 'worksite.changes_requested',
  DECLINE: 'worksite.declined',
  SUSPEND: 'worksite.suspended',
  REINSTATE: 'worksite.reinstated',
  CLOSE: 'worksite.closed',
};

export const BELONGS_MESSAGE = 'You cannot decide on a worksite you belong to.';

function staffActor(staff: StaffCaller, event: TeamEvent): WorksiteActor {
  if (staff.staffRoles.length === 0) {
    throw new DomainError('FORBIDDEN', 'This is only available to the enrolment team.');
  }
  const allowed = MAY_DECIDE[event];
  if (!staff.staffRoles.some((r) => allowed.includes(r))) {
    throw new DomainError(
      'FORBIDDEN',
      allowed.includes('AUDITOR')
        ? 'Only the enrolment team or an auditor can do this.'
        : 'Only the enrolment team can do this.',
    );
  }
  return staff.staffRoles.includes('ENROLMENT_TEAM') ? 'ENROLMENT_TEAM' : 'AUDITOR';
}

/** The decisions this staff member could take on the worksite now (for showing only those). */
export function availableDecisions(
  staff: StaffCaller,
  worksite: Pick<Worksite, 'status' | 'locationType' | 'reviewStateBeforeChanges'>,
  isMember: boolean,
): TeamDecision[] {
  if (isMember) return [];
  return (Object.keys(DECISION_EVENT) as TeamDecision[]).filter((d) => {
    const event = DECISION_EVENT[d];
    if (!staff.staffRoles.some((r) => MAY_DECIDE[event].includes(r))) return false;
    const actor = staff.staffRoles.includes('ENROLMENT_TEAM') ? 'ENROLMENT_TEAM' : 'AUDITOR';
    return worksiteTransition(worksite.status, event, actor, worksite).ok;
  });
}

type Decided = {
  worksite: Worksite;
  from: WorksiteStatus;
  to: WorksiteStatus;
  reason: string | null;
};

async function decide<T extends Record<string, unknown>>(
  staff: StaffCaller,
  event: TeamEvent,
  input: DecisionValues,
  ctx: Ctx,
  then: (tx: Tx, d: Decided) => Promise<T>,
): Promise<{ status: WorksiteStatus } & T> {
  const actor = staffActor(staff, event);
  return db().$transaction(
    async (tx) => {
      const worksite = await requireWorksiteForTeam(tx, input.worksiteId);
      // Nobody reviews their own clinic.
      if (await memberOf(tx, staff.id, worksite.id))
        throw new DomainError('FORBIDDEN', BELONGS_MESSAGE);
      const reason = input.reason?.trim() || null;
      const to = await changeWorksiteStatus(tx, worksite, event, actor, {
        actorId: staff.id,
        reason,
        expectedStatus: input.expectedStatus,
      });
      const decided = { worksite: { ...worksite, status: to }, from: worksite.status, to, reason };
      const extra = await then(tx, decided);
      await audit(tx, {
        actor: { type: 'STAFF', personId: staff.id },
        action: AUDIT_ACTION[event],
        target: { type: 'WORKSITE', id: worksite.id },
        worksiteId: worksite.id,
        before: { status: worksite.status },
        after: { status: to, reason, ...extra },
        requestId: ctx.requestId,
        ip: ctx.ip,
      });
      return { status: to, ...extra };
    },
    // Approving may invite up to 50 expected users in the same transaction: the configured
    // DATABASE_TX_TIMEOUT_MS (20 s by default) leaves room for it.
  );
}

/** One email to each active site admin (one per address). */
async function emailSiteAdmins(
  tx: Tx,
  worksite: Worksite,
  email: WorksiteDecisionEmail,
): Promise<number> {
  const seen = new Set<string>();
  for (const c of await siteAdminContacts(tx, worksite.id)) {
    const key = c.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    await enqueueWorksiteEmail(tx, { worksite, to: c.email, personId: c.personId, ...email });
  }
  return seen.size;
}

const reviewedPart = (status: WorksiteStatus) =>
  status === 'DECLARATION_SUBMITTED' ? ('declaration' as const) : ('registration' as const);

/**
 * SPEC §5: when a worksite becomes active, each expected user from the intake who is not yet a
 * member (by contact or sign-in email, any case) is invited, once per address.
 */
async function inviteExpectedUsers(
  tx: Tx,
  worksite: Worksite,
  staff: StaffCaller,
  ctx: Ctx,
): Promise<number> {
  const expected = await tx.expectedUser.findMany({
    where: { worksiteId: worksite.id, invitedAt: null },
    orderBy: { createdAt: 'asc' },
  });
  if (expected.length === 0) return 0;
  const members = await tx.membership.findMany({
    where: { worksiteId: worksite.id, status: { notIn: ['ENDED', 'DECLINED'] } },
    select: { person: { select: { contactEmail: true, idpEmail: true } } },
  });
  const memberEmails = new Set(
    members
      .flatMap((m) => [m.person.contactEmail, m.person.idpEmail])
      .flatMap((e) => (e ? [e.trim().toLowerCase()] : [])),
  );
  const actor: Actor = { type: 'STAFF', personId: staff.id };
  const invited = new Set<string>();
  const now = clock.now();
  for (const u of expected) {
    const email = u.email.trim().toLowerCase();
    if (memberEmails.has(email)) continue;
    if (!invited.has(email)) {
      await createInvitation(tx, {
        worksite,
        email,
        invitedById: staff.id,
        actor,
        requestId: ctx.requestId,
        ip: ctx.ip,
      });
      invited.add(email);
    }
    await tx.expectedUser.update({ where: { id: u.id }, data: { invitedAt: now } });
  }
  return invited.size;
}

/** Intake accepted → declaration next (enrolment instructions), or ACTIVE for No Clinical Apps. */
export function acceptIntake(staff: StaffCaller, input: DecisionValues, ctx: Ctx) {
  return decide(staff, 'ACCEPT_INTAKE', input, ctx, async (tx, { worksite, to, reason }) => {
    if (to === 'ACTIVE') {
      const invited = await inviteExpectedUsers(tx, worksite, staff, ctx);
      await emailSiteAdmins(tx, worksite, approvedEmail(worksite, invited, reason));
      return { invitedExpectedUsers: invited };
    }
    await emailSiteAdmins(tx, worksite, enrolmentInstructionsEmail(worksite, reason));
    return {};
  });
}

/** Sends an intake or a declaration back to the clinic with the reason. */
export function requestChanges(staff: StaffCaller, input: ReasonedDecisionValues, ctx: Ctx) {
  return decide(staff, 'REQUEST_CHANGES', input, ctx, async (tx, { worksite, from, reason }) => {
    await emailSiteAdmins(
      tx,
      worksite,
      changesRequestedEmail(worksite, reviewedPart(from), reason!),
    );
    return {};
  });
}

export function decline(staff: StaffCaller, input: ReasonedDecisionValues, ctx: Ctx) {
  return decide(staff, 'DECLINE', input, ctx, async (tx, { worksite, from, reason }) => {
    await emailSiteAdmins(tx, worksite, declinedEmail(worksite, reviewedPart(from), reason!));
    return {};
  });
}

/** Declaration approved → ACTIVE; the expected users from the intake are invited. */
export function approveDeclaration(staff: StaffCaller, input: DecisionValues, ctx: Ctx) {
  return decide(staff, 'APPROVE_DECLARATION', input, ctx, async (tx, { worksite, reason }) => {
    const invited = await inviteExpectedUsers(tx, worksite, staff, ctx);
    await emailSiteAdmins(tx, worksite, approvedEmail(worksite, invited, reason));
    return { invitedExpectedUsers: invited };
  });
}

export function suspendWorksite(staff: StaffCaller, input: ReasonedDecisionValues, ctx: Ctx) {
  return decide(staff, 'SUSPEND', input, ctx, async (tx, { worksite, reason }) => {
    await emailSiteAdmins(tx, worksite, suspendedEmail(worksite, reason!));
    return {};
  });
}

export function reinstateWorksite(staff: StaffCaller, input: DecisionValues, ctx: Ctx) {
  return decide(staff, 'REINSTATE', input, ctx, async (tx, { worksite, reason }) => {
    await emailSiteAdmins(tx, worksite, reinstatedEmail(worksite, reason));
    return {};
  });
}

/**
 * Closes the worksite (on a site admin's closure request or on the team's own), then ends every
 * membership and tells each member. The status changes first: the last-site-admin trigger only
 * lets the final admin's membership end once the worksite is closed.
 */
export function closeWorksite(staff: StaffCaller, input: ReasonedDecisionValues, ctx: Ctx) {
  return decide(staff, 'CLOSE', input, ctx, async (tx, { worksite, reason }) => {
    const ended = await endAllMemberships(tx, worksite.id, {
      actorId: staff.id,
      reason: reason!,
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    const told = new Set<string>();
    for (const m of ended) {
      if (told.has(m.personId)) continue;
      told.add(m.personId);
      await enqueueWorksiteEmail(tx, {
        worksite,
        to: m.email,
        personId: m.personId,
        ...closedEmail(worksite, reason!),
      });
    }
    return { membersEmailed: told.size, closureRequested: worksite.closureRequestedAt !== null };
  });
}
