import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { contactEmailChangedNotices } from '@/server/email/templates/contact-email-changed';
import { enqueueNotices } from '@/server/notify';
import { enqueueEmail, type EnqueueEmailInput } from '@/server/outbox/enqueue';
import { createMailTransport } from '@/server/outbox/transport';
import {
  claimOutboxBatch,
  outboxBacklog,
  outboxMessageId,
  processOutboxBatch,
  startOutboxWorker,
} from '@/server/outbox/worker';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher/server';
import { clearMessages, listMessages, waitForMessage } from '../support/mail';
import { fromNow, now } from '../support/clock';

const FROM = 'my.CareConnect <no-reply@careconnect.test>';
const smtpTo = (port: number) =>
  createMailTransport({ host: '127.0.0.1', port, secure: false, from: FROM });

let catcher: MailCatcher;
let mailUrl: string;
let transport: ReturnType<typeof createMailTransport>;

beforeAll(async () => {
  catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  mailUrl = `http://127.0.0.1:${catcher.httpPort}`;
  transport = smtpTo(catcher.smtpPort);
});

afterAll(async () => {
  transport?.close();
  await catcher?.close();
});

beforeEach(async () => {
  await db().outboxEmail.deleteMany();
  await clearMessages(mailUrl);
});

const email = (i: number, extra: Partial<EnqueueEmailInput> = {}): EnqueueEmailInput => ({
  template: 'test.hello',
  to: `person${i}@example.ca`,
  subject: `Hello ${i}`,
  text: `Plain text body ${i}`,
  html: `<p>HTML body <strong>${i}</strong></p>`,
  ...extra,
});

const enqueueAll = (emails: EnqueueEmailInput[]) =>
  db().$transaction(async (tx) => {
    for (const e of emails) await enqueueEmail(tx, e);
  });

/** A port nothing listens on: bind an ephemeral one, then release it. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const at = (base: Date, ms: number) => () => new Date(base.getTime() + ms);
const rows = () => db().outboxEmail.findMany({ orderBy: { toAddress: 'asc' } });

describe('enqueue', () => {
  it('stores nothing when the surrounding transaction fails', async () => {
    await expect(
      db().$transaction(async (tx) => {
        await enqueueEmail(tx, email(1));
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await db().outboxEmail.count()).toBe(0);
  });

  it('refuses a subject or address with a line break, and the transaction stores nothing', async () => {
    await expect(
      enqueueAll([email(1), email(2, { subject: 'Hi\r\nBcc: x@example.ca' })]),
    ).rejects.toThrow(/line breaks/);
    await expect(enqueueAll([email(3, { to: 'a@example.ca\nBcc: x@example.ca' })])).rejects.toThrow(
      /line breaks/,
    );
    expect(await db().outboxEmail.count()).toBe(0);
  });

  it('stores one row per dedupe key, keeping the first', async () => {
    await enqueueAll([email(1, { dedupeKey: 'event-1' })]);
    await enqueueAll([email(1, { dedupeKey: 'event-1', subject: 'Second try' })]);
    await enqueueAll([email(2, { dedupeKey: 'event-2' }), email(2, { dedupeKey: 'event-2' })]);
    await enqueueAll([email(3), email(3)]); // no key: both are kept

    const stored = await rows();
    expect(stored.map((r) => r.dedupeKey)).toEqual(['event-1', 'event-2', null, null]);
    expect(stored[0]!.subject).toBe('Hello 1');

    await processOutboxBatch({ transport, maxAttempts: 3 });
    expect((await listMessages(mailUrl)).map((m) => m.to[0]).sort()).toEqual([
      'person1@example.ca',
      'person2@example.ca',
      'person3@example.ca',
      'person3@example.ca',
    ]);
  });
});

describe('processOutboxBatch', () => {
  it('delivers a committed email once, with text, HTML and the outbox Message-ID', async () => {
    await enqueueAll([email(1, { personId: null })]);
    const [row] = await rows();

    expect(await processOutboxBatch({ transport, maxAttempts: 3 })).toEqual({
      sent: 1,
      retried: 0,
      dead: 0,
    });
    const msg = await waitForMessage(mailUrl, {
      to: 'person1@example.ca',
      subjectIncludes: 'Hello 1',
    });
    expect(msg.text.trim()).toBe('Plain text body 1');
    expect(msg.html).toContain('<p>HTML body <strong>1</strong></p>');
    expect(msg.from).toContain('no-reply@careconnect.test');
    expect(msg.messageId).toBe(outboxMessageId(row!.id));

    const sent = await db().outboxEmail.findUniqueOrThrow({ where: { id: row!.id } });
    expect(sent).toMatchObject({ status: 'SENT', attempts: 1, lockedUntil: null, lastError: null });
    expect(sent.messageId).toBe(outboxMessageId(row!.id));
    expect(sent.sentAt).toBeInstanceOf(Date);

    expect(await processOutboxBatch({ transport, maxAttempts: 3 })).toEqual({
      sent: 0,
      retried: 0,
      dead: 0,
    });
    expect(await listMessages(mailUrl)).toHaveLength(1);
  });

  it('sends each of 50 emails exactly once with two workers running concurrently', async () => {
    await enqueueAll(Array.from({ length: 50 }, (_, i) => email(i)));
    const second = smtpTo(catcher.smtpPort);

    const loop = async (t: typeof transport) => {
      let sent = 0;
      for (;;) {
        const r = await processOutboxBatch({ transport: t, batchSize: 4, maxAttempts: 3 });
        sent += r.sent;
        expect(r.retried + r.dead).toBe(0);
        if (r.sent === 0) return sent;
      }
    };
    const [a, b] = await Promise.all([loop(transport), loop(second)]);
    second.close();

    expect(a + b).toBe(50);
    const stored = await rows();
    expect(stored.every((r) => r.status === 'SENT' && r.attempts === 1)).toBe(true);

    const caught = await listMessages(mailUrl);
    expect(caught).toHaveLength(50);
    const ids = caught.map((m) => m.messageId).sort();
    expect(new Set(ids).size).toBe(50);
    expect(ids).toEqual(stored.map((r) => outboxMessageId(r.id)).sort());
  });

  it('keeps emails while the mail server is down and delivers them once when it is back', async () => {
    const port = await closedPort();
    const down = smtpTo(port);
    await enqueueAll([email(1), email(2), email(3)]);
    const t0 = now();

    expect(await processOutboxBatch({ transport: down, maxAttempts: 5, now: () => t0 })).toEqual({
      sent: 0,
      retried: 3,
      dead: 0,
    });
    for (const r of await rows()) {
      expect(r).toMatchObject({ status: 'PENDING', attempts: 1, lockedUntil: null });
      expect(r.lastError).toMatch(/ECONNREFUSED/);
      expect(r.nextAttemptAt.getTime()).toBe(t0.getTime() + 30_000);
    }

    // Not due yet: nothing is attempted.
    expect(
      await processOutboxBatch({ transport: down, maxAttempts: 5, now: at(t0, 29_000) }),
    ).toEqual({
      sent: 0,
      retried: 0,
      dead: 0,
    });

    // Still down on the next attempt: the delay doubles.
    const t1 = at(t0, 31_000);
    expect((await processOutboxBatch({ transport: down, maxAttempts: 5, now: t1 })).retried).toBe(
      3,
    );
    for (const r of await rows()) {
      expect(r.attempts).toBe(2);
      expect(r.nextAttemptAt.getTime()).toBe(t1().getTime() + 60_000);
    }

    // The server comes up on the same port.
    const back = await startMailCatcher({ smtpPort: port, httpPort: 0 });
    try {
      const later = at(t0, 10 * 60_000);
      expect(await processOutboxBatch({ transport: down, maxAttempts: 5, now: later })).toEqual({
        sent: 3,
        retried: 0,
        dead: 0,
      });
      expect((await processOutboxBatch({ transport: down, maxAttempts: 5, now: later })).sent).toBe(
        0,
      );

      const caught = await listMessages(`http://127.0.0.1:${back.httpPort}`);
      expect(caught.map((m) => m.to[0]).sort()).toEqual([
        'person1@example.ca',
        'person2@example.ca',
        'person3@example.ca',
      ]);
      for (const r of await rows()) {
        expect(r).toMatchObject({
          status: 'SENT',
          attempts: 3,
          lockedUntil: null,
          lastError: null,
        });
      }
    } finally {
      down.close();
      await back.close();
    }
  });

  it('dead-letters after the attempt limit and never retries a dead email', async () => {
    const down = smtpTo(await closedPort());
    await enqueueAll([email(1)]);
    const t0 = now();

    expect(
      (await processOutboxBatch({ transport: down, maxAttempts: 2, now: () => t0 })).retried,
    ).toBe(1);
    expect(
      await processOutboxBatch({ transport: down, maxAttempts: 2, now: at(t0, 60 * 60_000) }),
    ).toEqual({
      sent: 0,
      retried: 0,
      dead: 1,
    });
    down.close();

    const [dead] = await rows();
    expect(dead).toMatchObject({ status: 'DEAD', attempts: 2, lockedUntil: null });
    expect(dead!.lastError).toMatch(/ECONNREFUSED/);

    // Even with a working server and much later, a dead email stays dead.
    expect(
      await processOutboxBatch({ transport, maxAttempts: 2, now: at(t0, 7 * 24 * 3600_000) }),
    ).toEqual({
      sent: 0,
      retried: 0,
      dead: 0,
    });
    expect(await listMessages(mailUrl)).toHaveLength(0);
    expect((await rows())[0]).toMatchObject({ status: 'DEAD', attempts: 2 });
    expect(await outboxBacklog()).toMatchObject({
      pending: 0,
      dead: 1,
      oldestPendingSeconds: null,
    });
  });

  it('reclaims an email whose worker died mid-send once the lease expires', async () => {
    await enqueueAll([email(1)]);
    const t0 = now();
    // A worker claims the row and is killed before it sends anything.
    expect(await claimOutboxBatch({ batchSize: 10, leaseMs: 60_000, now: t0 })).toHaveLength(1);

    // While the lease holds, no other worker touches it.
    expect(
      (await processOutboxBatch({ transport, maxAttempts: 3, now: at(t0, 59_000) })).sent,
    ).toBe(0);
    expect(await listMessages(mailUrl)).toHaveLength(0);

    expect(
      (await processOutboxBatch({ transport, maxAttempts: 3, now: at(t0, 61_000) })).sent,
    ).toBe(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'SENT', attempts: 2, lockedUntil: null });
    const caught = await listMessages(mailUrl);
    expect(caught).toHaveLength(1);
    expect(caught[0]!.messageId).toBe(outboxMessageId(row!.id));
  });

  it('resends with the same Message-ID when a worker died after the server accepted', async () => {
    await enqueueAll([email(1)]);
    const t0 = now();
    const [claimed] = await claimOutboxBatch({ batchSize: 10, leaseMs: 60_000, now: t0 });
    // The first worker's send went through, then it died before recording it.
    await transport.sendMail({
      to: claimed!.toAddress,
      subject: claimed!.subject,
      text: claimed!.textBody,
      html: claimed!.htmlBody,
      messageId: outboxMessageId(claimed!.id),
    });

    expect(
      (await processOutboxBatch({ transport, maxAttempts: 3, now: at(t0, 61_000) })).sent,
    ).toBe(1);
    const caught = await listMessages(mailUrl);
    expect(caught).toHaveLength(2);
    expect(new Set(caught.map((m) => m.messageId))).toEqual(
      new Set([outboxMessageId(claimed!.id)]),
    );
  });

  it('reports the backlog for the health check', async () => {
    expect(await outboxBacklog()).toEqual({ pending: 0, dead: 0, oldestPendingSeconds: null });
    await enqueueAll([email(1), email(2)]);
    const backlog = await outboxBacklog(fromNow(120_000));
    expect(backlog.pending).toBe(2);
    expect(backlog.dead).toBe(0);
    expect(backlog.oldestPendingSeconds).toBeGreaterThanOrEqual(115);
    expect(backlog.oldestPendingSeconds).toBeLessThanOrEqual(125);
  });
});

describe('contact email changed notice', () => {
  it('commits with the profile change and reaches both the old and the new address', async () => {
    const person = await db().person.create({
      data: {
        legalGivenName: 'Ada',
        legalFamilyName: 'Lovelace',
        identityAssuranceLevel: 3,
        contactEmail: 'ada.old@example.ca',
      },
    });
    const changedAt = new Date('2026-03-05T18:30:00Z');
    const change = () =>
      db().$transaction(async (tx) => {
        await tx.person.update({
          where: { id: person.id },
          data: { contactEmail: 'ada.new@example.ca' },
        });
        await enqueueNotices(
          tx,
          contactEmailChangedNotices({
            personId: person.id,
            oldEmail: 'ada.old@example.ca',
            newEmail: 'ada.new@example.ca',
            changedAt,
          }),
        );
      });
    await change();
    await change(); // the same change submitted twice queues nothing more

    expect(await db().outboxEmail.count({ where: { personId: person.id } })).toBe(2);
    await processOutboxBatch({ transport, maxAttempts: 3 });

    for (const to of ['ada.old@example.ca', 'ada.new@example.ca']) {
      const msg = await waitForMessage(mailUrl, {
        to,
        subjectIncludes: 'contact email was changed',
      });
      expect(msg.text).toContain(
        'was changed from ada.old@example.ca to ada.new@example.ca on March 5, 2026',
      );
      expect(msg.html).toContain('was changed from ada.old@example.ca to ada.new@example.ca');
    }
    expect(await listMessages(mailUrl)).toHaveLength(2);
  });
});

describe('startOutboxWorker', () => {
  it('sends what is enqueued while it runs, and stops cleanly', async () => {
    const worker = startOutboxWorker({ transport, pollMs: 50 });
    try {
      await enqueueAll([email(1)]);
      await waitForMessage(mailUrl, { to: 'person1@example.ca', subjectIncludes: 'Hello 1' });
      await enqueueAll([email(2)]);
      await waitForMessage(mailUrl, { to: 'person2@example.ca' });
    } finally {
      await worker.stop();
    }
    expect((await rows()).map((r) => r.status)).toEqual(['SENT', 'SENT']);

    // Stopped: a new email stays queued.
    await enqueueAll([email(3)]);
    await expect(waitForMessage(mailUrl, { to: 'person3@example.ca' }, 300)).rejects.toThrow(
      /No email to person3@example.ca arrived within 300 ms[\s\S]*person1@example.ca: "Hello 1"/,
    );
    expect((await rows())[2]!.status).toBe('PENDING');
  });
});

describe('mail catcher', () => {
  const send = (to: string[], subject: string, html: string) =>
    transport.sendMail({
      to: to.join(', '),
      subject,
      text: 'text body',
      html,
      messageId: `<${subject}@test>`,
    });

  it('filters by recipient case-insensitively and lists newest first', async () => {
    await send(['One@Example.ca'], 'first', '<p>1</p>');
    await send(['two@example.ca', 'one@example.ca'], 'second', '<p>2</p>');
    await send(['three@example.ca'], 'third', '<p>3</p>');

    expect((await listMessages(mailUrl)).map((m) => m.subject)).toEqual([
      'third',
      'second',
      'first',
    ]);
    expect((await listMessages(mailUrl, { to: 'ONE@example.CA' })).map((m) => m.subject)).toEqual([
      'second',
      'first',
    ]);
    const [second] = await listMessages(mailUrl, { to: 'two@example.ca' });
    expect(second).toMatchObject({
      subject: 'second',
      to: ['two@example.ca', 'one@example.ca'],
      messageId: '<second@test>',
      text: 'text body',
    });

    const one = await fetch(`${mailUrl}/api/messages/${second!.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(second);
    expect((await fetch(`${mailUrl}/api/messages/nope`)).status).toBe(404);

    await clearMessages(mailUrl);
    expect(await listMessages(mailUrl)).toEqual([]);
  });

  it('escapes message content in its pages and sandboxes the HTML preview', async () => {
    await send(
      ['x@example.ca'],
      '<script>alert(1)</script>',
      '<p onclick="steal()">hi</p><script>evil()</script>',
    );
    const [m] = await listMessages(mailUrl);

    const list = await (await fetch(`${mailUrl}/`)).text();
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).toContain(`href="/messages/${m!.id}"`);
    expect(list).not.toContain('<script>');

    const res = await fetch(`${mailUrl}/messages/${m!.id}`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).not.toContain('<script>');
    expect(page).toMatch(/<iframe sandbox="" title="[^"]+" srcdoc="[^"]*&lt;script&gt;evil\(\)/);
    expect(page).toContain('&lt;p onclick=&quot;steal()&quot;&gt;hi&lt;/p&gt;');
  });
});
