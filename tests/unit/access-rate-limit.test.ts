// The pure parts of the access API's batched rate limit (docs/decisions/026).
import { describe, expect, it } from 'vitest';
import { ACCESS_WINDOW_MS, maxBatch, retryAtMs } from '@/server/access/rate-limit';

const T = 1_000_000;

describe('maxBatch', () => {
  it.each([
    [1, 1],
    [19, 1],
    [20, 1],
    [600, 30],
    [20_000, 1000],
    [100_000, 1000],
  ])('a limit of %i a minute is claimed at most %i at a time', (limit, batch) => {
    expect(maxBatch(limit)).toBe(batch);
  });
});

describe('retryAtMs: when one more call fits', () => {
  it.each([
    ['a full window frees up when its oldest entry leaves', [T - 50_000, T - 10_000], [5, 5], 10, T - 50_000 + ACCESS_WINDOW_MS],
    ['only when enough has left, not the first entry', [T - 50_000, T - 10_000], [1, 9], 9, T - 10_000 + ACCESS_WINDOW_MS],
    ['given-back calls count as gone', [T - 50_000, T - 40_000, T - 10_000], [6, -2, 6], 10, T - 50_000 + ACCESS_WINDOW_MS],
    ['entries already out of the window are ignored', [T - 70_000, T - 10_000], [50, 10], 10, T - 10_000 + ACCESS_WINDOW_MS],
    ['a batch recorded ahead (end of its lease) leaves later', [T + 250], [10], 10, T + 250 + ACCESS_WINDOW_MS],
    ['unsorted entries are taken in time order', [T - 10_000, T - 50_000], [5, 5], 10, T - 50_000 + ACCESS_WINDOW_MS],
  ])('%s', (_name, times, counts, limit, expected) => {
    expect(retryAtMs({ times, counts }, limit, T)).toBe(expected);
  });
});
