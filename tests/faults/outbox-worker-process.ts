// The app's outbox worker alone in its own process, so a fault test can SIGKILL it mid-batch.
// Configured by the environment like the app (DATABASE_URL, SMTP_PORT, OUTBOX_ENABLED=true);
// OUTBOX_TEST_LEASE_MS shortens the lease so the test need not wait five minutes.
import { startOutboxWorker } from '../../src/server/outbox/worker';

const leaseMs = Number(process.env.OUTBOX_TEST_LEASE_MS) || undefined;
startOutboxWorker({ pollMs: 50, leaseMs });
process.stdout.write('worker-started\n');
// The worker's timer does not keep a process alive on its own (it is meant to live in the app).
setInterval(() => {}, 60_000);
