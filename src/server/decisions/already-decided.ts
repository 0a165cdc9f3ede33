import 'server-only';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import type { Tx } from '../db';

// People read times in Pacific time (the program is in British Columbia).
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Vancouver',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function pacificMinute(d: Date): string {
  const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} Pacific time`;
}

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
