import 'server-only';
import type { Enrolment, EnrolmentStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { alreadyDecidedError } from '../decisions';
import type { Tx } from '../db';
import { ENROLMENT_REASON_REQUIRED, enrolmentTransition, type EnrolmentActor, type EnrolmentEvent } from './rules';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

/** Locks a person's enrolment row for the rest of the transaction (null when there is none). */
export async function lockEnrolmentOf(tx: Tx, personId: string): Promise<Enrolment | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Enrolment" WHERE "personId" = ${personId}::uuid FOR UPDATE`;
  const row = rows[0];
  return row ? tx.enrolment.findUniqueOrThrow({ where: { id: row.id } }) : null;
}

/** Locks an enrolment by id (team actions); null when there is none. */
export async function lockEnrolment(tx: Tx, enrolmentId: string): Promise<Enrolment | null> {
  if (!isUuid(enrolmentId)) return null;
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Enrolment" WHERE id = ${enrolmentId}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.enrolment.findUniqueOrThrow({ where: { id: enrolmentId } });
}

/** Who moved the enrolment out of the state a stale page still shows, and when. */
async function alreadyDecided(tx: Tx, enrolmentId: string): Promise<DomainError> {
  const last = await tx.enrolmentStatusChange.findFirst({ where: { enrolmentId }, orderBy: { createdAt: 'desc' } });
  return alreadyDecidedError(tx, { actorId: last?.actorId ?? null, at: last?.createdAt ?? null });
}

const TEAM_DECISIONS: ReadonlySet<EnrolmentEvent> = new Set(['APPROVE', 'DECLINE', 'REQUEST_CHANGES']);

/**
 * The one way an enrolment changes state: asks the rules, refuses a stale page, writes a guarded
 * update and a history row. Call it with the enrolment row locked (lockEnrolment / lockEnrolmentOf).
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
  if (ENROLMENT_REASON_REQUIRED.has(event) && !reason) {
    throw new DomainError('VALIDATION', 'Give a reason.', { reason: 'Give a reason; the person will read it.' });
  }
  const now = p.now ?? clock.now();
  const submitted = event === 'SUBMIT' || event === 'RESUBMIT';
  const r = await tx.enrolment.updateMany({
    where: { id: enrolment.id, status: enrolment.status },
    data: {
      status: t.to,
      statusChangedAt: now,
      ...(submitted ? { submittedAt: now, professionLockedAt: enrolment.professionLockedAt ?? now } : {}),
      ...(TEAM_DECISIONS.has(event) ? { decidedAt: now, decidedById: p.actorId } : {}),
    },
  });
  if (r.count !== 1) throw await alreadyDecided(tx, enrolment.id);
  const change = await tx.enrolmentStatusChange.create({
    data: { enrolmentId: enrolment.id, fromStatus: enrolment.status, toStatus: t.to, reason, actorId: p.actorId, createdAt: now },
  });
  return { to: t.to, statusChangeId: change.id, at: now };
}
