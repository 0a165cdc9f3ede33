import 'server-only';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { pacificMinute } from '@/lib/pacific';
import type { Tx } from '../db';

export { pacificMinute } from '@/lib/pacific';

/** Who decided last, and when: read from the record's history rows (or its decided-by columns). */
export type LastDecision = { actorId: string | null; at: Date | null };

/** The answer for a stale page or a lost race: who decided first, and when. */
export async function alreadyDecidedError(tx: Pick<Tx, 'person'>, by: LastDecision): Promise<DomainError> {
  const who = by.actorId ? await tx.person.findUnique({ where: { id: by.actorId } }) : null;
  const when = by.at ? pacificMinute(by.at) : 'an earlier time';
  return new DomainError(
    'ALREADY_DECIDED',
    `This was already decided by ${who ? displayName(who) : 'someone else'}, at ${when}. Reload the page to see where it stands.`,
  );
}
