import 'server-only';
import type { Tx } from '../db';
import { bucketOf, judge, longestWindow, resolutionOf, type Hit, type Limit, type Verdict } from './rules';

// One row per throttled subject ("invite:person:<id>"), in PostgreSQL so every app instance
// shares it. Called with a transaction, an attempt counts only if that transaction commits (a
// refused invitation does not use up the quota) and the row stays locked until then.
type Client = Pick<Tx, '$queryRaw' | '$executeRaw'>;

/** The verdict, and the subject's recent events after this attempt. */
export type Taken = Verdict & { hits: Hit[] };

type Row = { allowed: boolean; times: bigint[]; counts: number[]; inserted: boolean };

const hitsOf = (times: readonly (bigint | number)[], counts: readonly number[]): Hit[] =>
  times.map((t, i) => ({ at: Number(t), n: Number(counts[i] ?? 0) }));

/**
 * Records `weight` events for `key` when they fit every limit, in one statement: the upsert
 * locks the row, so concurrent callers are decided one after another on the latest counts,
 * exactly. The answer explains a refusal (what was reached, and when to try again).
 *
 * `sweep`: when the key is new, also delete a batch of rows that no longer count. Only outside a
 * transaction: deleted rows stay locked until commit, and a caller's transaction may go on to
 * wait for locks another transaction holds while that one waits for a swept row.
 */
export async function take(
  client: Client,
  key: string,
  limits: readonly Limit[],
  now: Date,
  { weight = 1, sweep: tidy = false }: { weight?: number; sweep?: boolean } = {},
): Promise<Taken> {
  const nowMs = now.getTime();
  const lims = limits.map((l) => l.limit);
  if (weight > Math.min(...lims)) return { ...judge([], limits, nowMs, weight), hits: [] }; // can never fit
  const bucket = bucketOf(nowMs, resolutionOf(limits));
  const keep = longestWindow(limits);
  const wins = limits.map((l) => l.windowMs);
  // "t" is the existing row (locked by ON CONFLICT). ok: every limit still has room for weight.
  // The new arrays are the entries still inside the longest window, plus this bucket when ok.
  const rows = await client.$queryRaw<Row[]>`
    INSERT INTO "Throttle" AS t ("key", "times", "counts", "allowed", "expiresAtMs", "updatedAt")
    VALUES (${key}, ARRAY[${bucket}::bigint], ARRAY[${weight}::int], true,
            ${bucket + keep}::bigint, ${now}::timestamptz AT TIME ZONE 'UTC')
    ON CONFLICT ("key") DO UPDATE SET ("times", "counts", "allowed", "expiresAtMs", "updatedAt") = (
      SELECT coalesce(array_agg(g.at ORDER BY g.at) FILTER (WHERE g.at IS NOT NULL), '{}'),
             coalesce(array_agg(g.n ORDER BY g.at) FILTER (WHERE g.at IS NOT NULL), '{}'),
             d.ok,
             CASE WHEN d.ok THEN greatest(t."expiresAtMs", ${bucket + keep}::bigint) ELSE t."expiresAtMs" END,
             ${now}::timestamptz AT TIME ZONE 'UTC'
      FROM (
        SELECT NOT EXISTS (
          SELECT 1 FROM unnest(${lims}::int[], ${wins}::bigint[]) AS r(lim, win)
          WHERE (SELECT coalesce(sum(h.n), 0) FROM unnest(t."times", t."counts") AS h(at, n)
                 WHERE h.at > ${nowMs}::bigint - r.win) + ${weight}::int > r.lim
        ) AS ok
      ) d
      LEFT JOIN LATERAL (
        SELECT x.at, sum(x.n)::int AS n FROM (
          SELECT h.at, h.n FROM unnest(t."times", t."counts") AS h(at, n) WHERE h.at > ${nowMs}::bigint - ${keep}::bigint
          UNION ALL SELECT ${bucket}::bigint, ${weight}::int WHERE d.ok
        ) x GROUP BY x.at
      ) g ON true
      GROUP BY d.ok
    )
    RETURNING "allowed", "times", "counts", (xmax = 0) AS "inserted"`;
  const row = rows[0]!;
  // A new subject: a good moment to clear a few rows that no longer count for anything.
  if (row.inserted && tidy) await sweep(client, now);
  const hits = hitsOf(row.times, row.counts);
  return { ...(row.allowed ? { allowed: true as const } : judge(hits, limits, nowMs, weight)), hits };
}

/** Whether `weight` more events would fit now, without recording anything. */
export async function peek(client: Client, key: string, limits: readonly Limit[], now: Date, weight = 1): Promise<Verdict> {
  const rows = await client.$queryRaw<Pick<Row, 'times' | 'counts'>[]>`
    SELECT "times", "counts" FROM "Throttle" WHERE "key" = ${key}`;
  const row = rows[0];
  return judge(row ? hitsOf(row.times, row.counts) : [], limits, now.getTime(), weight);
}

const SWEEP_BATCH = 100;

/** Deletes a batch of rows whose every entry has left its window; SKIP LOCKED never waits. */
export async function sweep(client: Client, now: Date): Promise<number> {
  return client.$executeRaw`
    DELETE FROM "Throttle" WHERE "key" IN (
      SELECT "key" FROM "Throttle" WHERE "expiresAtMs" <= ${now.getTime()}::bigint
      LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED)`;
}
