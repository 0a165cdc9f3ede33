import 'server-only';
import type { ChangeRequestStatus, Enrolment, EnrolmentStatus, Person, ProfessionChangeRequest, StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { displayName } from '@/lib/names';
import { can, staffRolesFor, type Capability } from '../authz/policy';
import type { Tx } from '../db';
import { decide, lockById, type DecisionContext as Ctx, type StaffCaller, type Step } from '../decisions';
import {
  enrolmentChangesRequestedEmail,
  enrolmentDeclinedEmail,
  enrolmentReinstatedEmail,
  enrolmentSuspendedEmail,
  professionChangeAppliedEmail,
  professionChangeDeclinedEmail,
  welcomePackageEmail,
  type PersonEmail,
} from '../email/templates/enrolment-decisions';
import { recipientOf } from '../notify';
import { issueViewerAccount } from '../viewer-accounts/service';
import { needsJobTitle, needsResidencyDates } from '../professions/rules';
import { ENROLMENT_REASON_REQUIRED, enrolmentTransition, type EnrolmentActor, type EnrolmentEvent } from './rules';
import { addEnrolmentHistory, lastEnrolmentDecision, lockEnrolmentOf, updateEnrolmentStatus } from './status';
import type {
  ApplyProfessionChangeInput,
  DeclineProfessionChangeValues,
  EnrolmentDecision,
  EnrolmentDecisionInput,
  ReasonedEnrolmentDecisionValues,
} from './team-schema';

// The enrolment team's decisions on a person's enrolment (SPEC §7 "Review", §10). Each runs in
// one transaction: lock the enrolment row, check who decides, change the status through the
// state machine (which refuses a stale page), audit, and email the person — all or nothing.

export type { StaffCaller };

type TeamEvent = Extract<EnrolmentEvent, 'APPROVE' | 'DECLINE' | 'REQUEST_CHANGES' | 'SUSPEND' | 'REINSTATE'>;

export const DECISION_EVENT: Record<EnrolmentDecision, TeamEvent> = {
  approve: 'APPROVE',
  requestChanges: 'REQUEST_CHANGES',
  decline: 'DECLINE',
  suspend: 'SUSPEND',
  reinstate: 'REINSTATE',
};

// Who may decide: the policy table's capability, checked by the action, by decide() (defence in
// depth) and by the state machine.
const CAPABILITY: Record<TeamEvent, Capability> = {
  APPROVE: 'enrolment.decide',
  DECLINE: 'enrolment.decide',
  REQUEST_CHANGES: 'enrolment.decide',
  SUSPEND: 'enrolment.suspend',
  REINSTATE: 'enrolment.suspend',
};

export const decisionRoles = (event: TeamEvent): StaffRoleKind[] => staffRolesFor(CAPABILITY[event]);

const AUDIT_ACTION: Record<TeamEvent, string> = {
  APPROVE: 'enrolment.approved',
  DECLINE: 'enrolment.declined',
  REQUEST_CHANGES: 'enrolment.changes_requested',
  SUSPEND: 'enrolment.suspended',
  REINSTATE: 'enrolment.reinstated',
};

export const OWN_ENROLMENT_MESSAGE = 'You cannot decide on your own enrolment.';
const ENROLMENT_NOT_FOUND = 'We could not find that enrolment.';

/** How the state machine sees the staff member (after the policy table let them decide). */
function actorOf(staff: StaffCaller, capability: Capability): EnrolmentActor {
  return staff.staffRoles.includes('ENROLMENT_TEAM') && staffRolesFor(capability).includes('ENROLMENT_TEAM') ? 'ENROLMENT_TEAM' : 'AUDITOR';
}

/** The decisions this staff member could take on the enrolment now (the page shows only those). */
export function availableDecisions(staff: StaffCaller, enrolment: Pick<Enrolment, 'status' | 'personId'>): EnrolmentDecision[] {
  if (enrolment.personId === staff.id) return [];
  return (Object.keys(DECISION_EVENT) as EnrolmentDecision[]).filter((d) => {
    const event = DECISION_EVENT[d];
    if (!can(staff, CAPABILITY[event])) return false;
    return enrolmentTransition(enrolment.status, event, actorOf(staff, CAPABILITY[event])).ok;
  });
}

type Decided = { enrolment: Enrolment; person: Person; to: EnrolmentStatus; reason: string | null };
type Loaded = Enrolment & { person: Person };

/** One team decision on an enrolment, declared for decide(); `email` builds what the person reads. */
async function decideEnrolment(
  staff: StaffCaller,
  event: TeamEvent,
  input: { enrolmentId: string; expectedStatus: EnrolmentStatus; reason?: string },
  ctx: Ctx,
  email: (tx: Tx, d: Decided) => Promise<PersonEmail>,
): Promise<{ status: EnrolmentStatus }> {
  const capability = CAPABILITY[event];
  let message: PersonEmail | undefined;
  const d = await decide<Loaded, EnrolmentStatus, Record<string, never>>(
    staff,
    {
      capability,
      reason: {
        value: input.reason,
        required: ENROLMENT_REASON_REQUIRED.has(event) ? 'Give a reason; the person will read it.' : undefined,
        formError: 'Give a reason.',
      },
      async load(tx) {
        await lockById(tx, 'Enrolment', input.enrolmentId, ENROLMENT_NOT_FOUND);
        return tx.enrolment.findUniqueOrThrow({ where: { id: input.enrolmentId }, include: { person: true } });
      },
      // Nobody reviews themselves.
      parties: (e) => ({ personId: e.personId }),
      conflict: { ownRecord: OWN_ENROLMENT_MESSAGE },
      status: (e) => e.status,
      expectedStatus: input.expectedStatus,
      transition: (e) => enrolmentTransition(e.status, event, actorOf(staff, capability)),
      update: (tx, e, to, { now, actorId }) => updateEnrolmentStatus(tx, e, event, to, { now, actorId }),
      history: async (tx, e, to, step) => (await addEnrolmentHistory(tx, e, to, step)).id,
      lastDecision: (tx, e) => lastEnrolmentDecision(tx, e.id),
      async then(tx, { record, to, reason }) {
        const { person, ...enrolment } = record;
        message = await email(tx, { enrolment, person, to, reason });
        return {};
      },
      notify: async (_tx, { record, historyId }) => [{ to: recipientOf(record.person), email: message!, dedupeKey: `${message!.template}:${historyId}` }],
      audit: ({ record, from, to, reason }, emailed) => ({
        action: AUDIT_ACTION[event],
        target: { type: 'ENROLMENT', id: record.id },
        personId: record.personId,
        before: { status: from },
        after: { status: to, reason, emailed: emailed > 0 },
      }),
    },
    ctx,
  );
  return { status: d.to };
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
  return decideEnrolment(staff, 'APPROVE', input, ctx, async (tx, { person, reason }) => {
    // First approval sets up the person's access: their viewer username goes in the welcome package.
    const viewer = await issueViewerAccount(tx, person, { type: 'STAFF', personId: staff.id }, ctx);
    return welcomePackageEmail({ name: displayName(person), worksites: await welcomeWorksites(tx, person.id), note: reason, viewerUsername: viewer.username });
  });
}

export function declineEnrolment(staff: StaffCaller, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decideEnrolment(staff, 'DECLINE', input, ctx, async (_tx, { person, reason }) =>
    enrolmentDeclinedEmail({ name: displayName(person), reason: reason! }),
  );
}

export function requestEnrolmentChanges(staff: StaffCaller, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decideEnrolment(staff, 'REQUEST_CHANGES', input, ctx, async (_tx, { person, reason }) =>
    enrolmentChangesRequestedEmail({ name: displayName(person), reason: reason! }),
  );
}

export function suspendEnrolment(staff: StaffCaller, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decideEnrolment(staff, 'SUSPEND', input, ctx, async (_tx, { person, reason }) =>
    enrolmentSuspendedEmail({ name: displayName(person), reason: reason! }),
  );
}

export function reinstateEnrolment(staff: StaffCaller, input: EnrolmentDecisionInput, ctx: Ctx) {
  return decideEnrolment(staff, 'REINSTATE', input, ctx, async (_tx, { person, reason }) =>
    enrolmentReinstatedEmail({ name: displayName(person), note: reason }),
  );
}

// ───────────────────────── Profession change requests (SPEC §3) ─────────────────────────

const requestNotFound = () => new DomainError('NOT_FOUND', 'We could not find that profession change request.');

type Change = ProfessionChangeRequest & { enrolment: Enrolment; person: Person };

/** What both decisions on a profession change request share: REQUESTED → `to`. */
function professionChangeDecision(input: { requestId: string }, to: 'APPLIED' | 'DECLINED') {
  return {
    capability: 'professionChange.decide' as const,
    /** Locks the request's enrolment, so decisions on one person queue up. */
    async load(tx: Tx): Promise<Change> {
      const request = isUuid(input.requestId)
        ? await tx.professionChangeRequest.findUnique({ where: { id: input.requestId }, include: { person: true } })
        : null;
      if (!request) throw requestNotFound();
      const enrolment = await lockEnrolmentOf(tx, request.personId);
      if (!enrolment) throw requestNotFound();
      return { ...(await tx.professionChangeRequest.findUniqueOrThrow({ where: { id: request.id } })), person: request.person, enrolment };
    },
    parties: (r: Change) => ({ personId: r.personId }),
    conflict: { ownRecord: OWN_ENROLMENT_MESSAGE },
    status: (r: Change) => r.status,
    transition: (r: Change) => (r.status === 'REQUESTED' ? { ok: true as const, to } : null),
    // A guarded update of the request: the second of two concurrent decisions finds no row.
    update: async (tx: Tx, r: Change, status: ChangeRequestStatus, { now, reason, actorId }: Step) =>
      (
        await tx.professionChangeRequest.updateMany({
          where: { id: r.id, status: 'REQUESTED' },
          data: { status, decisionReason: reason, decidedById: actorId, decidedAt: now },
        })
      ).count,
    async lastDecision(tx: Tx, r: Change) {
      const done = await tx.professionChangeRequest.findUniqueOrThrow({ where: { id: r.id } });
      return { actorId: done.decidedById, at: done.decidedAt };
    },
  };
}

/** The team checked the new licence with the college: the enrolment takes the new profession. */
export async function applyProfessionChange(staff: StaffCaller, input: ApplyProfessionChangeInput, ctx: Ctx) {
  await decide(
    staff,
    {
      ...professionChangeDecision(input, 'APPLIED'),
      reason: { value: input.reason },
      async then(tx, { record: r }) {
        await tx.enrolment.update({ where: { id: r.enrolment.id }, data: newProfession(r) });
        return {};
      },
      notify: async (_tx, { record: r, reason }) => [
        {
          to: recipientOf(r.person),
          email: professionChangeAppliedEmail({ name: displayName(r.person), to: newProfession(r), note: reason }),
          dedupeKey: `enrolment.profession-change-applied:${r.id}`,
        },
      ],
      audit: ({ record: r, reason }, emailed) => {
        const to = newProfession(r);
        return {
          action: 'enrolment.profession_change_applied',
          target: { type: 'PROFESSION_CHANGE_REQUEST', id: r.id },
          personId: r.personId,
          before: { profession: r.enrolment.profession, college: r.enrolment.college, licenceNumber: r.enrolment.licenceNumber },
          after: { profession: to.profession, college: to.college, licenceNumber: to.licenceNumber, enrolmentId: r.enrolment.id, note: reason, emailed: emailed > 0 },
        };
      },
    },
    ctx,
  );
  return { status: 'APPLIED' as const };
}

/** The enrolment as the new profession has it: fields it does not use are cleared, so the record never mixes two. */
function newProfession(r: Change) {
  return {
    profession: r.toProfession,
    college: r.college,
    licenceNumber: r.licenceNumber,
    jobTitle: needsJobTitle(r.toProfession) ? r.enrolment.jobTitle : null,
    residencyStart: needsResidencyDates(r.toProfession) ? r.enrolment.residencyStart : null,
    residencyEnd: needsResidencyDates(r.toProfession) ? r.enrolment.residencyEnd : null,
  };
}

export async function declineProfessionChange(staff: StaffCaller, input: DeclineProfessionChangeValues, ctx: Ctx) {
  await decide(
    staff,
    {
      ...professionChangeDecision(input, 'DECLINED'),
      reason: { value: input.reason, required: 'Give a reason; the person will read it.', formError: 'Give a reason.' },
      notify: async (_tx, { record: r, reason }) => [
        {
          to: recipientOf(r.person),
          email: professionChangeDeclinedEmail({
            name: displayName(r.person),
            requested: { profession: r.toProfession, college: r.college, licenceNumber: r.licenceNumber },
            reason: reason!,
          }),
          dedupeKey: `enrolment.profession-change-declined:${r.id}`,
        },
      ],
      audit: ({ record: r, reason }, emailed) => ({
        action: 'enrolment.profession_change_declined',
        target: { type: 'PROFESSION_CHANGE_REQUEST', id: r.id },
        personId: r.personId,
        after: { status: 'DECLINED', reason, enrolmentId: r.enrolment.id, emailed: emailed > 0 },
      }),
    },
    ctx,
  );
  return { status: 'DECLINED' as const };
}
