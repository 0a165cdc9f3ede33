import 'server-only';
import type { Tx } from '../db';

// Per API key, fixed one-minute windows: simple, shared by every app instance through the
// database, and generous enough for a viewer serving a whole health authority.
export const ACCESS_RATE_LIMIT = { limit: 600, windowMs: 60_000 } as const;

export type RateLimitOutcome = { allowed: boolean; count: number; limit: number; retryAfterSeconds: number };

/** Counts one call in the current window (atomic upsert) and says whether it is within the limit. */
export async function hitRateLimit(
  client: Pick<Tx, '$queryRaw' | 'rateLimitWindow'>,
  key: string,
  now: Date,
  { limit, windowMs }: { limit: number; windowMs: number } = ACCESS_RATE_LIMIT,
): Promise<RateLimitOutcome> {
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await client.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitWindow" ("key", "windowStart", "count") VALUES (${key}, ${start}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitWindow"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 1);
  // The first call of a window tidies the key's old windows, so the table stays small.
  if (count === 1) await client.rateLimitWindow.deleteMany({ where: { key, windowStart: { lt: start } } });
  const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: count <= limit, count, limit, retryAfterSeconds };
}
