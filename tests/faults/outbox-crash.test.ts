// The process running the outbox worker is killed (SIGKILL) while a batch is in flight, then a
// fresh worker takes over. Measured: nothing is lost; the one email the mail server had
// received but not yet acknowledged is sent again with the same Message-ID (at-least-once,
// which a receiver de-duplicates by Message-ID); every other email arrives exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { enqueueEmail } from '@/server/outbox/enqueue';
import { createMailTransport } from '@/server/outbox/transport';
import { outboxMessageId, startOutboxWorker } from '@/server/outbox/worker';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { until } from '../support/tcp-proxy';
import { now } from '../support/clock';

const TOTAL = 30;
const LEASE_MS = 6000;
let sink: SmtpSink;
let child: ChildProcess | null = null;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

let hungId: string | null = null;

beforeAll(async () => {
  sink = await startSmtpSink({
    port: await freePort(),
    delayMs: 30,
    // The fifth email arrives whole, but the server's "250 OK" never gets back before the crash.
    onReceived: (m) => {
      if (sink.received.length === 5 && !hungId) {
        hungId = m.messageId;
        return 'hang';
      }
      return 'ok';
    },
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await sink?.close();
});

function startWorkerProcess(): Promise<ChildProcess> {
  const root = path.resolve(import.meta.dirname, '../..');
  const p = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', 'tests/faults/outbox-worker-process.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        OUTBOX_ENABLED: 'true',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(sink.port),
        OUTBOX_TEST_LEASE_MS: String(LEASE_MS),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    p.once('error', reject);
    p.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
    p.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('worker-started')) resolve(p);
    });
  });
}

describe('the app process killed mid-outbox', () => {
  it('loses nothing: a fresh worker sends the rest, the in-flight email again with its Message-ID', async () => {
    await db().$transaction(async (tx) => {
      for (let i = 0; i < TOTAL; i++) {
        await enqueueEmail(tx, {
          template: 'test.crash',
          to: `person${i}@example.ca`,
          subject: `Notice ${i}`,
          text: `Body ${i}`,
          html: `<p>Body ${i}</p>`,
        });
      }
    });

    child = await startWorkerProcess();
    await until('the fifth email in flight', () => hungId !== null, 30_000);
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    // What the crash left: four recorded as sent, the rest of its batch leased, the others waiting.
    const at = now();
    const rows = await db().outboxEmail.findMany();
    const sent = rows.filter((r) => r.status === 'SENT');
    const leased = rows.filter((r) => r.status === 'PENDING' && r.lockedUntil && r.lockedUntil > at);
    expect(sent).toHaveLength(4);
    expect(leased.map((r) => outboxMessageId(r.id))).toContain(hungId);
    expect(leased.length).toBeGreaterThanOrEqual(1);
    expect(rows.filter((r) => r.status !== 'SENT' && r.status !== 'PENDING')).toEqual([]);

    // A fresh worker (the restarted app) sends what nobody holds at once, the leased rows once
    // their lease runs out.
    const transport = createMailTransport({ host: '127.0.0.1', port: sink.port, secure: false, from: 'no-reply@careconnect.test' });
    const worker = startOutboxWorker({ transport, pollMs: 50 });
    try {
      await until('the unleased emails sent', async () =>
        (await db().outboxEmail.count({ where: { status: 'SENT' } })) === TOTAL - leased.length,
      );
      await until('every email sent', async () =>
        (await db().outboxEmail.count({ where: { status: 'SENT' } })) === TOTAL,
      LEASE_MS + 20_000);
    } finally {
      await worker.stop();
      transport.close();
    }

    const counts = sink.counts();
    const all = (await db().outboxEmail.findMany()).map((r) => outboxMessageId(r.id)).sort();
    // No loss: every email's Message-ID arrived.
    expect([...counts.keys()].sort()).toEqual(all);
    // The only repeat is the email the server had but never acknowledged, with one Message-ID.
    const repeated = [...counts].filter(([, n]) => n > 1);
    expect(repeated).toEqual([[hungId, 2]]);
    expect(sink.received).toHaveLength(TOTAL + 1);
    expect(await db().outboxEmail.count({ where: { status: 'DEAD' } })).toBe(0);
  });
});
