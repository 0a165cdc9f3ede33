import 'server-only';

export type Loop = { stop(): Promise<void> };

/**
 * Runs `tick` in this process after `firstMs`, then again after the delay each run answers,
 * one run at a time. Timers are unref'd: a background loop alone must not keep a process alive.
 * `stop()` cancels the next run and waits for one in flight. `tick` handles its own errors;
 * one that throws anyway is retried after a second.
 */
export function repeat(tick: () => Promise<number>, firstMs: number): Loop {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      running = tick()
        .catch(() => 1000)
        .then((next) => {
          running = null;
          schedule(next);
        });
    }, ms);
    timer.unref();
  };
  schedule(firstMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
