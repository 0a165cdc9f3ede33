import 'server-only';
import type { MembershipStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import type { Tx } from '../db';
import type { StaffCaller } from '../decisions';
import { mayTakeTeamAction, OWN_CONFLICT_MESSAGE, ownRecordConflict, teamActionRefusal, type RecordParties, type TeamAction } from './team-rules';

// Checks shared by the team's record-keeping decisions (notes, assignments, suspensions, resends).

export type { StaffCaller };

/** Refuses a caller whose roles may not take this action (the action checks too). */
export function requireTeamRole(staff: StaffCaller, action: TeamAction): void {
  if (staff.staffRoles.length === 0) throw new DomainError('FORBIDDEN', 'This is only available to the enrolment team.');
  if (!mayTakeTeamAction(action, staff.staffRoles)) throw new DomainError('FORBIDDEN', teamActionRefusal(action));
}

// A membership that has ended or was declined no longer makes a worksite the staff member's own.
const PAST: MembershipStatus[] = ['ENDED', 'DECLINED'];

/** The worksites a staff member belongs to now (optionally only among `among`). */
export async function worksitesOf(tx: Pick<Tx, 'membership'>, staffId: string, among?: readonly string[]): Promise<string[]> {
  const rows = await tx.membership.findMany({
    where: { personId: staffId, status: { notIn: PAST }, ...(among ? { worksiteId: { in: [...among] } } : {}) },
    select: { worksiteId: true },
  });
  return rows.map((m) => m.worksiteId);
}

/** Refuses a decision on the caller's own record or on a worksite they belong to. */
export async function refuseOwnRecord(tx: Pick<Tx, 'membership'>, staffId: string, parties: RecordParties): Promise<void> {
  const memberOf = parties.worksiteIds.length ? await worksitesOf(tx, staffId, parties.worksiteIds) : [];
  const conflict = ownRecordConflict(staffId, parties, memberOf);
  if (conflict) throw new DomainError('FORBIDDEN', OWN_CONFLICT_MESSAGE[conflict]);
}

