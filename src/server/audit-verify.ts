import 'server-only';
import { clock } from '@/lib/clock';
import { verifyAuditTrail, type AuditTrailResult } from '@/lib/audit-trail-verify';
import { auditSigningKey } from './audit-sealer';
import { pool } from './db';

export type AuditChainResult = AuditTrailResult;

/**
 * The whole trail: links and hashes of the sealed chain, checkpoint signatures and prefixes, and
 * how long committed rows wait unsealed. One REPEATABLE READ snapshot, so events committed
 * meanwhile cannot skew it.
 */
export async function verifyAuditChain(opts: { maxUnsealedSeconds?: number; now?: Date } = {}): Promise<AuditChainResult> {
  const client = await pool().connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const r = await verifyAuditTrail(async (sql) => (await client.query(sql)).rows, {
      key: auditSigningKey(),
      now: opts.now ?? clock.now(),
      maxUnsealedSeconds: opts.maxUnsealedSeconds,
    });
    await client.query('COMMIT');
    return r;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
