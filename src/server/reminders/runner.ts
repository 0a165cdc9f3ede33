import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { env } from '../env';
import { log } from '../log';
import { repeat, type Loop } from '../repeat';
import { runReminders } from './service';

/** Runs the reminder scheduler in this process every `everyMs`; any instance may, one at a time. */
export function startReminderScheduler(everyMs: number = env().REMINDER_INTERVAL_MS): Loop {
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return repeat(async () => {
    try {
      const r = await runReminders({ holder });
      if (r.sent || r.failed) log.info('reminders.run', { sent: r.sent, failed: r.failed });
    } catch (e) {
      // A database outage: nothing was marked sent, so the next run finds the same reminders.
      log.warn('reminders.run_failed', { error: e instanceof Error ? e.message : String(e) });
    }
    return everyMs;
  }, everyMs);
}
