import 'server-only';
import type { Enrolment, EnrolmentStatus, Person, StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit } from '../audit';
import { staffRolesFor } from '../authz/policy';
import { db, type Tx } from '../db';
import {
  enqueuePersonEmail,
  enrolmentChangesRequestedEmail,
  enrolmentDeclinedEmail,
  enrolmentReinstatedEmail,
  enrolmentSuspendedEmail,
  professionChangeAppliedEmail,
  professionChangeDeclinedEmail,
  welcomePackageEmail,
  type PersonEmail,
} from '../email/templates/enrolment-decisions';
import { log } from '../log';
import { issueViewerAccount } from '../viewer-accounts/service';
import { needsJobTitle, needsResidencyDates } from '../professions/rules';
import type { RequestContext } from '../request-context';
import { enrolmentTransition, type EnrolmentActor, type EnrolmentEvent } from './rules';
import { changeEnrolmentStatus, lockEnrolment, lockEnrolmentOf } from './status';
import type {
  ApplyProfessionChangeInput,
  DeclineProfessionChangeValues,
  EnrolmentDecision,
  EnrolmentDecisionInput,
  ReasonedEnrolmentDecisionValues,
} from './team-schema';
import { clock } from '@/lib/clock';

// The enrolment team's decisions on a person's enrolment (SPEC §7 "Review", §10). Each runs in
// one transaction: lock the enrolment row, check who decides, change the status through the
// state machine (which refuses a stale page), audit, and email the person — all or nothing.

/** The staff member deciding; the action passes the signed-in person (id and staff roles). */
export type StaffCaller = { id: string; staffRoles: readonly StaffRoleKind[] };
type Ctx = Pick<RequestContext, 'requestId' | 'ip'>;

type TeamEvent = Extract<EnrolmentEvent, 'APPROVE' | 'DECLINE' | 'REQUEST_CHANGES' | 'SUSPEND' | 'REINSTATE'>;

export const DECISION_EVENT: Record<EnrolmentDecision, TeamEvent> = {
  approve: 'APPROVE',
  requestChanges: 'REQUEST_CHANGES',
  decline: 'DECLINE',
  suspend: 'SUSPEND',
  reinstate: 'REINSTATE',
};

// Who may decide (from the policy table): checked by the action, here (defence in depth) and by
// the state machine.
const MAY_DECIDE: Record<TeamEvent, StaffRoleKind[]> = {
  APPROVE: staffRolesFor('enrolment.decide'),
  DECLINE: staffRolesFor('enrolment.decide'),
  REQUEST_CHANGES: staffRolesFor('enrolment.decide'),
  SUSPEND: staffRolesFor('enrolment.suspend'),
  REINSTATE: staffRolesFor('enrolment.suspend'),
};

export const decisionRoles = (event: TeamEvent): StaffRoleKind[] => [...MAY_DECIDE[event]];

const AUDIT_ACTION: Record<TeamEvent, string> = {
  APPROVE: 'enrolment.approved',
  DECLINE: 'enrolment.declined',
  REQUEST_CHANGES: 'enrolment.changes_requested',
  SUSPEND: 'enrolment.suspended',
  REINSTATE: 'enrolment.reinstated',
};

export const OWN_ENROLMENT_MESSAGE = 'You cannot decide on your own enrolment.';
const notFound = () => new DomainError('NOT_FOUND', 'We could not find that enrolment.');

function staffActor(staff: StaffCaller, allowed: readonly StaffRoleKind[]): EnrolmentActor {
  if (staff.staffRoles.length === 0) throw new DomainError('FORBIDDEN', 'This is only available to the enrolment team.');
  if (!staff.staffRoles.some((r) => allowed.includes(r))) {
    throw new DomainError(
      'FORBIDDEN',
      allowed.includes('AUDITOR') ? 'Only the enrolment team or an auditor can do this.' : 'Only the enrolment team can do this.',
    );
  }
  return staff.staffRoles.includes('ENROLMENT_TEAM') && allowed.includes('ENROLMENT_TEAM') ? 'ENROLMENT_TEAM' : 'AUDITOR';
}

/** The decisions this staff member could take on the enrolment now (the page shows only those). */
export function availableDecisions(staff: StaffCaller, enrolment: Pick<Enrolment, 'status' | 'personId'>): EnrolmentDecision[] {
  if (enrolment.personId === staff.id) return [];
  return (Object.keys(DECISION_EVENT) as EnrolmentDecision[]).filter((d) => {
    const event = DECISION_EVENT[d];
    const allowed = MAY_DECIDE[event];
    if (!staff.staffRoles.some((r) => allowed.includes(r))) return false;
    const actor = staff.staffRoles.includes('ENROLMENT_TEAM') && allowed.includes('ENROLMENT_TEAM') ? 'ENROLMENT_TEAM' : 'AUDITOR';
    return enrolmentTransition(enrolment.status, event, actor).ok;
  });
}

/** Where the person reads about their enrolment: contact email, else the sign-in email. */
const emailOf = (p: Person) => p.contactEmail ?? p.idpEmail;

async function emailPerson(tx: Tx, person: Person, email: PersonEmail, dedupeKey: string): Promise<boolean> {
  const to = emailOf(person);
  if (!to) {
    log.warn('no email address for a decision notice', { personId: person.id, template: email.template });
    return false;
  }
  await enqueuePersonEmail(tx, { ...email, to, personId: person.id, dedupeKey });
  return true;
}

type Decided = { enrolment: Enrolment; person: Person; to: EnrolmentStatus; reason: string | null };

async function decide(
  staff: StaffCaller,
  event: TeamEvent,
  input: { enrolmentId: string; expectedStatus: EnrolmentStatus; reason?: string },
  ctx: Ctx,
  email: (tx: Tx, d: Decided) => Promise<PersonEmail>,
): Promise<{ status: EnrolmentStatus }> {
  const actor = staffActor(staff, MAY_DECIDE[event]);
  return db().$transaction(async (tx) => {
    const enrolment = await lockEnrolment(tx, input.enrolmentId);
    if (!enrolment) throw notFound();
    // Nobody reviews themselves.
    if (enrolment.personId === staff.id) throw new DomainError('FORBIDDEN', OWN_ENROLMENT_MESSAGE);
    const reason = input.reason?.trim() || null;
    const change = await changeEnrolmentStatus(tx, enrolment, event, actor, {
      actorId: staff.id,
      reason,
      expectedStatus: input.expectedStatus,
    });
    const person = await tx.person.findUniqueOrThrow({ where: { id: enrolment.personId } });
    const message = await email(tx, { enrolment, person, to: change.to, reason });
    const emailed = await emailPerson(tx, person, message, `${message.template}:${change.statusChangeId}`);
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: AUDIT_ACTION[event],
      target: { type: 'ENROLMENT', id: enrolment.id },
      personId: enrolment.personId,
      before: { status: enrolment.status },
      after: { status: change.to, reason, emailed },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { status: change.to };
  });
}

/** The person's worksites for the welcome package: every membership that has not ended. */
async function welcomeWorksites(tx: Tx, personId: string) {
  const memberships = await tx.membership.findMany({
    where: { personId, status: { notIn: ['ENDED', 'DECLINED'] } },
    include: { worksite: { select: { operatingName: true, worksiteCode: true, city: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return memberships.map((m) => ({ ...m.worksite, membershipStatus: m.status }));
}

export function approveEnrolment(staff: StaffCaller, input: EnrolmentDecisionInput, ctx: Ctx) {
  return decide(staff, 'APPROVE', input, ctx, async (tx, { person, reason }) => {
    // First approval sets up the person's access: their viewer username goes in the welcome package.
    const viewer = await issueViewerAccount(tx, person, { type: 'STAFF', personId: staff.id }, ctx);
    return welcomePackageEmail({ name: displayName(person), worksites: await welcomeWorksites(tx, person.id), note: reason, viewerUsername: viewer.username });
  });
}

export function declineEnrolment(staff: StaffCaller, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decide(staff, 'DECLINE', input, ctx, async (_tx, { person, reason }) =>
    enrolmentDeclinedEmail({ name: displayName(person), reason: reason! }),
  );
}

export function requestEnrolmentChanges(staff: StaffCaller, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decide(staff, 'REQUEST_CHANGES', input, ctx, async (_tx, { person, reason }) =>
    enrolmentChangesRequestedEmail({ name: displayName(person), reason: reason! }),
  );
}

export function suspendEnrolment(staff: StaffCaller, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decide(staff, 'SUSPEND', input, ctx, async (_tx, { person, reason }) =>
    enrolmentSuspendedEmail({ name: displayName(person), reason: reason! }),
  );
}

export function reinstateEnrolment(staff: StaffCaller, input: EnrolmentDecisionInput, ctx: Ctx) {
  return decide(staff, 'REINSTATE', input, ctx, async (_tx, { person, reason }) =>
    enrolmentReinstatedEmail({ name: displayName(person), note: reason }),
  );
}

// ───────────────────────── Profession change requests (SPEC §3) ─────────────────────────

const requestNotFound = () => new DomainError('NOT_FOUND', 'We could not find that profession change request.');

/** Locks the request's enrolment (queuing decisions on one person), then checks who decides. */
async function loadRequest(tx: Tx, staff: StaffCaller, requestId: string) {
  const request = await tx.professionChangeRequest.findUnique({ where: { id: requestId } });
  if (!request) throw requestNotFound();
  const enrolment = await lockEnrolmentOf(tx, request.personId);
  if (!enrolment) throw requestNotFound();
  if (request.personId === staff.id) throw new DomainError('FORBIDDEN', OWN_ENROLMENT_MESSAGE);
  return { request, enrolment };
}

/** A guarded update of the request: the second of two concurrent decisions finds no row. */
async function closeRequest(
  tx: Tx,
  requestId: string,
  staff: StaffCaller,
  status: 'APPLIED' | 'DECLINED',
  reason: string | null,
  now: Date,
) {
  const r = await tx.professionChangeRequest.updateMany({
    where: { id: requestId, status: 'REQUESTED' },
    data: { status, decisionReason: reason, decidedById: staff.id, decidedAt: now },
  });
  if (r.count === 1) return;
  const done = await tx.professionChangeRequest.findUniqueOrThrow({ where: { id: requestId } });
  const who = done.decidedById ? await tx.person.findUnique({ where: { id: done.decidedById } }) : null;
  const when = done.decidedAt ? `${done.decidedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'an earlier time';
  throw new DomainError(
    'ALREADY_DECIDED',
    `This was already decided by ${who ? displayName(who) : 'someone else'}, at ${when}. Reload the page to see where it stands.`,
  );
}

/** The team checked the new licence with the college: the enrolment takes the new profession. */
export async function applyProfessionChange(staff: StaffCaller, input: ApplyProfessionChangeInput, ctx: Ctx) {
  staffActor(staff, ['ENROLMENT_TEAM']);
  return db().$transaction(async (tx) => {
    const { request, enrolment } = await loadRequest(tx, staff, input.requestId);
    const now = clock.now();
    const note = input.reason?.trim() || null;
    await closeRequest(tx, request.id, staff, 'APPLIED', note, now);
    const to = {
      profession: request.toProfession,
      college: request.college,
      licenceNumber: request.licenceNumber,
      // Fields the new profession does not use are cleared, so the record never mixes two.
      jobTitle: needsJobTitle(request.toProfession) ? enrolment.jobTitle : null,
      residencyStart: needsResidencyDates(request.toProfession) ? enrolment.residencyStart : null,
      residencyEnd: needsResidencyDates(request.toProfession) ? enrolment.residencyEnd : null,
    };
    await tx.enrolment.update({ where: { id: enrolment.id }, data: to });
    const person = await tx.person.findUniqueOrThrow({ where: { id: request.personId } });
    const emailed = await emailPerson(
      tx,
      person,
      professionChangeAppliedEmail({ name: displayName(person), to, note }),
      `enrolment.profession-change-applied:${request.id}`,
    );
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'enrolment.profession_change_applied',
      target: { type: 'PROFESSION_CHANGE_REQUEST', id: request.id },
      personId: request.personId,
      before: { profession: enrolment.profession, college: enrolment.college, licenceNumber: enrolment.licenceNumber },
      after: { profession: to.profession, college: to.college, licenceNumber: to.licenceNumber, enrolmentId: enrolment.id, note, emailed },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { status: 'APPLIED' as const };
  });
}

export async function declineProfessionChange(staff: StaffCaller, input: DeclineProfessionChangeValues, ctx: Ctx) {
  staffActor(staff, ['ENROLMENT_TEAM']);
  const reason = input.reason?.trim();
  if (!reason) throw new DomainError('VALIDATION', 'Give a reason.', { reason: 'Give a reason; the person will read it.' });
  return db().$transaction(async (tx) => {
    const { request, enrolment } = await loadRequest(tx, staff, input.requestId);
    await closeRequest(tx, request.id, staff, 'DECLINED', reason, clock.now());
    const person = await tx.person.findUniqueOrThrow({ where: { id: request.personId } });
    const emailed = await emailPerson(
      tx,
      person,
      professionChangeDeclinedEmail({
        name: displayName(person),
        requested: { profession: request.toProfession, college: request.college, licenceNumber: request.licenceNumber },
        reason,
      }),
      `enrolment.profession-change-declined:${request.id}`,
    );
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'enrolment.profession_change_declined',
      target: { type: 'PROFESSION_CHANGE_REQUEST', id: request.id },
      personId: request.personId,
      after: { status: 'DECLINED', reason, enrolmentId: enrolment.id, emailed },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { status: 'DECLINED' as const };
  });
}
