import 'server-only';
import type pg from 'pg';
import { pool } from '../db';
import { retryAfterSeconds } from '../throttle/rules';

// Per API key: at most the key's requestsPerMinute calls in any 60 seconds (a sliding window, so
// no burst of twice the limit across a minute boundary), shared by every app instance.
//
// No row lock per call: each instance claims quota in batches from the key's "Throttle" row and
// answers calls from memory (decision 026). A batch is recorded at the END of its short lease and
// may only be used during it, so every call it answers is counted at or after the moment it
// happened: the limit is never exceeded across instances. The cost is the other way round:
// quota an instance holds but has not used yet is unavailable to the others (it is given back
// with that instance's next claim), so near the limit a call may be refused although fewer than
// `limit` calls were answered. Instances' clocks must agree to well under LEASE_MS.
export const ACCESS_WINDOW_MS = 60_000;
export const LEASE_MS = 250;
/** How long before its lease ends a busy batch is replaced by a fresh claim. */
const PRECLAIM_MS = 80;
/** The largest batch an instance claims: a 20th of the limit, at most 1,000. */
export const maxBatch = (perMinute: number) =>
  Math.max(1, Math.min(1000, Math.floor(perMinute / 20)));

export type RateLimitOutcome = {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
};

type Client = Pick<pg.Pool, 'query'>;

// One statement, named: each pooled connection plans it once (it runs several times a second
// per busy key, beside the calls it serves).
const CLAIM = `
  INSERT INTO "Throttle" AS t ("key", "times", "counts", "allowed", "expiresAtMs", "updatedAt")
  VALUES ($1, ARRAY[$2::bigint], ARRAY[least($3::int, $4::int)], true, $5::bigint, $6::timestamptz AT TIME ZONE 'UTC')
  ON CONFLICT ("key") DO UPDATE SET ("times", "counts", "allowed", "expiresAtMs", "updatedAt") = (
    SELECT k.times || $2::bigint, k.counts || g.n, g.n > 0,
           greatest(t."expiresAtMs", $5::bigint), $6::timestamptz AT TIME ZONE 'UTC'
    FROM (
      SELECT coalesce(array_agg(h.at ORDER BY h.i), '{}') AS times, coalesce(array_agg(h.n ORDER BY h.i), '{}') AS counts,
             coalesce(sum(h.n), 0) AS used
      FROM (
        SELECT x.at, x.n, x.i FROM unnest(t."times", t."counts") WITH ORDINALITY AS x(at, n, i)
        WHERE x.at > $7::bigint AND x.n <> 0
        UNION ALL SELECT b.at, b.n, 1e9 FROM unnest($8::bigint[], $9::int[]) AS b(at, n)
      ) h
    ) k, LATERAL (SELECT least($3::int, greatest(0, $4::int - k.used))::int AS n) g
  )
  RETURNING "times", "counts"`;
export type GiveBack = { n: number; at: number };
export type Claim = { granted: number; used: number; times: number[]; counts: number[] };

/**
 * Takes up to `want` calls from the key's window in one atomic statement (the row lock is held
 * for that statement only), recorded at `stamp`; first gives back `giveBack` unused calls of an
 * earlier batch recorded at `giveBackAt`. Entries are appended in claim order (a give-back is a
 * negative count), so the last count is this claim's grant.
 */
export async function claim(
  client: Client,
  key: string,
  p: {
    limit: number;
    want: number;
    nowMs: number;
    stamp: number;
    /** Unused calls of earlier batches, each at the moment it was recorded. */
    giveBack: GiveBack[];
    now: Date;
  },
): Promise<Claim> {
  const w = ACCESS_WINDOW_MS;
  const back = p.giveBack.filter((b) => b.n > 0 && b.at > p.nowMs - w);
  const backAt = back.map((b) => b.at);
  const backN = back.map((b) => -b.n);
  const { rows } = await client.query<{ times: string[]; counts: number[] }>({
    name: 'cc_access_claim',
    text: CLAIM,
    values: [
      key,
      p.stamp,
      p.want,
      p.limit,
      p.stamp + w,
      p.now.toISOString(),
      p.nowMs - w,
      backAt,
      backN,
    ],
  });
  const times = rows[0]!.times.map(Number);
  const counts = rows[0]!.counts.map(Number);
  const granted = counts[counts.length - 1] ?? 0;
  const used = times.reduce((s, at, i) => (at > p.nowMs - w ? s + counts[i]! : s), 0);
  return { granted, used, times, counts };
}

/** When one more call fits again: the first moment enough of the window's entries have left it. */
export function retryAtMs(
  c: Pick<Claim, 'times' | 'counts'>,
  limit: number,
  nowMs: number,
): number {
  const entries = c.times
    .map((at, i) => ({ at, n: c.counts[i]! }))
    .filter((e) => e.at > nowMs - ACCESS_WINDOW_MS);
  entries.sort((a, b) => a.at - b.at);
  let used = entries.reduce((s, e) => s + e.n, 0);
  for (const e of entries) {
    used -= e.n;
    if (used < limit) return e.at + ACCESS_WINDOW_MS;
  }
  return nowMs;
}

type KeyState = {
  limit: number;
  left: number;
  leaseEnd: number;
  stamp: number;
  /** Calls answered from the current batch, to size the next one. */
  served: number;
  granted: number;
  /** A batch dropped for a newer one before its lease ended: given back with the next claim. */
  abandoned: GiveBack | null;
  /** What the window held at the last claim, for X-RateLimit-Remaining. */
  used: number;
  refusedUntil: number;
  retryAt: number;
  waiting: number;
  inflight: Promise<void> | null;
};

export type RateLimiter = {
  hit(apiKeyId: string, perMinute: number, now: Date): Promise<RateLimitOutcome>;
};

/** One per app instance; `client` reaches the shared "Throttle" table. */
export function createRateLimiter(client: () => Client = pool): RateLimiter {
  const keys = new Map<string, KeyState>();
  const fresh = (limit: number): KeyState => ({
    limit,
    left: 0,
    leaseEnd: 0,
    stamp: 0,
    served: 0,
    granted: 0,
    abandoned: null,
    used: 0,
    refusedUntil: 0,
    retryAt: 0,
    waiting: 0,
    inflight: null,
  });

  async function refill(id: string, s: KeyState, now: Date) {
    const nowMs = now.getTime();
    // Twice what the last batch answered, so a steady caller claims about once a lease.
    const want = Math.min(maxBatch(s.limit), Math.max(s.waiting, 2 * s.served, 1));
    const leftover = s.leaseEnd <= nowMs ? s.left : 0;
    const giveBack = [...(s.abandoned ? [s.abandoned] : []), { n: leftover, at: s.stamp }];
    const c = await claim(client(), `access:${id}`, {
      limit: s.limit,
      want,
      nowMs,
      stamp: nowMs + LEASE_MS,
      giveBack,
      now,
    });
    // Calls taken from the old batch while this claim was in flight were counted there; what
    // it still holds is dropped now (it may only be used within its own lease) and given back.
    // (A late call may have taken one of the leftover calls meanwhile: it counts on the new one.)
    const rest = s.left - leftover;
    s.abandoned = rest > 0 ? { n: rest, at: s.stamp } : null;
    s.left = c.granted + Math.min(0, rest);
    s.granted = c.granted;
    s.leaseEnd = nowMs + LEASE_MS;
    s.stamp = nowMs + LEASE_MS;
    s.served = 0;
    s.used = c.used;
    if (c.granted < want) {
      // The window is full for now; do not ask again on every call.
      s.retryAt = retryAtMs(c, s.limit, nowMs);
      s.refusedUntil = Math.max(nowMs + 1, Math.min(s.retryAt, nowMs + LEASE_MS));
    } else s.refusedUntil = 0;
  }

  const start = (id: string, s: KeyState, now: Date) =>
    (s.inflight = refill(id, s, now).finally(() => {
      s.inflight = null;
    }));

  return {
    async hit(id, perMinute, now) {
      if (keys.size > 50_000) keys.clear();
      let s = keys.get(id);
      if (!s || s.limit !== perMinute) {
        // A new limit starts a new batch; what was held stays counted until it leaves the window.
        s = fresh(perMinute);
        keys.set(id, s);
      }
      const nowMs = now.getTime();
      const state = s;
      state.waiting++; // callers wanting a call from this key right now, to size the next claim
      try {
        for (;;) {
          if (state.left > 0 && nowMs < state.leaseEnd) {
            state.left--;
            state.served++;
            const remaining = Math.max(0, perMinute - state.used) + state.left;
            // Claim the next batch before this one runs out, so no call waits for the claim.
            if (
              !state.inflight &&
              (nowMs >= state.leaseEnd - PRECLAIM_MS || state.left * 4 < state.granted)
            )
              start(id, state, now).catch(() => {});
            return { allowed: true, limit: perMinute, remaining, retryAfterSeconds: 0 };
          }
          if (nowMs < state.refusedUntil) {
            return {
              allowed: false,
              limit: perMinute,
              remaining: 0,
              retryAfterSeconds: retryAfterSeconds(state.retryAt, nowMs),
            };
          }
          if (state.inflight) {
            await state.inflight.catch(() => {});
            continue;
          }
          await start(id, state, now);
        }
      } finally {
        state.waiting--;
      }
    },
  };
}

const g = globalThis as unknown as { __ccRateLimiter?: RateLimiter };

/** Counts one call by the key when it fits and says what is left. */
export function hitRateLimit(
  apiKeyId: string,
  perMinute: number,
  now: Date,
): Promise<RateLimitOutcome> {
  g.__ccRateLimiter ??= createRateLimiter();
  return g.__ccRateLimiter.hit(apiKeyId, perMinute, now);
}
