// A real SMTP server (smtp-server) that a fault test starts, stops and misbehaves on purpose.
// It keeps what it accepted, keyed by Message-ID, so a test can count losses and duplicates.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { now } from './clock';

export type Received = { messageId: string | null; to: string[]; at: number };

export type SmtpSinkOptions = {
  port: number;
  /** Delay before answering each message (a slow server keeps a batch in flight). */
  delayMs?: number;
  /**
   * Called once the whole message has arrived and was recorded; return 'hang' to never answer
   * it (the sender cannot know it was received), or 'ok' to accept it.
   */
  onReceived?: (m: Received) => 'ok' | 'hang';
};

export type SmtpSink = {
  port: number;
  received: Received[];
  /** Distinct Message-IDs received, and how many times each. */
  counts(): Map<string, number>;
  close(): Promise<void>;
};

export async function startSmtpSink(opts: SmtpSinkOptions): Promise<SmtpSink> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 100,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
        const id = /^message-id:\s*(<[^>]+>)/im.exec(header)?.[1] ?? null;
        const m = { messageId: id, to: session.envelope.rcptTo.map((r) => r.address), at: now().getTime() };
        received.push(m);
        if (opts.onReceived?.(m) === 'hang') return; // never answered
        if (opts.delayMs) setTimeout(() => done(), opts.delayMs);
        else done();
      });
    },
  });
  server.on('error', () => {}); // a client dropping its connection is not our failure
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    counts() {
      const c = new Map<string, number>();
      for (const m of received) if (m.messageId) c.set(m.messageId, (c.get(m.messageId) ?? 0) + 1);
      return c;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
