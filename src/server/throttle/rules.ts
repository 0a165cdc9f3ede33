// Sliding-window limits, pure: no I/O, no clock. The store (store.ts) decides atomically in SQL
// with the same arithmetic; these functions parse the configuration and explain a refusal.

import { pacificClock, pacificDate, pacificWeekdayDate } from '@/lib/pacific';

/** At most `limit` events in any `windowMs`. */
export type Limit = { limit: number; windowMs: number };

/** Recent allowed events, oldest first: `at` is an epoch-ms bucket end, `n` the events in it. */
export type Hit = { at: number; n: number };

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_WINDOW_MS = 7 * UNIT_MS.d;
const MAX_LIMIT = 1_000_000;
const LIMIT = /^(\d{1,7})\/(\d{1,4})([smhd])$/;

/** "20/1h,100/1d" → two limits. Throws a message naming the part that is wrong. */
export function parseLimits(text: string): Limit[] {
  const parts = text.split(',').map((p) => p.trim());
  const limits = parts.map((p) => {
    const m = LIMIT.exec(p);
    if (!m) throw new Error(`"${p}" is not a limit such as 20/1h (units s, m, h, d)`);
    const limit = Number(m[1]);
    const windowMs = Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS];
    if (limit < 1 || limit > MAX_LIMIT) throw new Error(`"${p}": the count must be 1 to ${MAX_LIMIT}`);
    if (windowMs < UNIT_MS.s || windowMs > MAX_WINDOW_MS) throw new Error(`"${p}": the period must be 1s to 7d`);
    return { limit, windowMs };
  });
  return limits.sort((a, b) => a.windowMs - b.windowMs);
}

/**
 * Events are stored in buckets of this width (a 60th of the shortest window, between a second
 * and a minute), so a row holds at most 60 entries per minute however high the limit. An event is
 * stored at the end of its bucket: it may count slightly longer than its window, never shorter,
 * so "at most N in any window" holds exactly.
 */
export const resolutionOf = (limits: readonly Limit[]): number =>
  Math.min(60_000, Math.max(1000, Math.floor(Math.min(...limits.map((l) => l.windowMs)) / 60)));

export const bucketOf = (nowMs: number, resolutionMs: number): number =>
  Math.ceil(nowMs / resolutionMs) * resolutionMs;

export const longestWindow = (limits: readonly Limit[]): number => Math.max(...limits.map((l) => l.windowMs));

/** Events that still count for a window ending now. */
const counted = (hits: readonly Hit[], windowMs: number, nowMs: number) =>
  hits.filter((h) => h.at > nowMs - windowMs).sort((a, b) => a.at - b.at);

export type Verdict =
  | { allowed: true }
  | {
      allowed: false;
      /** The limit that holds longest; its count is what the refusal reports. */
      limit: Limit;
      count: number;
      /** The first instant at which one more event fits every limit. */
      retryAt: number;
    };

/** Whether `weight` more events fit every limit now, and if not, when they will. */
export function judge(hits: readonly Hit[], limits: readonly Limit[], nowMs: number, weight = 1): Verdict {
  let worst: Extract<Verdict, { allowed: false }> | null = null;
  for (const l of limits) {
    const inWindow = counted(hits, l.windowMs, nowMs);
    let count = inWindow.reduce((s, h) => s + h.n, 0);
    if (count + weight <= l.limit) continue;
    const reported = count;
    // Oldest first, each bucket leaves the window at at + windowMs; stop when enough have left.
    let retryAt = nowMs;
    for (const h of inWindow) {
      count -= h.n;
      retryAt = h.at + l.windowMs;
      if (count + weight <= l.limit) break;
    }
    if (!worst || retryAt > worst.retryAt) worst = { allowed: false, limit: l, count: reported, retryAt };
  }
  return worst ?? { allowed: true };
}

/**
 * "14:05", or "09:12 on Tuesday, December 8" when that is another day, in Pacific time. Rounded
 * up to the minute, so trying again at the time shown always works.
 */
export function tryAgainAfter(retryAtMs: number, nowMs: number): string {
  const at = new Date(Math.ceil(retryAtMs / 60_000) * 60_000);
  const time = pacificClock(at);
  return pacificDate(at) === pacificDate(new Date(nowMs)) ? time : `${time} on ${pacificWeekdayDate(at)}`;
}

/** "the last hour", "the last 24 hours", "the last 10 minutes". */
export function windowWords(windowMs: number): string {
  const units: Array<[number, string]> = [
    [UNIT_MS.h, 'hour'],
    [UNIT_MS.m, 'minute'],
    [UNIT_MS.s, 'second'],
  ];
  for (const [ms, word] of units) {
    if (windowMs % ms !== 0) continue;
    const n = windowMs / ms;
    return n === 1 ? `the last ${word}` : `the last ${n} ${word}s`;
  }
  return `the last ${Math.round(windowMs / 1000)} seconds`;
}

/** "10 minutes", "an hour": a period, for "less than … ago". */
export function periodWords(windowMs: number): string {
  const words = windowWords(windowMs).replace(/^the last /, '');
  return /^\d/.test(words) ? words : words === 'hour' ? 'an hour' : `a ${words}`;
}

/** Seconds until `retryAtMs`, at least 1: for Retry-After headers. */
export const retryAfterSeconds = (retryAtMs: number, nowMs: number): number =>
  Math.max(1, Math.ceil((retryAtMs - nowMs) / 1000));
