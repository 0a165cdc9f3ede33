// The shared limiter itself, on real PostgreSQL: exact under concurrency, a sliding window (no
// double burst at a boundary), nothing counted for a transaction that rolls back, and idle rows
// swept. The throttles built on it are tested in throttle-*.test.ts.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { parseLimits } from '@/server/throttle/rules';
import { peek, sweep, take } from '@/server/throttle/store';
import { TRAPS } from '../support/clock';

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const key = () => `test:${randomUUID()}`;

async function row(k: string) {
  const rows = await db().$queryRaw<{ times: bigint[]; counts: number[] }[]>`SELECT "times", "counts" FROM "Throttle" WHERE "key" = ${k}`;
  return rows[0] ? { total: rows[0].counts.reduce((s, n) => s + n, 0), buckets: rows[0].times.length } : null;
}

describe('take', () => {
  it('allows exactly the limit of 50 parallel attempts, on a new key and on an existing one', async () => {
    const limits = parseLimits('20/1m');
    const t0 = TRAPS.ordinaryTuesday;
    for (const exists of [false, true]) {
      const k = key();
      if (exists) await take(db(), k, limits, t0);
      const before = exists ? 1 : 0;
      const results = await Promise.all(Array.from({ length: 50 }, () => take(db(), k, limits, at(t0, 1000))));
      expect(results.filter((r) => r.allowed)).toHaveLength(20 - before);
      expect((await row(k))!.total).toBe(20);
    }
  });

  it('is a sliding window: a burst at the end of one minute leaves no room at the start of the next', async () => {
    const k = key();
    const limits = parseLimits('10/1m');
    const t0 = new Date('2026-06-16T16:00:50Z');
    const first = await Promise.all(Array.from({ length: 10 }, () => take(db(), k, limits, t0)));
    expect(first.every((r) => r.allowed)).toBe(true);
    // Ten seconds later a fixed window would have started over.
    const refused = await take(db(), k, limits, at(t0, 10_000));
    expect(refused).toMatchObject({ allowed: false, count: 10, retryAt: at(t0, 60_000).getTime() });
    expect((await take(db(), k, limits, at(t0, 59_999))).allowed).toBe(false);
    expect((await take(db(), k, limits, at(t0, 60_000))).allowed).toBe(true);
  });

  it('checks every limit: the hourly one refuses while the minute has room', async () => {
    const k = key();
    const limits = parseLimits('3/1m,5/1h');
    const t0 = TRAPS.weekdayLate;
    for (const ms of [0, 1000, 2000, 120_000, 121_000]) expect((await take(db(), k, limits, at(t0, ms))).allowed).toBe(true);
    const v = await take(db(), k, limits, at(t0, 240_000));
    expect(v).toMatchObject({ allowed: false, limit: { limit: 5, windowMs: 3_600_000 }, count: 5 });
    expect(v.allowed === false && v.retryAt).toBe(at(t0, 3_600_000).getTime());
  });

  it('counts nothing for a transaction that rolls back, and holds the row until it ends', async () => {
    const k = key();
    const limits = parseLimits('1/1h');
    const t0 = TRAPS.ordinaryTuesday;
    await expect(
      db().$transaction(async (tx) => {
        expect((await take(tx, k, limits, t0)).allowed).toBe(true);
        throw new Error('the email could not be queued');
      }),
    ).rejects.toThrow('the email could not be queued');
    expect((await take(db(), k, limits, t0)).allowed).toBe(true);
    expect((await take(db(), k, limits, t0)).allowed).toBe(false);
  });

  it('peek tells without recording', async () => {
    const k = key();
    const limits = parseLimits('2/10m');
    const t0 = TRAPS.saturday;
    expect(await peek(db(), k, limits, t0)).toEqual({ allowed: true });
    await take(db(), k, limits, t0);
    await take(db(), k, limits, t0);
    for (let i = 0; i < 3; i++) expect((await peek(db(), k, limits, t0)).allowed).toBe(false);
    expect((await row(k))!.total).toBe(2);
  });

  it('keeps at most one entry per bucket however many events, and sweeps rows that no longer count', async () => {
    const k = key();
    const limits = parseLimits('1000/1m');
    const t0 = TRAPS.ordinaryTuesday;
    await Promise.all(Array.from({ length: 40 }, (_, i) => take(db(), k, limits, at(t0, 100 + (i % 4) * 100))));
    expect(await row(k)).toEqual({ total: 40, buckets: 1 });
    const later = at(t0, 2 * 60_000);
    const other = key();
    await take(db(), other, limits, later, { sweep: true });
    expect(await row(k)).toBeNull();
    expect(await row(other)).toEqual({ total: 1, buckets: 1 });
    expect(await sweep(db(), later)).toBe(0);
  });
});
