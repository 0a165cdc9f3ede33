import 'server-only';
import { DomainError } from '@/lib/errors';
import type { Tx } from '../db';

export const usedKey = () =>
  new DomainError('CONFLICT', 'This form was already submitted. Reload the page and fill it in again.');

/**
 * Claims a form's submission key inside the caller's transaction. ON CONFLICT DO NOTHING waits
 * for a concurrent holder of the same key: once it commits, the loser gets its result instead of
 * doing the work twice; if the holder rolled back, the loser claims the key itself.
 */
export async function claimKey(
  tx: Tx,
  key: string,
  personId: string,
  action: string,
): Promise<{ claimed: true } | { claimed: false; resultId: string }> {
  const { count } = await tx.idempotencyKey.createMany({ data: [{ key, personId, action }], skipDuplicates: true });
  if (count === 1) return { claimed: true };
  const row = await tx.idempotencyKey.findUnique({ where: { key } });
  // A key bound to someone else (or to another form) is never answered with its result.
  if (!row || row.personId !== personId || row.action !== action || !row.resultId) throw usedKey();
  return { claimed: false, resultId: row.resultId };
}

export const completeKey = (tx: Tx, key: string, resultId: string) =>
  tx.idempotencyKey.update({ where: { key }, data: { resultId } });
