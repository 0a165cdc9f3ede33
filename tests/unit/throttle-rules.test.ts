import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  judge,
  parseLimits,
  periodWords,
  resolutionOf,
  retryAfterSeconds,
  tryAgainAfter,
  windowWords,
  type Hit,
} from '@/server/throttle/rules';
import { TRAPS } from '../support/clock';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('parseLimits', () => {
  it('reads count/period pairs, shortest window first', () => {
    expect(parseLimits('100/1d, 20/1h')).toEqual([
      { limit: 20, windowMs: HOUR },
      { limit: 100, windowMs: DAY },
    ]);
    expect(parseLimits('1/10m')).toEqual([{ limit: 1, windowMs: 10 * MIN }]);
    expect(parseLimits('5/30s')).toEqual([{ limit: 5, windowMs: 30_000 }]);
  });

  it.each(['', '20', '20/h', '20/1w', '0/1h', '-1/1h', '20/0s', '20/8d', '1.5/1h', '20 per hour', '20/1h;100/1d'])(
    'refuses "%s"',
    (text) => {
      expect(() => parseLimits(text)).toThrow();
    },
  );
});

describe('judge: at most N in any window', () => {
  const hourly = [{ limit: 3, windowMs: HOUR }];

  it('allows until the limit, then refuses until the oldest event leaves the window', () => {
    const t0 = TRAPS.ordinaryTuesday.getTime();
    const hits: Hit[] = [
      { at: t0, n: 1 },
      { at: t0 + 10 * MIN, n: 2 },
    ];
    expect(judge(hits.slice(0, 1), hourly, t0 + 20 * MIN)).toEqual({ allowed: true });
    const refused = judge(hits, hourly, t0 + 20 * MIN);
    expect(refused).toEqual({ allowed: false, limit: hourly[0], count: 3, retryAt: t0 + HOUR });
    // One event leaves at t0 + 1h: room for one, not for two.
    expect(judge(hits, hourly, t0 + HOUR)).toEqual({ allowed: true });
    expect(judge(hits, hourly, t0 + HOUR, 2)).toMatchObject({ allowed: false, retryAt: t0 + 10 * MIN + HOUR });
  });

  it('reports the limit that holds longest when several are reached', () => {
    const limits = parseLimits('2/1h,3/1d');
    const t0 = TRAPS.weekdayLate.getTime();
    const hits: Hit[] = [
      { at: t0, n: 1 },
      { at: t0 + 5 * HOUR, n: 1 },
      { at: t0 + 6 * HOUR, n: 1 },
    ];
    const v = judge(hits, limits, t0 + 6 * HOUR + MIN);
    expect(v).toMatchObject({ allowed: false, limit: { limit: 3, windowMs: DAY }, count: 3, retryAt: t0 + DAY });
  });

  it('an event counts for its whole window, never less, because buckets end later than the event', () => {
    const res = resolutionOf(parseLimits('20/1h'));
    expect(res).toBe(MIN);
    const at = TRAPS.ordinaryTuesday.getTime() + 12_345;
    const bucket = bucketOf(at, res);
    expect(bucket).toBeGreaterThanOrEqual(at);
    expect(bucket - at).toBeLessThan(res);
    const limits = [{ limit: 1, windowMs: HOUR }];
    expect(judge([{ at: bucket, n: 1 }], limits, at + HOUR - 1).allowed).toBe(false);
    expect(judge([{ at: bucket, n: 1 }], limits, bucket + HOUR).allowed).toBe(true);
    // A high limit over a minute still stores at most 60 buckets a minute; a day counts to the minute.
    expect(resolutionOf([{ limit: 100_000, windowMs: MIN }])).toBe(1000);
    expect(resolutionOf(parseLimits('10/1d'))).toBe(MIN);
    expect(resolutionOf(parseLimits('1/10m'))).toBe(10_000);
  });
});

describe('the words of a refusal', () => {
  it('says when to try again in Pacific time, rounded up to the minute', () => {
    const now = TRAPS.ordinaryTuesday; // 09:00 Pacific, daylight time
    expect(tryAgainAfter(now.getTime() + 65 * MIN + 1000, now.getTime())).toBe('10:06');
    expect(tryAgainAfter(now.getTime() + 5 * HOUR, now.getTime())).toBe('14:00');
  });

  it('names the day when it is not today in Pacific time, even where UTC has already moved on', () => {
    // 23:30 Pacific on Sunday: 00:15 is Monday.
    expect(tryAgainAfter(TRAPS.sundayLate.getTime() + 45 * MIN, TRAPS.sundayLate.getTime())).toBe('00:15 on Monday, January 12');
    // 23:30 Pacific on a Wednesday (already Thursday in UTC): 23:45 is still today.
    expect(tryAgainAfter(TRAPS.weekdayLate.getTime() + 15 * MIN, TRAPS.weekdayLate.getTime())).toBe('23:45');
    expect(tryAgainAfter(TRAPS.newYearsEve.getTime() + DAY, TRAPS.newYearsEve.getTime())).toBe('23:30 on Friday, January 1');
  });

  it('keeps the wall clock across the daylight-time switch', () => {
    // 03:30 daylight time on the day it starts; a day later is 03:30 again, not 02:30 or 04:30.
    expect(tryAgainAfter(TRAPS.springForward.getTime() + DAY, TRAPS.springForward.getTime())).toBe('03:30 on Monday, March 9');
    expect(tryAgainAfter(TRAPS.fallBackFirst.getTime() + HOUR, TRAPS.fallBackFirst.getTime())).toBe('01:30');
  });

  it('names windows and periods plainly', () => {
    expect(windowWords(HOUR)).toBe('the last hour');
    expect(windowWords(DAY)).toBe('the last 24 hours');
    expect(windowWords(10 * MIN)).toBe('the last 10 minutes');
    expect(windowWords(30_000)).toBe('the last 30 seconds');
    expect(periodWords(10 * MIN)).toBe('10 minutes');
    expect(periodWords(MIN)).toBe('a minute');
    expect(periodWords(HOUR)).toBe('an hour');
  });

  it('gives Retry-After in whole seconds, at least one', () => {
    expect(retryAfterSeconds(1500, 0)).toBe(2);
    expect(retryAfterSeconds(0, 0)).toBe(1);
  });
});
