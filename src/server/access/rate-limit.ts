import 'server-only';
import type { Tx } from '../db';
import { retryAfterSeconds } from '../throttle/rules';
import { take } from '../throttle/store';

// Per API key: at most the key's requestsPerMinute calls in any 60 seconds (a sliding window, so
// no burst of twice the limit across a minute boundary), shared by every app instance.
export const ACCESS_WINDOW_MS = 60_000;

export type RateLimitOutcome = { allowed: boolean; limit: number; remaining: number; retryAfterSeconds: number };

/** Counts one call by the key when it fits (one atomic statement) and says what is left. */
export async function hitRateLimit(
  client: Pick<Tx, '$queryRaw' | '$executeRaw'>,
  apiKeyId: string,
  perMinute: number,
  now: Date,
): Promise<RateLimitOutcome> {
  const limit = { limit: perMinute, windowMs: ACCESS_WINDOW_MS };
  const r = await take(client, `access:${apiKeyId}`, [limit], now, { sweep: true });
  const used = r.hits.filter((h) => h.at > now.getTime() - ACCESS_WINDOW_MS).reduce((s, h) => s + h.n, 0);
  return {
    allowed: r.allowed,
    limit: perMinute,
    remaining: Math.max(0, perMinute - used),
    retryAfterSeconds: r.allowed ? 0 : retryAfterSeconds(r.retryAt, now.getTime()),
  };
}
