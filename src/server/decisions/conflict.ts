import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Tx } from '../db';

// Separation of duties (SPEC §10): staff may not decide on their own record, nor on anything at a
// worksite they belong to (any membership that has not ended or been declined).

/** Whose record it is, and which worksite it belongs to. */
export type Parties = { personId?: string | null; worksiteId?: string | null };

export const OWN_WORKSITE_MESSAGE = 'You cannot decide on a worksite you belong to.';

export type ConflictMessages = { ownRecord?: string; ownWorksite?: string };

/** Pure: which conflict, if any, given the worksites the staff member belongs to. */
export function conflictOf(staffId: string, parties: Parties, memberOfWorksite: boolean): 'OWN_RECORD' | 'OWN_WORKSITE' | null {
  if (parties.personId && parties.personId === staffId) return 'OWN_RECORD';
  if (parties.worksiteId && memberOfWorksite) return 'OWN_WORKSITE';
  return null;
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
  if (conflictOf(staffId, parties, !!m && m.status !== 'ENDED' && m.status !== 'DECLINED'))
    throw new DomainError('FORBIDDEN', messages.ownWorksite ?? OWN_WORKSITE_MESSAGE);
}
