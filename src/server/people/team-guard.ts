import 'server-only';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import type { Tx } from '../db';
import { mayTakeTeamAction, OWN_CONFLICT_MESSAGE, ownRecordConflict, teamActionRefusal, type RecordParties, type TeamAction } from './team-rules';

// Checks shared by the team's record-keeping decisions (notes, assignments, suspensions, resends).

export type StaffCaller = { id: string; staffRoles: readonly StaffRoleKind[] };

/** Refuses a caller whose roles may not take this action (the action checks too). */
export function requireTeamRole(staff: StaffCaller, action: TeamAction): void {
  if (staff.staffRoles.length === 0) throw new DomainError('FORBIDDEN', 'This is only available to the enrolment team.');
  if (!mayTakeTeamAction(action, staff.staffRoles)) throw new DomainError('FORBIDDEN', teamActionRefusal(action));
}

/** Refuses a decision on the caller's own record or on a worksite they belong to. */
export async function refuseOwnRecord(tx: Pick<Tx, 'membership'>, staffId: string, parties: RecordParties): Promise<void> {
  const memberships = parties.worksiteIds.length
    ? await tx.membership.findMany({
        where: { personId: staffId, worksiteId: { in: [...parties.worksiteIds] }, status: { notIn: ['ENDED', 'DECLINED'] } },
        select: { worksiteId: true },
      })
    : [];
  const conflict = ownRecordConflict(staffId, parties, memberships.map((m) => m.worksiteId));
  if (conflict) throw new DomainError('FORBIDDEN', OWN_CONFLICT_MESSAGE[conflict]);
}

export const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
