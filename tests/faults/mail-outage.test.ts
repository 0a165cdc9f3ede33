// The mail server goes away for a while and comes back, with the real outbox worker and its
// real SMTP transport: every committed email arrives, none twice.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { enqueueEmail } from '@/server/outbox/enqueue';
import { createMailTransport } from '@/server/outbox/transport';
import { outboxMessageId, startOutboxWorker } from '@/server/outbox/worker';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { until } from '../support/tcp-proxy';

let port: number;
let transport: ReturnType<typeof createMailTransport>;
let worker: { stop(): Promise<void> } | null = null;
let sink: SmtpSink | null = null;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

beforeEach(async () => {
  await db().outboxEmail.deleteMany();
  port = await freePort();
  transport = createMailTransport({ host: '127.0.0.1', port, secure: false, from: 'no-reply@careconnect.test' });
  // Short retry delays so an outage of seconds shows several attempts.
  worker = startOutboxWorker({ transport, pollMs: 50, backoff: () => 150 });
});

afterEach(async () => {
  await worker?.stop();
  transport.close();
  await sink?.close();
  sink = null;
});

async function enqueue(from: number, n: number) {
  await db().$transaction(async (tx) => {
    for (let i = from; i < from + n; i++) {
      await enqueueEmail(tx, {
        template: 'test.fault',
        to: `person${i}@example.ca`,
        subject: `Notice ${i}`,
        text: `Body ${i}`,
        html: `<p>Body ${i}</p>`,
      });
    }
  });
}

const statuses = async () =>
  (await db().outboxEmail.groupBy({ by: ['status'], _count: { _all: true } })).reduce<Record<string, number>>(
    (acc, g) => ({ ...acc, [g.status]: g._count._all }),
    {},
  );

/** Every row is SENT and its Message-ID arrived; returns how often each arrived. */
async function expectAllDeliveredOnce(total: number) {
  await until(`all ${total} emails sent`, async () => (await statuses()).SENT === total, 30_000);
  const rows = await db().outboxEmail.findMany();
  const counts = sink!.counts();
  expect([...counts.keys()].sort()).toEqual(rows.map((r) => outboxMessageId(r.id)).sort());
  expect([...counts.values()].filter((c) => c > 1)).toEqual([]);
  expect(sink!.received).toHaveLength(total);
}

describe('mail server down for a while, then back', () => {
  it('keeps retrying while it is down and delivers each email exactly once when it is back', async () => {
    await enqueue(0, 20);
    // Down: every attempt fails with "connection refused" and is rescheduled, none is lost.
    await until('two failed attempts each', async () => {
      const rows = await db().outboxEmail.findMany();
      return rows.every((r) => r.status === 'PENDING' && r.attempts >= 2 && /ECONNREFUSED/.test(r.lastError ?? ''));
    });
    await enqueue(20, 10); // new emails keep arriving during the outage

    sink = await startSmtpSink({ port });
    await expectAllDeliveredOnce(30);
    expect(await db().outboxEmail.count({ where: { status: 'DEAD' } })).toBe(0);
  });

  it('a server that stops mid-backlog and comes back: no email lost, none twice', async () => {
    sink = await startSmtpSink({ port, delayMs: 20 });
    await enqueue(0, 40);
    await until('some delivered', () => sink!.received.length >= 10);
    // The server goes away in the middle of the backlog.
    await sink.close();
    const seenBefore = sink.received;
    await until('the worker noticed', async () =>
      (await db().outboxEmail.count({ where: { status: 'PENDING', lastError: { not: null } } })) > 0,
    );
    sink = await startSmtpSink({ port });
    sink.received.unshift(...seenBefore);
    await expectAllDeliveredOnce(40);
  });
});
