import 'server-only';
import { Prisma, type StaffRoleKind, type Worksite, type WorksiteStatus } from '@/generated/prisma/client';
import { displayName, type NameParts } from '@/lib/names';
import { can, staffRolesFor, type Capability } from '../authz/policy';
import type { Tx } from '../db';
import { utcInstant } from '../prepared';
import { decide, lockById, lockWith, OWN_WORKSITE_MESSAGE, siteAdminsFrom, siteAdminsInclude, type DecidingStaff, type DecisionContext as Ctx, type StaffCaller } from '../decisions';
import {
  approvedEmail,
  changesRequestedEmail,
  closedEmail,
  declinedEmail,
  enrolmentInstructionsEmail,
  reinstatedEmail,
  suspendedEmail,
} from '../email/templates/worksite-decisions';
import { invitationRows } from '../invitations/service';
import type { RowWrite } from '../decisions/write';
import { closureRead, closureRows, type ClosureRead } from '../memberships/service';
import { type Email, type Notice, type Recipient } from '../notify';
import { REASON_REQUIRED, worksiteTransition, type WorksiteActor, type WorksiteEvent } from './rules';
import { lastWorksiteDecision, worksiteStatusSet } from './status';
import type { TeamDecision } from './team-schema';
import { clock } from '@/lib/clock';

// The enrolment team's decisions on a worksite (SPEC §5, §10). Each runs in one transaction:
// lock the worksite row, check who decides, change the status (which refuses a stale page),
// audit, then email, so the decision and its emails commit together or not at all.

export type { StaffCaller };
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

// Who may decide: the policy table's capability, checked by the action, by decide() (defence in
// depth) and by the rules.
const CAPABILITY: Record<TeamEvent, Capability> = {
  ACCEPT_INTAKE: 'worksite.decide',
  APPROVE_DECLARATION: 'worksite.decide',
  REQUEST_CHANGES: 'worksite.decide',
  DECLINE: 'worksite.decide',
  CLOSE: 'worksite.decide',
  SUSPEND: 'worksite.suspend',
  REINSTATE: 'worksite.suspend',
};

/** The staff roles that may take each decision, for the actions' requireStaff. */
export const decisionRoles = (event: TeamEvent): StaffRoleKind[] => staffRolesFor(CAPABILITY[event]);

const AUDIT_ACTION: Record<TeamEvent, string> = {
  ACCEPT_INTAKE: 'worksite.intake_accepted',
  APPROVE_DECLARATION: 'worksite.approved',
  REQUEST_CHANGES: 'worksite.changes_requested',
  DECLINE: 'worksite.declined',
  SUSPEND: 'worksite.suspended',
  REINSTATE: 'worksite.reinstated',
  CLOSE: 'worksite.closed',
};

export const BELONGS_MESSAGE = OWN_WORKSITE_MESSAGE;
const WORKSITE_NOT_FOUND = 'We could not find that worksite.';

/** How the rules see the staff member (after the policy table let them decide). */
const actorOf = (staff: StaffCaller): WorksiteActor => (staff.staffRoles.includes('ENROLMENT_TEAM') ? 'ENROLMENT_TEAM' : 'AUDITOR');

/** The decisions this staff member could take on the worksite now (for showing only those). */
export function availableDecisions(
  staff: StaffCaller,
  worksite: Pick<Worksite, 'status' | 'locationType' | 'reviewStateBeforeChanges'>,
  isMember: boolean,
): TeamDecision[] {
  if (isMember) return [];
  return (Object.keys(DECISION_EVENT) as TeamDecision[]).filter((d) => {
    const event = DECISION_EVENT[d];
    if (!can(staff, CAPABILITY[event])) return false;
    return worksiteTransition(worksite.status, event, actorOf(staff), worksite).ok;
  });
}

type Decided = {
  worksite: Worksite;
  from: WorksiteStatus;
  to: WorksiteStatus;
  reason: string | null;
  now: Date;
  /** The active site admins, one per address (read with the worksite). */
  siteAdmins: Recipient[];
};

/** What a decision changes beyond the worksite (merged into the audit; rows written with it) and
 * its emails. What the effects need is read with the worksite's lock (`read`, columns over `w`). */
type Effects<T extends Record<string, unknown>, E> = {
  read?: Prisma.Sql;
  effects?: (d: Decided, read: E) => { extra: T; rows: RowWrite[] };
  notify: (d: Decided & { extra: T }) => Notice[];
};

type Loaded<E = unknown> = Worksite & { siteAdmins: Recipient[]; read: E };
/** The worksite as it stands after a decision, for what may be decided next. */
type WorksiteNow = Pick<Worksite, 'status' | 'locationType' | 'reviewStateBeforeChanges'>;

/** The worksite, locked (with what its effects need), with its active site admins (the emails'
 * recipients): two statements, whatever the decision. */
async function loadWorksite<E>(tx: Tx, worksiteId: string, columns?: Prisma.Sql): Promise<Loaded<E>> {
  const read = columns
    ? await lockWith<E>(tx, 'Worksite', worksiteId, WORKSITE_NOT_FOUND, columns)
    : await lockById(tx, 'Worksite', worksiteId, WORKSITE_NOT_FOUND);
  const { memberships, ...w } = await tx.worksite.findUniqueOrThrow({
    where: { id: worksiteId },
    include: { memberships: siteAdminsInclude },
  });
  return { ...w, siteAdmins: siteAdminsFrom(memberships), read: read as E };
}

/** One team decision on a worksite, declared for decide(). */
async function decideWorksite<T extends Record<string, unknown> = Record<string, never>, E = unknown>(
  staff: DecidingStaff,
  event: TeamEvent,
  input: DecisionValues,
  ctx: Ctx,
  effects: Effects<T, E>,
): Promise<{ id: string; status: WorksiteStatus; from: WorksiteStatus; at: Date; reason: string | null; now: WorksiteNow } & T> {
  const view = ({ siteAdmins, read: _read, ...r }: Loaded<E>, from: WorksiteStatus, to: WorksiteStatus, reason: string | null, now: Date): Decided => ({
    worksite: { ...r, status: to },
    from,
    to,
    reason,
    now,
    siteAdmins,
  });
  // Approving may invite up to 50 expected users in the same transaction: the configured
  // DATABASE_TX_TIMEOUT_MS (20 s by default) leaves room for it.
  const d = await decide<Loaded<E>, WorksiteStatus, T>(
    staff,
    {
      capability: CAPABILITY[event],
      reason: { value: input.reason, requiredFor: REASON_REQUIRED.has(event) ? 'the clinic' : undefined, formError: 'Give a reason.' },
      load: (tx) => loadWorksite<E>(tx, input.worksiteId, effects.read),
      // Nobody reviews their own clinic.
      parties: (w) => ({ worksiteId: w.id }),
      status: (w) => w.status,
      expectedStatus: input.expectedStatus,
      transition: (w) => worksiteTransition(w.status, event, actorOf(staff), w),
      update: (w, to, { now }) => ({ table: 'Worksite', id: w.id, status: w.status, set: worksiteStatusSet(w, event, to, now) }),
      history: (w, to, { actorId, reason }) => ({
        table: 'WorksiteStatusChange',
        data: { worksiteId: w.id, fromStatus: w.status, toStatus: to, reason, actorId },
      }),
      lastDecision: (tx, w) => lastWorksiteDecision(tx, w.id),
      effects: effects.effects ? (x) => effects.effects!(view(x.record, x.from, x.to, x.reason, x.now), x.record.read) : undefined,
      notify: (x) => effects.notify({ ...view(x.record, x.from, x.to, x.reason, x.now), extra: x.extra }),
      audit: ({ record: w, from, to, reason, extra }) => ({
        action: AUDIT_ACTION[event],
        target: { type: 'WORKSITE', id: w.id },
        worksiteId: w.id,
        before: { status: from },
        after: { status: to, reason, ...extra },
      }),
    },
    ctx,
  );
  const w = d.record;
  const now = { status: d.to, locationType: w.locationType, reviewStateBeforeChanges: worksiteStatusSet(w, event, d.to, d.now).reviewStateBeforeChanges };
  return { id: w.id, status: d.to, from: d.from, at: d.now, reason: d.reason, now, ...d.extra };
}

/** One email to each active site admin (one per address). */
const toSiteAdmins = ({ worksite, siteAdmins }: Decided, email: Email): Notice[] => siteAdmins.map((to) => ({ to, email, worksite }));

const reviewedPart = (status: WorksiteStatus) =>
  status === 'DECLARATION_SUBMITTED' ? ('declaration' as const) : ('registration' as const);

/** Who the intake expected, who is already a member or holds a waiting link, and the inviter's
 * name: read with the worksite's lock, for inviting the expected users on approval. */
const expectedRead = (staffId: string, now: Date) => {
  const at = utcInstant(now);
  return Prisma.sql`
      (SELECT coalesce(json_agg(json_build_object('id', e.id, 'email', e.email) ORDER BY e."createdAt", e.id), '[]')
         FROM "ExpectedUser" e WHERE e."worksiteId" = w.id AND e."invitedAt" IS NULL) AS expected,
      (SELECT coalesce(array_agg(DISTINCT lower(trim(x.email))), '{}')
         FROM "Membership" m JOIN "Person" pr ON pr.id = m."personId",
              LATERAL unnest(ARRAY[pr."contactEmail", pr."idpEmail"]) AS x(email)
        WHERE m."worksiteId" = w.id AND m.status NOT IN ('ENDED', 'DECLINED') AND x.email IS NOT NULL) AS members,
      (SELECT coalesce(array_agg(DISTINCT lower(i.email)), '{}') FROM "Invitation" i
        WHERE i."worksiteId" = w.id AND i.status = 'PENDING' AND i."expiresAt" > ${at}) AS waiting,
      (SELECT json_build_object('legalGivenName', p."legalGivenName", 'legalFamilyName', p."legalFamilyName",
              'preferredGivenName', p."preferredGivenName", 'preferredFamilyName', p."preferredFamilyName")
         FROM "Person" p WHERE p.id = ${staffId}::uuid) AS inviter`;
};
type ExpectedRead = { expected: { id: string; email: string }[]; members: string[]; waiting: string[]; inviter: NameParts | null };

/**
 * SPEC §5: when a worksite becomes active, each expected user from the intake who is not yet a
 * member (by contact or sign-in email, any case) is invited, once per address: rows written with
 * the approval, however many are expected (decision 027).
 */
function inviteExpectedUsers(r: ExpectedRead, d: Decided, staff: StaffCaller, ctx: Ctx): { extra: { invitedExpectedUsers: number }; rows: RowWrite[] } {
  const members = new Set(r.members);
  const waiting = new Set(r.waiting);
  // As createInvitation would: one link per address; an address with a waiting link keeps it.
  const invited = new Set<string>();
  const rows: RowWrite[] = [];
  for (const u of r.expected) {
    const email = u.email.trim().toLowerCase();
    if (members.has(email)) continue;
    invited.add(email);
    rows.push({ table: 'ExpectedUser', updateId: u.id, data: { invitedAt: d.now, updatedAt: d.now } });
  }
  rows.push(
    ...invitationRows({
      worksite: d.worksite,
      emails: [...invited].filter((e) => !waiting.has(e)),
      inviter: r.inviter ? { id: staff.id, name: displayName(r.inviter) } : null,
      actor: { type: 'STAFF', personId: staff.id },
      requestId: ctx.requestId,
      ip: ctx.ip,
      now: d.now,
    }),
  );
  return { extra: { invitedExpectedUsers: invited.size }, rows };
}

/** Intake accepted → declaration next (enrolment instructions), or ACTIVE for No Clinical Apps. */
export function acceptIntake(staff: DecidingStaff, input: DecisionValues, ctx: Ctx) {
  return decideWorksite<{ invitedExpectedUsers?: number }, ExpectedRead>(staff, 'ACCEPT_INTAKE', input, ctx, {
    read: expectedRead(staff.id, clock.now()),
    effects: (d, read) => (d.to === 'ACTIVE' ? inviteExpectedUsers(read, d, staff, ctx) : { extra: {}, rows: [] }),
    notify: (d) =>
      toSiteAdmins(d, d.to === 'ACTIVE' ? approvedEmail(d.worksite, d.extra.invitedExpectedUsers ?? 0, d.reason) : enrolmentInstructionsEmail(d.worksite, d.reason)),
  });
}

/** Sends an intake or a declaration back to the clinic with the reason. */
export function requestChanges(staff: DecidingStaff, input: ReasonedDecisionValues, ctx: Ctx) {
  return decideWorksite(staff, 'REQUEST_CHANGES', input, ctx, {
    notify: (d) => toSiteAdmins(d, changesRequestedEmail(d.worksite, reviewedPart(d.from), d.reason!)),
  });
}

export function decline(staff: DecidingStaff, input: ReasonedDecisionValues, ctx: Ctx) {
  return decideWorksite(staff, 'DECLINE', input, ctx, {
    notify: (d) => toSiteAdmins(d, declinedEmail(d.worksite, reviewedPart(d.from), d.reason!)),
  });
}

/** Declaration approved → ACTIVE; the expected users from the intake are invited. */
export function approveDeclaration(staff: DecidingStaff, input: DecisionValues, ctx: Ctx) {
  return decideWorksite(staff, 'APPROVE_DECLARATION', input, ctx, {
    read: expectedRead(staff.id, clock.now()),
    effects: (d, read: ExpectedRead) => inviteExpectedUsers(read, d, staff, ctx),
    notify: (d) => toSiteAdmins(d, approvedEmail(d.worksite, d.extra.invitedExpectedUsers, d.reason)),
  });
}

export function suspendWorksite(staff: DecidingStaff, input: ReasonedDecisionValues, ctx: Ctx) {
  return decideWorksite(staff, 'SUSPEND', input, ctx, {
    notify: (d) => toSiteAdmins(d, suspendedEmail(d.worksite, d.reason!)),
  });
}

export function reinstateWorksite(staff: DecidingStaff, input: DecisionValues, ctx: Ctx) {
  return decideWorksite(staff, 'REINSTATE', input, ctx, {
    notify: (d) => toSiteAdmins(d, reinstatedEmail(d.worksite, d.reason)),
  });
}

/**
 * Closes the worksite (on a site admin's closure request or on the team's own), ends every
 * membership, revokes its waiting invitations and tells each member, all in the decision's one
 * write (the last-admin trigger sees the worksite CLOSED at the end of that statement).
 */
export function closeWorksite(staff: DecidingStaff, input: ReasonedDecisionValues, ctx: Ctx) {
  // Each member told once, whatever the number of their memberships there.
  let told: { personId: string; email: string }[] = [];
  return decideWorksite(staff, 'CLOSE', input, ctx, {
    read: closureRead,
    effects({ worksite, reason, now }, read: ClosureRead) {
      const { rows, ended } = closureRows(read, { worksiteId: worksite.id, actorId: staff.id, reason: reason!, requestId: ctx.requestId, ip: ctx.ip, now });
      told = ended.filter((m, i) => ended.findIndex((o) => o.personId === m.personId) === i);
      return { extra: { membersEmailed: told.length, closureRequested: worksite.closureRequestedAt !== null }, rows };
    },
    notify: ({ worksite, reason }) =>
      told.map((m) => ({ to: { to: m.email, personId: m.personId }, email: closedEmail(worksite, reason!), worksite })),
  });
}
