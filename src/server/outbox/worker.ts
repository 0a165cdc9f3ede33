import 'server-only';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { repeat } from '@/server/repeat';
import { createMailTransport, smtpConfigFromEnv, type MailTransport } from './transport';
import { clock } from '@/lib/clock';

// Delivery is at-least-once. A row is claimed (lease + attempt counted) and committed before the
// SMTP conversation, and marked SENT after it. If the process dies between the server accepting
// the message and the SENT update, the lease expires and another worker sends it again. Every
// send of a row carries the same Message-ID (<outbox-ID@careconnect>), so such a rare duplicate
// is recognisable downstream, while a mail server outage or restart never loses an email.
// If only the database is unreachable when a send succeeds, the worker keeps the SENT record in
// memory and writes it before its next claim, so a database blip causes no duplicate.

export type BatchResult = { sent: number; retried: number; dead: number };

export type ProcessOptions = {
  transport: MailTransport;
  batchSize?: number;
  maxAttempts: number;
  /** How long a claim keeps other workers away; must exceed the time a batch takes to send. */
  leaseMs?: number;
  /** Delay before attempt `attempt + 1`, given the attempt that just failed (1-based). */
  backoff?: (attempt: number) => number;
  now?: () => Date;
  /** Sends the mail server accepted whose SENT record could not be written yet (kept by the
   * caller across batches; written before the next claim). */
  unrecorded?: Unrecorded[];
};

export type Unrecorded = { id: string; messageId: string; sentAt: Date };

type ClaimedRow = {
  id: string;
  template: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  attempts: number;
};

const DEFAULT_BATCH = 10;
const DEFAULT_LEASE_MS = 5 * 60_000;
const MAX_ERROR_LENGTH = 1000;

/** 30 s, 1 min, 2 min, … capped at one hour. */
export function defaultBackoff(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 60 * 60_000);
}

export const outboxMessageId = (id: string) => `<outbox-${id}@careconnect>`;

// Timestamps are passed as UTC ISO strings into timestamp(3) columns (which Prisma also fills
// with UTC), so the comparison does not depend on the database session's time zone.
const ts = (d: Date) => d.toISOString();

/**
 * Claims due rows in one autocommitted statement: the row locks last only for that statement,
 * and the lease is what keeps other workers away while this one talks to the mail server.
 */
export async function claimOutboxBatch(opts: {
  batchSize: number;
  leaseMs: number;
  now: Date;
}): Promise<ClaimedRow[]> {
  const now = ts(opts.now);
  const until = ts(new Date(opts.now.getTime() + opts.leaseMs));
  const rows = await db().$queryRaw<ClaimedRow[]>`
    UPDATE "OutboxEmail" AS o
       SET "attempts" = o."attempts" + 1,
           "lockedUntil" = ${until}::timestamp,
           "updatedAt" = ${now}::timestamp
      FROM (
        SELECT "id" FROM "OutboxEmail"
         WHERE "status" = 'PENDING'
           AND "nextAttemptAt" <= ${now}::timestamp
           AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now}::timestamp)
         ORDER BY "nextAttemptAt", "id"
         LIMIT ${opts.batchSize}::int
         FOR UPDATE SKIP LOCKED
      ) AS due
     WHERE o."id" = due."id"
    RETURNING o."id", o."template", o."toAddress", o."subject", o."textBody", o."htmlBody", o."attempts"`;
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e).slice(0, MAX_ERROR_LENGTH);
  const code = (e as { code?: unknown }).code;
  const msg =
    typeof code === 'string' && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  return msg.slice(0, MAX_ERROR_LENGTH);
}

// Only while still PENDING: if a slow worker's lease ran out and another already marked it, the
// first SENT record stands.
const markSent = (u: Unrecorded) =>
  db().outboxEmail.updateMany({
    where: { id: u.id, status: 'PENDING' },
    data: { status: 'SENT', sentAt: u.sentAt, messageId: u.messageId, lockedUntil: null, lastError: null },
  });

/** Sends one batch of due emails. Never holds a transaction open while talking to SMTP. */
export async function processOutboxBatch(opts: ProcessOptions): Promise<BatchResult> {
  const now = opts.now ?? (() => clock.now());
  const backoff = opts.backoff ?? defaultBackoff;
  const result: BatchResult = { sent: 0, retried: 0, dead: 0 };
  const unrecorded = opts.unrecorded ?? [];

  // First what was sent while the database was away; still away, this throws and nothing is
  // claimed (a claim would find these rows' leases expired and send them again).
  while (unrecorded.length > 0) {
    await markSent(unrecorded[0]!);
    unrecorded.shift();
  }

  const claimed = await claimOutboxBatch({
    batchSize: opts.batchSize ?? DEFAULT_BATCH,
    leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
    now: now(),
  });

  for (const row of claimed) {
    const messageId = outboxMessageId(row.id);
    let error: unknown = null;
    let accepted: { messageId?: string } | null = null;
    try {
      accepted = await opts.transport.sendMail({
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId,
        // Asks mail servers and autoresponders not to answer a notification (RFC 3834).
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    } catch (e) {
      error = e;
    }

    if (accepted) {
      const sent = { id: row.id, messageId: accepted.messageId || messageId, sentAt: now() };
      try {
        await markSent(sent);
      } catch (e) {
        // The mail is out; only the record failed. Remember it rather than let the lease expire
        // and send it again.
        unrecorded.push(sent);
        log.warn('outbox.sent_unrecorded', { outboxId: row.id, error: describeError(e) });
      }
      result.sent++;
      continue;
    }

    const lastError = describeError(error);
    const dead = row.attempts >= opts.maxAttempts;
    // Fenced on the attempt count: a worker whose lease expired must not overwrite the outcome
    // of the worker that reclaimed the row.
    const { count } = await db().outboxEmail.updateMany({
      where: { id: row.id, status: 'PENDING', attempts: row.attempts },
      data: dead
        ? { status: 'DEAD', lastError, lockedUntil: null }
        : {
            lastError,
            lockedUntil: null,
            nextAttemptAt: new Date(now().getTime() + Math.max(0, backoff(row.attempts))),
          },
    });
    if (count === 0) continue;
    const fields = {
      outboxId: row.id,
      template: row.template,
      attempt: row.attempts,
      error: lastError,
    };
    if (dead) {
      result.dead++;
      log.error('outbox.dead', fields);
    } else {
      result.retried++;
      log.warn('outbox.retry', fields);
    }
  }
  return result;
}

/** Polls the outbox in the app process. One batch at a time; errors are logged, never thrown. */
export function startOutboxWorker(
  overrides: {
    transport?: MailTransport;
    pollMs?: number;
    backoff?: ProcessOptions['backoff'];
    leaseMs?: number;
  } = {},
): {
  stop(): Promise<void>;
} {
  const e = env();
  if (!e.OUTBOX_ENABLED && !overrides.transport) {
    log.info('outbox.disabled');
    return { stop: async () => {} };
  }
  const own = overrides.transport ? null : createMailTransport(smtpConfigFromEnv(e));
  const transport = overrides.transport ?? own!;
  const pollMs = overrides.pollMs ?? e.OUTBOX_POLL_MS;
  const batchSize = DEFAULT_BATCH;
  const unrecorded: Unrecorded[] = [];

  const loop = repeat(async () => {
    let full = false;
    try {
      const r = await processOutboxBatch({
        transport,
        batchSize,
        maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
        backoff: overrides.backoff,
        leaseMs: overrides.leaseMs,
        unrecorded,
      });
      full = r.sent + r.retried + r.dead >= batchSize;
    } catch (err) {
      log.error('outbox.batch_failed', { error: err });
    }
    // A full batch suggests a backlog: go again at once instead of waiting a poll interval.
    return full ? 0 : pollMs;
  }, 0);
  log.info('outbox.started', { pollMs, maxAttempts: e.OUTBOX_MAX_ATTEMPTS });

  return {
    async stop() {
      await loop.stop();
      own?.close(); // a transport passed in belongs to the caller
    },
  };
}

export type OutboxBacklog = { pending: number; dead: number; oldestPendingSeconds: number | null };

export async function outboxBacklog(now: Date = clock.now()): Promise<OutboxBacklog> {
  const [pending, dead] = await Promise.all([
    db().outboxEmail.aggregate({
      where: { status: 'PENDING' },
      _count: { _all: true },
      _min: { createdAt: true },
    }),
    db().outboxEmail.count({ where: { status: 'DEAD' } }),
  ]);
  const oldest = pending._min.createdAt;
  return {
    pending: pending._count._all,
    dead,
    oldestPendingSeconds: oldest
      ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000))
      : null,
  };
}
