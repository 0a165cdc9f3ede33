import 'server-only';
import type { RecordType } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import type { Capability } from '../authz/policy';
import { db, type Tx } from '../db';
import { enqueueNotices, type Notice } from '../notify';
import { alreadyDecidedError, type LastDecision } from './already-decided';
import { requireDecider, type DecisionContext, type StaffCaller } from './caller';
import { refuseConflictOfInterest, type ConflictMessages, type Parties } from './conflict';

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
  /** The reason people read; `required` is the message next to the field when it is missing. */
  reason?: { value?: string | null; required?: string; formError?: string; minLength?: number };
  /** Lock the record (lockById, or the domain's lock) and read it with what the decision needs. */
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
  /** Preconditions that read other rows under the lock (eligibility, sponsors…). */
  check?(tx: Tx, r: R, to: S): Promise<void>;
  /** The guarded update (`where: { id, status: from }`): the number of rows it wrote. */
  update(tx: Tx, r: R, to: S, d: Step): Promise<number>;
  /** The append-only history row, when the domain keeps one; returns its id. */
  history?(tx: Tx, r: R, to: S, d: Step): Promise<string>;
  /** Who decided last and when, for "already decided by … at …" (it may throw a better answer). */
  lastDecision(tx: Tx, r: R): Promise<LastDecision>;
  /** Effects of the new state (invitations, ended memberships…); merged into the audit's after. */
  then?(tx: Tx, d: Decided<R, S>): Promise<X>;
  /** The emails this decision sends (templates are pure; recipients from src/server/notify). */
  notify(tx: Tx, d: Decided<R, S, X>): Promise<Notice[]>;
  audit(d: Decided<R, S, X>, emailed: number): {
    action: string;
    target: { type: RecordType; id: string };
    worksiteId?: string | null;
    personId?: string | null;
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
  };
};

function requireReason(spec: DecisionSpec<unknown, string, Record<string, unknown>>['reason']): string | null {
  const reason = spec?.value?.trim() || null;
  if (spec?.required && (!reason || reason.length < (spec.minLength ?? 1)))
    throw new DomainError('VALIDATION', spec.formError ?? 'Please correct the highlighted fields.', { reason: spec.required });
  return reason;
}

/**
 * Runs one staff decision: role (policy table), then in one transaction: lock, conflict of
 * interest, expected status, transition by the rules, guarded update, history, effects, emails,
 * audit. A stale page or a lost race answers "already decided by … at …".
 */
export async function decide<R, S extends string, X extends Record<string, unknown> = Record<string, never>>(
  staff: StaffCaller,
  spec: DecisionSpec<R, S, X>,
  ctx: DecisionContext,
): Promise<Decided<R, S, X> & { emailed: number }> {
  requireDecider(staff, spec.capability);
  const reason = requireReason(spec.reason);
  return db().$transaction(async (tx) => {
    const record = await spec.load(tx);
    await refuseConflictOfInterest(tx, staff.id, spec.parties(record), spec.conflict);
    const from = spec.status(record);
    const stale = async () => alreadyDecidedError(tx, await spec.lastDecision(tx, record));
    if (spec.expectedStatus !== undefined && from !== spec.expectedStatus) throw await stale();
    const t = spec.transition(record);
    if (!t) throw await stale();
    if (!t.ok) throw new DomainError('INVALID_TRANSITION', t.reason);
    await spec.check?.(tx, record, t.to);
    const now = clock.now();
    const step = { now, reason, actorId: staff.id };
    if ((await spec.update(tx, record, t.to, step)) !== 1) throw await stale();
    const historyId = (await spec.history?.(tx, record, t.to, step)) ?? null;
    const base = { record, from, to: t.to, reason, now, historyId };
    const extra = ((await spec.then?.(tx, { ...base, extra: {} })) ?? {}) as X;
    const decided = { ...base, extra };
    const emailed = await enqueueNotices(tx, await spec.notify(tx, decided));
    const a = spec.audit(decided, emailed);
    await audit(tx, { actor: { type: 'STAFF', personId: staff.id }, ...a, requestId: ctx.requestId, ip: ctx.ip });
    return { ...decided, emailed };
  });
}
