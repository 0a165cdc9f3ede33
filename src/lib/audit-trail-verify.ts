// Verifies the whole audit trail (docs/decisions/023-audit-sealer.md): every link and hash of the
// sealed chain (in the database, cc_audit_verify), every checkpoint's signature, that every
// checkpoint is a prefix of today's chain, and that no committed row waits unsealed too long.
// Takes a query function so the app (pool) and `npm run audit:verify` (plain client) share it.
import type { KeyObject } from 'node:crypto';
import { checkpointSignatureValid, keyIdOf } from './audit-checkpoint';

export type Query = (sql: string) => Promise<Record<string, unknown>[]>;

export type AuditTrailResult =
  | { ok: true; count: number; sealed: number; checkpoints: number; oldestUnsealedSeconds: number }
  | { ok: false; badId?: string; checkpointSeq?: string; problem: string };

export async function verifyAuditTrail(
  query: Query,
  opts: { key: KeyObject; now: Date; maxUnsealedSeconds?: number },
): Promise<AuditTrailResult> {
  const broken = (await query('SELECT bad_id::text AS bad_id, problem FROM cc_audit_verify()'))[0];
  if (broken) return { ok: false, badId: String(broken.bad_id), problem: String(broken.problem) };

  // Each checkpoint against the row it names: signed by our key, and still the chain's hash there.
  const checkpoints = await query(`
    SELECT c."seq"::text AS seq, c."headHash" AS head, to_char(c."signedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at, c."keyId" AS key_id,
           c."signature" AS signature, e."hash" AS chain_hash
      FROM "AuditCheckpoint" c LEFT JOIN "AuditEvent" e ON e."seq" = c."seq"
     ORDER BY c."seq"`);
  const keyId = keyIdOf(opts.key);
  for (const c of checkpoints) {
    const seq = String(c.seq);
    // Columns are UTC timestamps without a zone; read as ISO text so no driver guesses one.
    const signedAt = new Date(String(c.signed_at));
    const cp = { seq, headHash: String(c.head), signedAt, signature: String(c.signature) };
    if (c.key_id !== keyId || !checkpointSignatureValid(cp, opts.key)) {
      return { ok: false, checkpointSeq: seq, problem: `checkpoint ${seq} is not signed by the configured key` };
    }
    if (c.chain_hash == null) {
      return { ok: false, checkpointSeq: seq, problem: `checkpoint ${seq} names an event that is no longer in the chain` };
    }
    if (c.chain_hash !== c.head) {
      return { ok: false, checkpointSeq: seq, problem: `the chain contradicts checkpoint ${seq}: history before it was rewritten` };
    }
  }

  const [counts] = await query(`
    SELECT count(*)::int AS total, count("seq")::int AS sealed, to_char(min("occurredAt") FILTER (WHERE "seq" IS NULL), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS oldest
      FROM "AuditEvent"`);
  const oldest = counts?.oldest ? new Date(String(counts.oldest)) : null;
  const waited = oldest ? Math.max(0, Math.round((opts.now.getTime() - oldest.getTime()) / 1000)) : 0;
  const limit = opts.maxUnsealedSeconds ?? 10;
  if (waited > limit) {
    return { ok: false, problem: `a committed event has waited ${waited} s to be sealed (limit ${limit} s): is the sealer running?` };
  }
  return {
    ok: true,
    count: Number(counts?.total ?? 0),
    sealed: Number(counts?.sealed ?? 0),
    checkpoints: checkpoints.length,
    oldestUnsealedSeconds: waited,
  };
}
