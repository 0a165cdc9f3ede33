import 'server-only';
import type { MembershipStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { can, type Capability } from '../authz/policy';
import type { Tx } from '../db';
import type { StaffCaller } from './caller';

// Separation of duties (SPEC §10): staff may not decide on their own record, nor on anything at a
// worksite they belong to (any membership that has not ended or been declined). Decisions, notes,
// assignments and email resends all refuse through refuseConflictOfInterest.

/** Whose record it is, and which worksite it belongs to. */
export type Parties = { personId?: string | null; worksiteId?: string | null };

export const OWN_WORKSITE_MESSAGE = 'You cannot decide on a worksite you belong to.';

export type ConflictMessages = { ownRecord?: string; ownWorksite?: string };

// A membership that has ended or was declined no longer makes a worksite the staff member's own.
const PAST: MembershipStatus[] = ['ENDED', 'DECLINED'];

/** Pure: which conflict, if any, given whether the staff member belongs to the record's worksite. */
export function conflictOf(staffId: string, parties: Parties, memberOfWorksite: boolean): 'OWN_RECORD' | 'OWN_WORKSITE' | null {
  if (parties.personId && parties.personId === staffId) return 'OWN_RECORD';
  if (parties.worksiteId && memberOfWorksite) return 'OWN_WORKSITE';
  return null;
}

/** The worksites a staff member belongs to now (optionally only among `among`), for list pages. */
export async function worksitesOf(tx: Pick<Tx, 'membership'>, staffId: string, among?: readonly string[]): Promise<string[]> {
  const rows = await tx.membership.findMany({
    where: { personId: staffId, status: { notIn: PAST }, ...(among ? { worksiteId: { in: [...among] } } : {}) },
    select: { worksiteId: true },
  });
  return rows.map((m) => m.worksiteId);
}

/** As a list page offers an action on one record: the caller holds the capability and it is not their own. */
export function mayActOn(staff: StaffCaller, capability: Capability, parties: Parties, memberOf: readonly string[]): boolean {
  const member = !!parties.worksiteId && memberOf.includes(parties.worksiteId);
  return can(staff, capability) && conflictOf(staff.id, parties, member) === null;
}

/** Refuses a decision on the caller's own record or at a worksite they belong to. */
export async function refuseConflictOfInterest(
  tx: Pick<Tx, 'membership'>,
  staffId: string,
  parties: Parties,
  messages: ConflictMessages = {},
): Promise<void> {
  if (parties.personId && parties.personId === staffId)
    throw new DomainError('FORBIDDEN', messages.ownRecord ?? 'You cannot decide on your own record.');
  if (!parties.worksiteId) return;
  const m = await tx.membership.findUnique({
    where: { personId_worksiteId: { personId: staffId, worksiteId: parties.worksiteId } },
    select: { status: true },
  });
  if (conflictOf(staffId, parties, !!m && !PAST.includes(m.status)))
    throw new DomainError('FORBIDDEN', messages.ownWorksite ?? OWN_WORKSITE_MESSAGE);
}
