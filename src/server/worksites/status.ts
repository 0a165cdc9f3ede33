import 'server-only';
import type { Worksite, WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { alreadyDecidedError } from '../decisions';
import type { Tx } from '../db';
import { REASON_REQUIRED, worksiteTransition, type WorksiteActor, type WorksiteEvent } from './rules';
import { clock } from '@/lib/clock';

/** Who moved the worksite out of the state a stale page still shows, and when. */
async function alreadyDecided(tx: Tx, worksiteId: string): Promise<DomainError> {
  const last = await tx.worksiteStatusChange.findFirst({ where: { worksiteId }, orderBy: { createdAt: 'desc' } });
  return alreadyDecidedError(tx, { actorId: last?.actorId ?? null, at: last?.createdAt ?? null });
}

/**
 * The one way a worksite changes state: asks the rules, refuses a stale page (the status the
 * person saw is not the status now), writes a guarded update and a history row. Call it with the
 * worksite row locked (lockWorksite / requireSiteAdmin / requireWorksiteForTeam).
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
  if (REASON_REQUIRED.has(event) && !reason) {
    throw new DomainError('VALIDATION', 'Give a reason.', { reason: 'Give a reason; the clinic will read it.' });
  }
  const now = clock.now();
  const r = await tx.worksite.updateMany({
    where: { id: worksite.id, status: worksite.status },
    data: {
      status: t.to,
      statusChangedAt: t.to === worksite.status ? worksite.statusChangedAt : now,
      reviewStateBeforeChanges: event === 'REQUEST_CHANGES' ? worksite.status : t.to === 'CHANGES_REQUESTED' ? worksite.reviewStateBeforeChanges : null,
    },
  });
  if (r.count !== 1) throw await alreadyDecided(tx, worksite.id);
  await tx.worksiteStatusChange.create({
    data: { worksiteId: worksite.id, fromStatus: worksite.status, toStatus: t.to, reason, actorId: p.actorId },
  });
  return t.to;
}
