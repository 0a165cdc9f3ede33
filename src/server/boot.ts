import 'server-only';
import { env } from './env';
import { startAuditSealer } from './audit-sealer';
import { log } from './log';
import { startOutboxWorker } from './outbox/worker';
import { startReminderScheduler } from './reminders/runner';

let started = false;

/** Refuses to start with an incomplete configuration, then starts the in-process outbox worker. */
export async function boot(): Promise<void> {
  if (started) return;
  started = true;
  try {
    env();
  } catch (e) {
    // A clear list of what is missing beats a crash on the first request, and a production
    // server must not run on a development secret at all. The message names settings only.
    process.stderr.write(
      `\n${e instanceof Error ? e.message : String(e)}\nThe server did not start. See .env.example and the README's production checklist.\n\n`,
    );
    process.exit(1);
  }
  if (env().NODE_ENV === 'production' && env().DEMO_MODE) {
    log.warn('boot.demo_mode', { message: 'DEMO_MODE is on: production checks are off and anyone can record the privacy course. Never on a real deployment.' });
  }
  // Chains committed audit rows at least once a second; any instance may, one at a time.
  const sealer = startAuditSealer();
  process.once('SIGTERM', () => void sealer.stop());
  // Reminders through the outbox (SPEC §16); any instance may run it, one at a time by a lease.
  const reminders = startReminderScheduler();
  process.once('SIGTERM', () => void reminders.stop());
  if (env().OUTBOX_ENABLED) {
    const worker = startOutboxWorker();
    const stop = () => void worker.stop();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
}
