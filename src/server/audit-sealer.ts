import 'server-only';
import type { KeyObject } from 'node:crypto';
import { clock } from '@/lib/clock';
import { DEVELOPMENT_SIGNING_SEED, checkpointExport, signCheckpoint, signingKeyFromSeed, type Checkpoint } from '@/lib/audit-checkpoint';
import { pacificDate } from '@/lib/business-days';
import { db, type Tx } from './db';
import { renderEmail } from './email/render';
import { env } from './env';
import { log } from './log';
import { enqueueEmail, type EnqueueEmailInput } from './outbox/enqueue';

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
export function checkpointEmail(cp: SignedCheckpoint, to: string): EnqueueEmailInput {
  const day = pacificDate(cp.signedAt);
  const exported = checkpointExport(cp);
  const { text, html } = renderEmail({
    heading: `Audit checkpoint ${String(cp.seq)} of ${day}`,
    paragraphs: [
      'This is the day’s signed checkpoint of the my.CareConnect audit trail. Keep this email: it lets anyone prove later that the audit history up to this point was not rewritten.',
      'To check it, save the lines below (from “careconnect-audit-checkpoint” to the signature) as a file and run: npm run audit:verify -- --check FILE',
      exported.trimEnd(),
    ],
  });
  return { template: 'audit.checkpoint', to, subject: `Audit checkpoint for ${day}`, text, html, dedupeKey: `audit-checkpoint:${day}` };
}

/** Queues the checkpoint for the privacy office unless that day's copy is already queued (by
 * any instance: the dedupe key is the Pacific day). */
export async function emailCheckpoint(tx: Tx, cp: SignedCheckpoint, to: string): Promise<void> {
  await enqueueEmail(tx, checkpointEmail(cp, to));
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

/** Seals one batch of committed rows; 0 when nothing waits or another sealer holds the turn. */
export async function sealBatch(
  opts: { maxRows?: number; now?: Date; privacyOffice?: string | null } = {},
): Promise<SealResult> {
  const maxRows = opts.maxRows ?? SEAL_BATCH;
  const signedAt = opts.now ?? clock.now();
  const to = opts.privacyOffice === undefined ? env().PRIVACY_OFFICE_EMAIL : opts.privacyOffice;
  const day = pacificDate(signedAt);
  const result = await db().$transaction(async (tx) => {
    const [r] = await tx.$queryRaw<{ sealed: number; head_seq: bigint | null; head_hash: string | null }[]>`
      SELECT sealed, head_seq, head_hash
        FROM cc_audit_seal(${maxRows}::int, (${signedAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'))`;
    if (!r || r.sealed === 0 || r.head_seq == null || !r.head_hash) return { sealed: 0, headSeq: null };
    const checkpoint = { seq: r.head_seq, headHash: r.head_hash, signedAt };
    const { keyId, signature } = signCheckpoint(checkpoint, auditSigningKey());
    await tx.auditCheckpoint.create({ data: { seq: r.head_seq, headHash: r.head_hash, signedAt, keyId, signature } });
    if (to && emailedDay !== day) await emailCheckpoint(tx, { ...checkpoint, keyId, signature }, to);
    return { sealed: r.sealed, headSeq: r.head_seq };
  });
  if (to && result.sealed > 0) emailedDay = day;
  return result;
}

/** Seals until nothing committed is left unsealed (batch by batch). */
export async function sealAll(opts: { now?: Date; privacyOffice?: string | null } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const { sealed } = await sealBatch(opts);
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

/** How long the oldest committed, unsealed row has waited, in seconds (0 when none). */
export async function oldestUnsealedSeconds(now: Date = clock.now()): Promise<number> {
  const [r] = await db().$queryRaw<{ oldest: Date | null }[]>`
    SELECT min("occurredAt") AS oldest FROM "AuditEvent" WHERE "seq" IS NULL`;
  return r?.oldest ? Math.max(0, Math.round((now.getTime() - r.oldest.getTime()) / 1000)) : 0;
}

/** Runs the sealer in this process at least every `everyMs` (unless another instance is). */
export function startAuditSealer(everyMs = 250): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = async () => {
    try {
      await sealAll();
    } catch (e) {
      // A database outage: the rows wait, committed, and the next tick seals them.
      log.warn('audit.sealer_failed', { error: e instanceof Error ? e.message : String(e) });
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = null;
        schedule();
      });
    }, everyMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
