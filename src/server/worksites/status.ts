import 'server-only';
import type { Worksite, WorksiteStatus } from '@/generated/prisma/client';
import { reasonProblem } from '@/lib/decision-reason';
import { DomainError } from '@/lib/errors';
import { alreadyDecidedError } from '../decisions';
import type { Tx } from '../db';
import { REASON_REQUIRED, worksiteTransition, type WorksiteActor, type WorksiteEvent } from './rules';
import { clock } from '@/lib/clock';

/** Who moved the worksite out of the state a stale page still shows, and when (its history). */
export async function lastWorksiteDecision(tx: Tx, worksiteId: string) {
  const last = await tx.worksiteStatusChange.findFirst({ where: { worksiteId }, orderBy: { createdAt: 'desc' } });
  return { actorId: last?.actorId ?? null, at: last?.createdAt ?? null };
}

async function alreadyDecided(tx: Tx, worksiteId: string): Promise<DomainError> {
  return alreadyDecidedError(tx, await lastWorksiteDecision(tx, worksiteId));
}

/** Pure: what a status change writes on the worksite row. */
export function worksiteStatusSet(
  worksite: Pick<Worksite, 'status' | 'statusChangedAt' | 'reviewStateBeforeChanges'>,
  event: WorksiteEvent,
  to: WorksiteStatus,
  now: Date,
) {
  return {
    status: to,
    statusChangedAt: to === worksite.status ? worksite.statusChangedAt : now,
    reviewStateBeforeChanges: event === 'REQUEST_CHANGES' ? worksite.status : to === 'CHANGES_REQUESTED' ? worksite.reviewStateBeforeChanges : null,
  };
}

/** The guarded update (still in the status read under the lock) and its history row; 0 when
 * someone moved it first. */
export async function writeWorksiteStatus(
  tx: Tx,
  worksite: Worksite,
  event: WorksiteEvent,
  to: WorksiteStatus,
  p: { now: Date; actorId: string | null; reason: string | null },
): Promise<number> {
  const r = await tx.worksite.updateMany({
    where: { id: worksite.id, status: worksite.status },
    data: worksiteStatusSet(worksite, event, to, p.now),
  });
  if (r.count !== 1) return 0;
  await tx.worksiteStatusChange.create({
    data: { worksiteId: worksite.id, fromStatus: worksite.status, toStatus: to, reason: p.reason, actorId: p.actorId },
  });
  return 1;
}

/**
 * The one way a worksite changes state: asks the rules, refuses a stale page (the status the
 * person saw is not the status now), writes a guarded update and a history row. Call it with the
 * worksite row locked (lockWorksite / requireSiteAdmin; team decisions lock through decide()).
 */
export async function changeWorksiteStatus(
  tx: Tx,
  worksite: Worksite,
  event: WorksiteEvent,
  actor: WorksiteActor,
  p: { actorId: string | null; reason?: string | null; expectedStatus?: WorksiteStatus },
): Promise<WorksiteStatus> {
  if (p.expectedStatus && p.expectedStatus !== worksite.status) throw await alreadyDecided(tx, worksite.id);
  const t = worksiteTransition(worksite.status, event, actor, {
    locationType: worksite.locationType,
    reviewStateBeforeChanges: worksite.reviewStateBeforeChanges,
  });
  if (!t.ok) throw new DomainError('INVALID_TRANSITION', t.reason);
  const reason = p.reason?.trim() || null;
  const problem = REASON_REQUIRED.has(event) ? reasonProblem('the clinic', reason) : null;
  if (problem) throw new DomainError('VALIDATION', 'Give a reason.', { reason: problem });
  if ((await writeWorksiteStatus(tx, worksite, event, t.to, { now: clock.now(), actorId: p.actorId, reason })) !== 1)
    throw await alreadyDecided(tx, worksite.id);
  return t.to;
}
