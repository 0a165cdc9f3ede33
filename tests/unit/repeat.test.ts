import { describe, expect, it } from 'vitest';
import { repeat } from '@/server/repeat';
import { until } from '../support/tcp-proxy';

// The one background loop (outbox worker, reminder scheduler, audit sealer): one run at a time,
// the next after the delay the run answers, nothing after stop.
describe('repeat', () => {
  it('runs again after the delay each run answers, never two at once', async () => {
    let active = 0;
    let overlapped = false;
    const delays: number[] = [];
    const loop = repeat(async () => {
      active++;
      overlapped ||= active > 1;
      await new Promise((r) => setImmediate(r));
      active--;
      delays.push(delays.length);
      return 1;
    }, 1);
    await until('five runs', () => delays.length >= 5);
    await loop.stop();
    expect(overlapped).toBe(false);
  });

  it('stop waits for the run in flight and cancels the next', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started = 0;
    let finished = 0;
    const loop = repeat(async () => {
      started++;
      await gate;
      finished++;
      return 1;
    }, 1);
    await until('the first run', () => started === 1);
    const stopping = loop.stop();
    release();
    await stopping;
    expect(finished).toBe(1);
    const after = started;
    await new Promise((r) => setImmediate(r));
    expect(started).toBe(after);
  });

  it('keeps going after a run that throws', async () => {
    let runs = 0;
    const loop = repeat(async () => {
      runs++;
      if (runs === 1) throw new Error('database down');
      return 1;
    }, 1);
    await until('a run after the failure', () => runs >= 2, 60_000);
    await loop.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
  });
});
