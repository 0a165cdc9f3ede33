import 'server-only';
import type { Enrolment, EnrolmentStatus } from '@/generated/prisma/client';
import { reasonProblem } from '@/lib/decision-reason';
import { DomainError } from '@/lib/errors';
import { alreadyDecidedError } from '../decisions';
import type { Tx } from '../db';
import { ENROLMENT_REASON_REQUIRED, enrolmentTransition, type EnrolmentActor, type EnrolmentEvent } from './rules';
import { clock } from '@/lib/clock';

/** Locks a person's enrolment row for the rest of the transaction (null when there is none). */
export async function lockEnrolmentOf(tx: Tx, personId: string): Promise<Enrolment | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Enrolment" WHERE "personId" = ${personId}::uuid FOR UPDATE`;
  const row = rows[0];
  return row ? tx.enrolment.findUniqueOrThrow({ where: { id: row.id } }) : null;
}

/** Who moved the enrolment out of the state a stale page still shows, and when (its history). */
export async function lastEnrolmentDecision(tx: Tx, enrolmentId: string) {
  const last = await tx.enrolmentStatusChange.findFirst({ where: { enrolmentId }, orderBy: { createdAt: 'desc' } });
  return { actorId: last?.actorId ?? null, at: last?.createdAt ?? null };
}

async function alreadyDecided(tx: Tx, enrolmentId: string): Promise<DomainError> {
  return alreadyDecidedError(tx, await lastEnrolmentDecision(tx, enrolmentId));
}

const TEAM_DECISIONS: ReadonlySet<EnrolmentEvent> = new Set(['APPROVE', 'DECLINE', 'REQUEST_CHANGES']);

/** Pure: what a status change writes on the enrolment row. */
export function enrolmentStatusSet(
  enrolment: Pick<Enrolment, 'professionLockedAt'>,
  event: EnrolmentEvent,
  to: EnrolmentStatus,
  p: { now: Date; actorId: string | null },
) {
  const submitted = event === 'SUBMIT' || event === 'RESUBMIT';
  return {
    status: to,
    statusChangedAt: p.now,
    ...(submitted ? { submittedAt: p.now, professionLockedAt: enrolment.professionLockedAt ?? p.now } : {}),
    ...(TEAM_DECISIONS.has(event) ? { decidedAt: p.now, decidedById: p.actorId } : {}),
  };
}

/** The guarded update (still in the status read under the lock): the rows written, 0 or 1. */
export async function updateEnrolmentStatus(
  tx: Tx,
  enrolment: Enrolment,
  event: EnrolmentEvent,
  to: EnrolmentStatus,
  p: { now: Date; actorId: string | null },
): Promise<number> {
  const r = await tx.enrolment.updateMany({
    where: { id: enrolment.id, status: enrolment.status },
    data: enrolmentStatusSet(enrolment, event, to, p),
  });
  return r.count;
}

/** Pure: the append-only history row of a status change. */
export const enrolmentHistoryData = (
  enrolment: Pick<Enrolment, 'id' | 'status'>,
  to: EnrolmentStatus,
  p: { now: Date; actorId: string | null; reason: string | null },
) => ({ enrolmentId: enrolment.id, fromStatus: enrolment.status, toStatus: to, reason: p.reason, actorId: p.actorId, createdAt: p.now });

/** The append-only history row of a status change. */
export function addEnrolmentHistory(
  tx: Tx,
  enrolment: Enrolment,
  to: EnrolmentStatus,
  p: { now: Date; actorId: string | null; reason: string | null },
) {
  return tx.enrolmentStatusChange.create({ data: enrolmentHistoryData(enrolment, to, p) });
}

/**
 * The one way an enrolment changes state: asks the rules, refuses a stale page, writes a guarded
 * update and a history row. Call it with the enrolment row locked (lockEnrolmentOf, or lockById for team decisions).
 * Submissions also stamp submittedAt and lock the profession; team decisions stamp decidedAt/By.
 */
export async function changeEnrolmentStatus(
  tx: Tx,
  enrolment: Enrolment,
  event: EnrolmentEvent,
  actor: EnrolmentActor,
  p: { actorId: string | null; reason?: string | null; expectedStatus?: EnrolmentStatus; now?: Date },
): Promise<{ to: EnrolmentStatus; statusChangeId: string; at: Date }> {
  if (p.expectedStatus && p.expectedStatus !== enrolment.status) throw await alreadyDecided(tx, enrolment.id);
  const t = enrolmentTransition(enrolment.status, event, actor);
  if (!t.ok) throw new DomainError('INVALID_TRANSITION', t.reason);
  const reason = p.reason?.trim() || null;
  const problem = ENROLMENT_REASON_REQUIRED.has(event) ? reasonProblem('the person', reason) : null;
  if (problem) throw new DomainError('VALIDATION', 'Give a reason.', { reason: problem });
  const now = p.now ?? clock.now();
  if ((await updateEnrolmentStatus(tx, enrolment, event, t.to, { now, actorId: p.actorId })) !== 1) throw await alreadyDecided(tx, enrolment.id);
  const change = await addEnrolmentHistory(tx, enrolment, t.to, { now, actorId: p.actorId, reason });
  return { to: t.to, statusChangeId: change.id, at: now };
}
