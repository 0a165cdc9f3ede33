import 'server-only';
import type { ChangeRequestStatus, Enrolment, EnrolmentStatus, MembershipStatus, Person, ProfessionChangeRequest, StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { displayName } from '@/lib/names';
import { can, staffRolesFor, type Capability } from '../authz/policy';
import type { Tx } from '../db';
import { decide, RetryDecision, stampedAudit, type DecidingStaff, type DecisionContext as Ctx, type RowWrite, type StaffCaller, type Step } from '../decisions';
import {
  enrolmentChangesRequestedEmail,
  enrolmentDeclinedEmail,
  enrolmentReinstatedEmail,
  enrolmentSuspendedEmail,
  professionChangeAppliedEmail,
  professionChangeDeclinedEmail,
  welcomePackageEmail,
} from '../email/templates/enrolment-decisions';
import { uuid7 } from '../notes/ids';
import { recipientOf, type Email } from '../notify';
import { pickUsername, usernameBase } from '../viewer-accounts/rules';
import { needsJobTitle, needsResidencyDates } from '../professions/rules';
import { ENROLMENT_REASON_REQUIRED, enrolmentTransition, type EnrolmentActor, type EnrolmentEvent } from './rules';
import { enrolmentHistoryData, enrolmentStatusSet, lastEnrolmentDecision } from './status';
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

type PersonFacts = Pick<Person, 'id' | 'legalGivenName' | 'legalFamilyName' | 'preferredGivenName' | 'preferredFamilyName' | 'contactEmail' | 'idpEmail'>;
type WelcomeWorksite = { operatingName: string; worksiteCode: string; city: string; membershipStatus: MembershipStatus };
/** The enrolment as a decision reads it, locked, in one statement. */
type Loaded = Pick<Enrolment, 'id' | 'status' | 'personId' | 'professionLockedAt'> & {
  person: PersonFacts;
  /** The person's viewer username, when they have one. */
  viewerUsername: string | null;
  /** Their worksites for the welcome package: every membership that has not ended. */
  worksites: WelcomeWorksite[];
  /** Usernames already taken with this person's base (read only when approving issues one). */
  taken: string[];
};
type Decided = { person: PersonFacts; worksites: WelcomeWorksite[]; viewerUsername: string | null; reason: string | null };

async function loadEnrolment(tx: Tx, enrolmentId: string, issuesUsername: boolean): Promise<Loaded> {
  if (!isUuid(enrolmentId)) throw new DomainError('NOT_FOUND', ENROLMENT_NOT_FOUND);
  const [e] = await tx.$queryRaw<Omit<Loaded, 'taken'>[]>`
    SELECT e.id, e.status::text AS status, e."personId", e."professionLockedAt",
           json_build_object('id', p.id, 'legalGivenName', p."legalGivenName", 'legalFamilyName', p."legalFamilyName",
             'preferredGivenName', p."preferredGivenName", 'preferredFamilyName', p."preferredFamilyName",
             'contactEmail', p."contactEmail", 'idpEmail', p."idpEmail") AS person,
           va.username AS "viewerUsername",
           COALESCE((SELECT json_agg(json_build_object('operatingName', w."operatingName", 'worksiteCode', w."worksiteCode",
                       'city', w.city, 'membershipStatus', m.status) ORDER BY m."createdAt", m.id)
                     FROM "Membership" m JOIN "Worksite" w ON w.id = m."worksiteId"
                     WHERE m."personId" = e."personId" AND m.status NOT IN ('ENDED', 'DECLINED')), '[]'::json) AS worksites
      FROM "Enrolment" e JOIN "Person" p ON p.id = e."personId" LEFT JOIN "ViewerAccount" va ON va."personId" = p.id
     WHERE e.id = ${enrolmentId}::uuid
       FOR UPDATE OF e`;
  if (!e) throw new DomainError('NOT_FOUND', ENROLMENT_NOT_FOUND);
  if (!issuesUsername || e.viewerUsername) return { ...e, taken: [] };
  const base = baseOf(e.person);
  const taken = await tx.viewerAccount.findMany({ where: { username: { startsWith: base } }, select: { username: true } });
  return { ...e, taken: taken.map((t) => t.username) };
}

const baseOf = (p: PersonFacts) =>
  usernameBase(p.preferredGivenName?.trim() || p.legalGivenName, p.preferredFamilyName?.trim() || p.legalFamilyName);

/** First approval sets up the person's viewer account: its username goes in the welcome package. */
function viewerAccountRows(e: Loaded, username: string, staff: StaffCaller, ctx: Ctx, now: Date): RowWrite[] {
  const id = uuid7(now);
  return [
    { table: 'ViewerAccount', name: 'viewerAccount', skipDuplicates: true, data: { id, personId: e.personId, username, createdAt: now, updatedAt: now } },
    {
      table: 'AuditEvent',
      onlyIf: 'viewerAccount',
      data: stampedAudit(now, {
        actor: { type: 'STAFF', personId: staff.id },
        action: 'viewer_account.issued',
        target: { type: 'VIEWER_ACCOUNT', id },
        personId: e.personId,
        after: { username },
        requestId: ctx.requestId,
        ip: ctx.ip,
      }),
    },
  ];
}

/** One team decision on an enrolment, declared for decide(); `email` builds what the person reads. */
async function decideEnrolment(
  staff: DecidingStaff,
  event: TeamEvent,
  input: { enrolmentId: string; expectedStatus: EnrolmentStatus; reason?: string | null },
  ctx: Ctx,
  email: (d: Decided) => Email,
): Promise<{ id: string; personId: string; from: EnrolmentStatus; status: EnrolmentStatus; at: Date; reason: string | null }> {
  const capability = CAPABILITY[event];
  const issuesUsername = event === 'APPROVE';
  const newUsername = (e: Loaded) => (issuesUsername && !e.viewerUsername ? pickUsername(baseOf(e.person), new Set(e.taken)) : null);
  const d = await decide<Loaded, EnrolmentStatus, Record<string, never>>(
    staff,
    {
      capability,
      reason: {
        value: input.reason,
        requiredFor: ENROLMENT_REASON_REQUIRED.has(event) ? 'the person' : undefined,
        formError: 'Give a reason.',
      },
      load: (tx) => loadEnrolment(tx, input.enrolmentId, issuesUsername),
      // Nobody reviews themselves.
      parties: (e) => ({ personId: e.personId }),
      conflict: { ownRecord: OWN_ENROLMENT_MESSAGE },
      status: (e) => e.status,
      expectedStatus: input.expectedStatus,
      transition: (e) => enrolmentTransition(e.status, event, actorOf(staff, capability)),
      update: (e, to, { now, actorId }) => ({ table: 'Enrolment', id: e.id, status: e.status, set: enrolmentStatusSet(e, event, to, { now, actorId }) }),
      history: (e, to, step) => ({ table: 'EnrolmentStatusChange', data: enrolmentHistoryData(e, to, step) }),
      lastDecision: (tx, e) => lastEnrolmentDecision(tx, e.id),
      rows: ({ record: e, now }) => {
        const username = newUsername(e);
        return username ? viewerAccountRows(e, username, staff, ctx, now) : [];
      },
      // A concurrent approval took the username meanwhile: run again with the next free one.
      written: (w) => {
        if (w.inserted.viewerAccount === 0) throw new RetryDecision('viewer username taken meanwhile');
      },
      notify: ({ record: e, historyId, reason }) => {
        const message = email({ person: e.person, worksites: e.worksites, viewerUsername: e.viewerUsername ?? newUsername(e), reason });
        return [{ to: recipientOf(e.person), email: message, dedupeKey: `${message.template}:${historyId}` }];
      },
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
  return { id: d.record.id, personId: d.record.personId, from: d.from, status: d.to, at: d.now, reason: d.reason };
}

export function approveEnrolment(staff: DecidingStaff, input: EnrolmentDecisionInput, ctx: Ctx) {
  return decideEnrolment(staff, 'APPROVE', input, ctx, ({ person, worksites, reason, viewerUsername }) =>
    welcomePackageEmail({ name: displayName(person), worksites, note: reason, viewerUsername: viewerUsername! }),
  );
}

export function declineEnrolment(staff: DecidingStaff, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decideEnrolment(staff, 'DECLINE', input, ctx, ({ person, reason }) => enrolmentDeclinedEmail({ name: displayName(person), reason: reason! }));
}

export function requestEnrolmentChanges(staff: DecidingStaff, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decideEnrolment(staff, 'REQUEST_CHANGES', input, ctx, ({ person, reason }) =>
    enrolmentChangesRequestedEmail({ name: displayName(person), reason: reason! }),
  );
}

export function suspendEnrolment(staff: DecidingStaff, input: ReasonedEnrolmentDecisionValues, ctx: Ctx) {
  return decideEnrolment(staff, 'SUSPEND', input, ctx, ({ person, reason }) => enrolmentSuspendedEmail({ name: displayName(person), reason: reason! }));
}

export function reinstateEnrolment(staff: DecidingStaff, input: EnrolmentDecisionInput, ctx: Ctx) {
  return decideEnrolment(staff, 'REINSTATE', input, ctx, ({ person, reason }) => enrolmentReinstatedEmail({ name: displayName(person), note: reason }));
}

// ───────────────────────── Profession change requests (SPEC §3) ─────────────────────────

const requestNotFound = () => new DomainError('NOT_FOUND', 'We could not find that profession change request.');

type EnrolmentFacts = Pick<Enrolment, 'id' | 'profession' | 'college' | 'licenceNumber' | 'jobTitle' | 'residencyStart' | 'residencyEnd'>;
type Change = Pick<ProfessionChangeRequest, 'id' | 'personId' | 'status' | 'toProfession' | 'college' | 'licenceNumber' | 'decidedById' | 'decidedAt'> & {
  enrolment: EnrolmentFacts;
  person: PersonFacts;
};

/** The request with the person's enrolment locked (decisions on one person queue up), in one statement. */
async function loadChange(tx: Tx, requestId: string): Promise<Change> {
  if (!isUuid(requestId)) throw requestNotFound();
  const [r] = await tx.$queryRaw<Change[]>`
    SELECT r.id, r."personId", r.status::text AS status, r."toProfession"::text AS "toProfession", r.college, r."licenceNumber",
           r."decidedById", r."decidedAt",
           json_build_object('id', e.id, 'profession', e.profession, 'college', e.college, 'licenceNumber', e."licenceNumber",
             'jobTitle', e."jobTitle", 'residencyStart', e."residencyStart", 'residencyEnd', e."residencyEnd") AS enrolment,
           json_build_object('id', p.id, 'legalGivenName', p."legalGivenName", 'legalFamilyName', p."legalFamilyName",
             'preferredGivenName', p."preferredGivenName", 'preferredFamilyName', p."preferredFamilyName",
             'contactEmail', p."contactEmail", 'idpEmail', p."idpEmail") AS person
      FROM "ProfessionChangeRequest" r JOIN "Enrolment" e ON e."personId" = r."personId" JOIN "Person" p ON p.id = r."personId"
     WHERE r.id = ${requestId}::uuid
       FOR UPDATE OF e`;
  if (!r) throw requestNotFound();
  return r;
}

/** What both decisions on a profession change request share: REQUESTED → `to`. */
function professionChangeDecision(input: { requestId: string }, to: 'APPLIED' | 'DECLINED') {
  return {
    capability: 'professionChange.decide' as const,
    load: (tx: Tx) => loadChange(tx, input.requestId),
    parties: (r: Change) => ({ personId: r.personId }),
    conflict: { ownRecord: OWN_ENROLMENT_MESSAGE },
    status: (r: Change) => r.status,
    transition: (r: Change) => (r.status === 'REQUESTED' ? { ok: true as const, to } : null),
    // A guarded update of the request: the second of two concurrent decisions finds no row.
    update: (r: Change, status: ChangeRequestStatus, { now, reason, actorId }: Step) => ({
      table: 'ProfessionChangeRequest' as const,
      id: r.id,
      status: 'REQUESTED',
      set: { status, decisionReason: reason, decidedById: actorId, decidedAt: now },
    }),
    async lastDecision(tx: Tx, r: Change) {
      const done = await tx.professionChangeRequest.findUniqueOrThrow({ where: { id: r.id } });
      return { actorId: done.decidedById, at: done.decidedAt };
    },
  };
}

/** The team checked the new licence with the college: the enrolment takes the new profession. */
export async function applyProfessionChange(staff: DecidingStaff, input: ApplyProfessionChangeInput, ctx: Ctx) {
  const d = await decide(
    staff,
    {
      ...professionChangeDecision(input, 'APPLIED'),
      reason: { value: input.reason },
      rows: ({ record: r }) => [{ table: 'Enrolment', updateId: r.enrolment.id, data: newProfession(r) }],
      notify: ({ record: r, reason }) => [
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
  return { status: 'APPLIED' as const, at: d.now, reason: d.reason };
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

export async function declineProfessionChange(staff: DecidingStaff, input: DeclineProfessionChangeValues, ctx: Ctx) {
  const d = await decide(
    staff,
    {
      ...professionChangeDecision(input, 'DECLINED'),
      reason: { value: input.reason, requiredFor: 'the person', formError: 'Give a reason.' },
      notify: ({ record: r, reason }) => [
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
  return { status: 'DECLINED' as const, at: d.now, reason: d.reason };
}
