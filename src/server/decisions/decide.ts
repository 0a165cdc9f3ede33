import 'server-only';
import type { MembershipStatus, RecordType } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { reasonProblem, type Reader } from '@/lib/decision-reason';
import { DomainError } from '@/lib/errors';
import { auditRow, type AuditInput } from '../audit';
import type { Capability } from '../authz/policy';
import { db, type Tx } from '../db';
import { noticeEmails, type Notice } from '../notify';
import { uuid7 } from '../notes/ids';
import { outboxRow } from '../outbox/enqueue';
import { alreadyDecidedError, type LastDecision } from './already-decided';
import { requireDecider, type DecisionContext, type StaffCaller } from './caller';
import { conflictOf, OWN_WORKSITE_MESSAGE, refuseConflictOfInterest, type ConflictMessages, type Parties } from './conflict';
import { writeDecision, type GuardedUpdate, type RowWrite, type Written } from './write';

/** The caller, with the memberships read with the viewer when the action has them (the
 * conflict-of-interest check then reads nothing). */
export type DecidingStaff = StaffCaller & { memberships?: readonly { worksiteId: string; status: MembershipStatus }[] };

// The team's decisions, one way (decision 030): each domain declares what its decision is; this
// runs the steps in one transaction, so the change, its history, audit and emails commit together.

export type Transition<S> = { ok: true; to: S } | { ok: false; reason: string };

/** What the steps after the guarded update know. */
export type Decided<R, S, X = object> = {
  record: R;
  from: S;
  to: S;
  reason: string | null;
  now: Date;
  /** The history row written for this decision, when the domain keeps one (dedupe keys use it). */
  historyId: string | null;
  extra: X;
};

/** What the write steps know: when, why, and who decides. */
export type Step = { now: Date; reason: string | null; actorId: string };

export type DecisionSpec<R, S extends string, X extends Record<string, unknown>> = {
  /** The policy-table capability that decides (src/server/authz/policy.ts). */
  capability: Capability;
  /** The reason people read; `requiredFor` names who reads it when it is required. The rule is
   * src/lib/decision-reason.ts, which the forms' schemas use too. */
  reason?: { value?: string | null; requiredFor?: Reader; formError?: string };
  /** Lock the record and read it with everything the decision needs (checks, emails): the
   * decision reads nothing else on its way to success. */
  load(tx: Tx): Promise<R>;
  /** Whose record it is and where, for the conflict-of-interest check. */
  parties(r: R): Parties;
  conflict?: ConflictMessages;
  status(r: R): S;
  /** The status the person saw; anything else now means someone decided first. (Omitted by
   * decisions whose form does not carry it: the transition then says whether it still applies.) */
  expectedStatus?: S;
  /** The domain's pure rule (rules.ts): where this decision takes the record; null when the
   * record is already past this decision (answered like a lost race). */
  transition(r: R): Transition<S> | null;
  /** Preconditions on what `load` read (eligibility, sponsors…). */
  check?(tx: Tx, r: R, to: S): Promise<void> | void;
  /** The guarded update (`id` still in the status read): written with the rows below, or not at all. */
  update(r: R, to: S, d: Step): GuardedUpdate;
  /** The append-only history row, when the domain keeps one (the kernel gives it its id). */
  history?(r: R, to: S, d: Step): RowWrite;
  /** Who decided last and when, for "already decided by … at …" (it may throw a better answer). */
  lastDecision(tx: Tx, r: R): Promise<LastDecision>;
  /** What the decision changes beyond its record (ended memberships, invitations…), from what
   * `load` read: merged into the audit's after, and rows written in the decision's one statement
   * (row triggers fire at its end, so they see the new status). */
  effects?(d: Decided<R, S>): { extra: X; rows: RowWrite[] };
  /** More rows written with the decision (a viewer account…). */
  rows?(d: Decided<R, S, X>): RowWrite[];
  /** Looks at what was written; may ask for the whole decision to run again (RetryDecision). */
  written?(w: Written): void;
  /** The emails this decision sends (templates are pure; recipients from what `load` read). */
  notify(d: Decided<R, S, X>): Promise<Notice[]> | Notice[];
  audit(d: Decided<R, S, X>, emailed: number): {
    action: string;
    target: { type: RecordType; id: string };
    worksiteId?: string | null;
    personId?: string | null;
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
  };
};

/** Thrown by `written` when a concurrent decision took something this one meant to write (a
 * username): the transaction rolls back and the decision runs again, reading afresh. */
export class RetryDecision extends Error {}
// Each round, at least one of the contenders wins; enough for a burst of approvals of one name.
const ATTEMPTS = 10;

function requireReason(spec: DecisionSpec<unknown, string, Record<string, unknown>>['reason']): string | null {
  const reason = spec?.value?.trim() || null;
  const problem = spec?.requiredFor ? reasonProblem(spec.requiredFor, reason) : null;
  if (problem) throw new DomainError('VALIDATION', spec?.formError ?? 'Please correct the highlighted fields.', { reason: problem });
  return reason;
}

// Rows carry the decision's time, as Prisma's now() defaults would (the database clock is not the app's).
export const stampedAudit = (now: Date, e: AuditInput) => ({ occurredAt: now, ...auditRow(e) });

/** The outbox rows of the notices: each once per dedupe key. */
export const outboxRows = (notices: readonly Notice[], now: Date): RowWrite[] =>
  noticeEmails(notices).map((e) => ({
    table: 'OutboxEmail',
    data: { id: uuid7(now), createdAt: now, updatedAt: now, nextAttemptAt: now, ...outboxRow(e) },
    skipDuplicates: true,
  }));

/**
 * Runs one staff decision: role (policy table), then in one transaction: lock and read,
 * conflict of interest, expected status, transition by the rules, then one statement for the
 * guarded update with its history, effects, emails and audit. A stale page or a lost race
 * answers "already decided by … at …".
 */
export async function decide<R, S extends string, X extends Record<string, unknown> = Record<string, never>>(
  staff: DecidingStaff,
  spec: DecisionSpec<R, S, X>,
  ctx: DecisionContext,
): Promise<Decided<R, S, X> & { emailed: number }> {
  requireDecider(staff, spec.capability);
  const reason = requireReason(spec.reason);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db().$transaction((tx) => decideIn(tx, staff, spec, reason, ctx));
    } catch (e) {
      if (!(e instanceof RetryDecision) || attempt >= ATTEMPTS) throw e;
    }
  }
}

async function decideIn<R, S extends string, X extends Record<string, unknown>>(
  tx: Tx,
  staff: DecidingStaff,
  spec: DecisionSpec<R, S, X>,
  reason: string | null,
  ctx: DecisionContext,
): Promise<Decided<R, S, X> & { emailed: number }> {
  const record = await spec.load(tx);
  await refuseConflict(tx, staff, spec.parties(record), spec.conflict);
  const from = spec.status(record);
  const stale = async () => alreadyDecidedError(tx, await spec.lastDecision(tx, record));
  if (spec.expectedStatus !== undefined && from !== spec.expectedStatus) throw await stale();
  const t = spec.transition(record);
  if (!t) throw await stale();
  if (!t.ok) throw new DomainError('INVALID_TRANSITION', t.reason);
  await spec.check?.(tx, record, t.to);
  const now = clock.now();
  const step = { now, reason, actorId: staff.id };
  // Every table a decision writes keeps its updatedAt (Prisma's @updatedAt, set here by hand).
  const u = spec.update(record, t.to, step);
  const update = { ...u, set: { updatedAt: now, ...u.set } };
  const history = spec.history?.(record, t.to, step);
  const historyRow = history ? { ...history, data: { id: uuid7(now), createdAt: now, ...history.data } } : null;
  const base = { record, from, to: t.to, reason, now, historyId: (historyRow?.data.id as string | undefined) ?? null };
  const effects = spec.effects?.({ ...base, extra: {} });
  const decided = { ...base, extra: (effects?.extra ?? {}) as X };
  const outbox = outboxRows(await spec.notify(decided), now);
  const a = spec.audit(decided, outbox.length);
  const auditEvent = { table: 'AuditEvent', data: stampedAudit(now, { actor: { type: 'STAFF', personId: staff.id }, ...a, requestId: ctx.requestId, ip: ctx.ip }) };
  const more = (spec.rows?.(decided) ?? []).map((r) => (r.updateId ? { ...r, data: { updatedAt: now, ...r.data } } : r));
  const rows = [...(historyRow ? [historyRow] : []), ...(effects?.rows ?? []), ...more, ...outbox, auditEvent];
  const w = await writeDecision(tx, update, rows);
  if (w.updated !== 1) throw await stale();
  spec.written?.(w);
  return { ...decided, emailed: outbox.length };
}

/** Separation of duties: from the memberships read with the viewer when the caller has them. */
async function refuseConflict(tx: Tx, staff: DecidingStaff, parties: Parties, messages?: ConflictMessages) {
  if (!staff.memberships) return refuseConflictOfInterest(tx, staff.id, parties, messages);
  const member = !!parties.worksiteId && staff.memberships.some((m) => m.worksiteId === parties.worksiteId && !PAST.includes(m.status));
  const c = conflictOf(staff.id, parties, member);
  if (c === 'OWN_RECORD') throw new DomainError('FORBIDDEN', messages?.ownRecord ?? 'You cannot decide on your own record.');
  if (c === 'OWN_WORKSITE') throw new DomainError('FORBIDDEN', messages?.ownWorksite ?? OWN_WORKSITE_MESSAGE);
}
const PAST: readonly MembershipStatus[] = ['ENDED', 'DECLINED'];
