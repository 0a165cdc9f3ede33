import 'server-only';
import { env } from './env';
import { startOutboxWorker } from './outbox/worker';

let started = false;

/** Refuses to start with an incomplete configuration, then starts the in-process outbox worker. */
export async function boot(): Promise<void> {
  if (started) return;
  started = true;
  try {
    env();
  } catch (e) {
    // A clear list of what is missing beats a crash on the first request.
    process.stderr.write(`\n${e instanceof Error ? e.message : String(e)}\nSee .env.example.\n\n`);
    process.exit(1);
  }
  if (env().OUTBOX_ENABLED) {
    const worker = startOutboxWorker();
    const stop = () => void worker.stop();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
}
