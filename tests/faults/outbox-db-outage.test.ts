// The database goes away while the outbox worker is sending (between "the mail server accepted
// it" and "recorded as sent"), then comes back. The in-process worker must survive the errors
// and carry on by itself: nothing is lost, and nothing is sent twice (the worker remembers the
// sends it could not record and records them first when the database is back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { enqueueEmail } from '@/server/outbox/enqueue';
import { createMailTransport } from '@/server/outbox/transport';
import { outboxMessageId, startOutboxWorker } from '@/server/outbox/worker';
import { captureLog } from '../support/log-capture';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { startTcpProxy, until, type TcpProxy } from '../support/tcp-proxy';
import { monotonic } from '../support/clock';

const TOTAL = 30;
let proxy: TcpProxy;
let sink: SmtpSink;

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  process.env.DATABASE_URL = url.toString();
  sink = await startSmtpSink({ port: 0, delayMs: 25 });
});

afterAll(async () => {
  await sink?.close();
  await proxy?.close();
});

describe('database outage while the outbox worker sends', () => {
  it('the worker survives, resumes when the database is back, and loses nothing', async () => {
    await db().$transaction(async (tx) => {
      for (let i = 0; i < TOTAL; i++) {
        await enqueueEmail(tx, {
          template: 'test.db-outage',
          to: `person${i}@example.ca`,
          subject: `Notice ${i}`,
          text: `Body ${i}`,
          html: `<p>Body ${i}</p>`,
        });
      }
    });
    const transport = createMailTransport({ host: '127.0.0.1', port: sink.port, secure: false, from: 'no-reply@careconnect.test' });
    // A short lease: rows claimed by the batch the outage broke come back within seconds.
    const worker = startOutboxWorker({ transport, pollMs: 50, leaseMs: 3000 });
    const logged = captureLog();
    try {
      await until('some sent', () => sink.received.length >= 5);
      const downAt = monotonic();
      await proxy.refuse();
      proxy.cutAll();
      await until('the worker hit the outage', () => logged.find('outbox.batch_failed').length > 0);
      await until('two seconds of outage', () => monotonic() - downAt >= 2000, 10_000);
      await proxy.restore();

      await until('every email recorded as sent', async () => (await db().outboxEmail.count({ where: { status: 'SENT' } })) === TOTAL, 30_000);
    } finally {
      logged.stop();
      await worker.stop();
      transport.close();
    }

    const counts = sink.counts();
    const all = (await db().outboxEmail.findMany()).map((r) => outboxMessageId(r.id)).sort();
    expect([...counts.keys()].sort()).toEqual(all); // none lost
    // At most the one email in flight when the connection dropped arrives twice, same Message-ID.
    // None twice either: a send whose SENT record failed is recorded once the database is back.
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(sink.received).toHaveLength(TOTAL);
    expect(logged.find('outbox.sent_unrecorded').length).toBeGreaterThan(0);
  });
});
