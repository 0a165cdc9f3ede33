import 'server-only';
import type { KeyObject } from 'node:crypto';
import { clock } from '@/lib/clock';
import { DEVELOPMENT_SIGNING_SEED, checkpointExport, signCheckpoint, signingKeyFromSeed, type Checkpoint } from '@/lib/audit-checkpoint';
import { pacificDate } from '@/lib/business-days';
import type pg from 'pg';
import { db, pool, type Tx } from './db';
import { env } from './env';
import { log } from './log';
import { repeat, type Loop } from './repeat';
import { enqueueNotices, type Notice } from './notify';

// The audit sealer (docs/decisions/023-audit-sealer.md): writers append unsealed rows with no
// lock; this numbers the committed ones and extends the hash chain in batches, then signs a
// checkpoint of the new head in the same transaction. Any instance may run it: the database
// function lets one batch run at a time and the others return at once.

export const SEAL_BATCH = 2000;

let cachedKey: { seed: string; key: KeyObject } | null = null;
/** The checkpoint signing key from AUDIT_SIGNING_KEY (production), else the development key. */
export function auditSigningKey(): KeyObject {
  const seed = env().AUDIT_SIGNING_KEY ?? DEVELOPMENT_SIGNING_SEED;
  if (cachedKey?.seed !== seed) cachedKey = { seed, key: signingKeyFromSeed(seed) };
  return cachedKey.key;
}

export type SealResult = { sealed: number; headSeq: bigint | null };
type SignedCheckpoint = Checkpoint & { keyId: string; signature: string };

/** The privacy office's copy: the exported text as is, so it can be saved and checked later. */
export function checkpointNotice(cp: SignedCheckpoint, to: string): Notice {
  const day = pacificDate(cp.signedAt);
  const exported = checkpointExport(cp);
  const content = {
    heading: `Audit checkpoint ${String(cp.seq)} of ${day}`,
    paragraphs: [
      'This is the day’s signed checkpoint of the my.CareConnect audit trail. Keep this email: it lets anyone prove later that the audit history up to this point was not rewritten.',
      'To check it, save the lines below (from “careconnect-audit-checkpoint” to the signature) as a file and run: npm run audit:verify -- --check FILE',
      exported.trimEnd(),
    ],
  };
  const email = { template: 'audit.checkpoint', subject: `Audit checkpoint for ${day}`, content };
  return { to: { to, personId: null }, email, dedupeKey: `audit-checkpoint:${day}` };
}

/** Queues the checkpoint for the privacy office unless that day's copy is already queued (by
 * any instance: the dedupe key is the Pacific day). */
export async function emailCheckpoint(tx: Tx, cp: SignedCheckpoint, to: string): Promise<void> {
  await enqueueNotices(tx, [checkpointNotice(cp, to)]);
}

/** Queues the latest checkpoint now (`npm run audit:verify -- --email`); false when there is none. */
export async function emailLatestCheckpoint(to: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const cp = await tx.auditCheckpoint.findFirst({ orderBy: { seq: 'desc' } });
    if (!cp) return false;
    await emailCheckpoint(tx, cp, to);
    return true;
  });
}

// The day this process last queued the privacy office's copy: one insert a day, not a batch.
let emailedDay: string | null = null;

type Head = { sealed: number; head_seq: string | null; head_hash: string | null };

/** Seals one batch of committed rows; 0 when nothing waits or another sealer holds the turn.
 * Two round trips on one pooled connection: BEGIN with the batch, then the signed checkpoint
 * with COMMIT (the signature needs the new head). The lock, the numbering and the checkpoint
 * stay in one READ COMMITTED transaction; any failure drops the connection, which rolls it back. */
export async function sealBatch(
  opts: { maxRows?: number; now?: Date; privacyOffice?: string | null } = {},
): Promise<SealResult> {
  const maxRows = Math.max(1, Math.trunc(opts.maxRows ?? SEAL_BATCH));
  const signedAt = opts.now ?? clock.now();
  const to = opts.privacyOffice === undefined ? env().PRIVACY_OFFICE_EMAIL : opts.privacyOffice;
  const day = pacificDate(signedAt);
  const c = await pool().connect();
  let result: SealResult;
  let checkpoint: SignedCheckpoint | null = null;
  try {
    // Simple-query protocol: several statements in one message, so only literals (escaped).
    const at = `${c.escapeLiteral(signedAt.toISOString())}::timestamptz AT TIME ZONE 'UTC'`;
    const sent = (await c.query(
      `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT sealed, head_seq::text, head_hash FROM cc_audit_seal(${maxRows}, ${at})`,
    )) as unknown as pg.QueryResult<Head>[];
    const r = sent[1]?.rows[0];
    if (!r || r.sealed === 0 || r.head_seq == null || !r.head_hash) {
      await c.query('COMMIT');
      result = { sealed: 0, headSeq: null };
    } else {
      const cp = { seq: BigInt(r.head_seq), headHash: r.head_hash, signedAt };
      const { keyId, signature } = signCheckpoint(cp, auditSigningKey());
      checkpoint = { ...cp, keyId, signature };
      const lit = (v: string) => c.escapeLiteral(v);
      await c.query(
        `INSERT INTO "AuditCheckpoint" ("seq", "headHash", "signedAt", "keyId", "signature")
           VALUES (${lit(r.head_seq)}::bigint, ${lit(r.head_hash)}, ${at}, ${lit(keyId)}, ${lit(signature)}); COMMIT`,
      );
      result = { sealed: r.sealed, headSeq: cp.seq };
    }
    c.release();
  } catch (e) {
    c.release(e instanceof Error ? e : true);
    throw e;
  }
  // The privacy office's copy (once a day): the outbox's dedupe key makes a retry or a second
  // instance harmless, and a failure here only means a later batch's checkpoint is sent instead.
  const cp = checkpoint;
  if (to && cp && emailedDay !== day) {
    await db().$transaction((tx) => emailCheckpoint(tx, cp, to));
    emailedDay = day;
  }
  return result;
}

/** Seals until nothing committed is left unsealed, or `maxBatches` full batches (a busy writer
 * load must not keep one caller here forever). */
export async function sealAll(
  opts: { now?: Date; privacyOffice?: string | null; maxBatches?: number } = {},
): Promise<number> {
  let total = 0;
  for (let i = 0; i < (opts.maxBatches ?? Infinity); i++) {
    const { sealed } = await sealBatch(opts);
    total += sealed;
    if (sealed < SEAL_BATCH) break;
  }
  return total;
}

/** How long the oldest committed, unsealed row has waited, in seconds (0 when none). */
export async function oldestUnsealedSeconds(now: Date = clock.now()): Promise<number> {
  const [r] = await db().$queryRaw<{ oldest: Date | null }[]>`
    SELECT min("occurredAt") AS oldest FROM "AuditEvent" WHERE "seq" IS NULL`;
  return r?.oldest ? Math.max(0, Math.round((now.getTime() - r.oldest.getTime()) / 1000)) : 0;
}

/** After a tick that sealed rows, the next comes this soon: rows keep arriving, and a tick
 * that fires late (a busy event loop) must not let them age a whole interval more. */
const BUSY_MS = 50;
const BATCHES_PER_TICK = 5;

/** Runs the sealer in this process every `everyMs` when idle, every BUSY_MS while rows arrive
 * (unless another instance holds the turn). */
export function startAuditSealer(everyMs = 250): Loop {
  return repeat(async () => {
    let sealed = 0;
    try {
      sealed = await sealAll({ maxBatches: BATCHES_PER_TICK });
    } catch (e) {
      // A database outage: the rows wait, committed, and the next tick seals them.
      log.warn('audit.sealer_failed', { error: e instanceof Error ? e.message : String(e) });
    }
    return sealed > 0 ? Math.min(BUSY_MS, everyMs) : everyMs;
  }, everyMs);
}
