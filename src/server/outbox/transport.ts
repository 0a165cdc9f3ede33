import 'server-only';
import nodemailer from 'nodemailer';
import { env, type Env } from '@/server/env';

export type OutboxMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers?: Record<string, string>;
};

/** What the worker needs from a mail transport; tests can pass a stand-in. */
export type MailTransport = {
  sendMail(m: OutboxMessage): Promise<{ messageId?: string }>;
};

export type SmtpConfig = {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
};

export function smtpConfigFromEnv(e: Env = env()): SmtpConfig {
  return {
    host: e.SMTP_HOST,
    port: e.SMTP_PORT,
    secure: e.SMTP_SECURE,
    user: e.SMTP_USER,
    password: e.SMTP_PASSWORD,
    from: e.MAIL_FROM,
  };
}

export function createMailTransport(
  cfg: SmtpConfig = smtpConfigFromEnv(),
): MailTransport & { close(): void } {
  const t = nodemailer.createTransport(
    {
      // One worker sends one email at a time; reusing the connection skips a handshake (and a
      // TLS negotiation) per email.
      pool: true,
      maxConnections: 1,
      host: cfg.host,
      port: cfg.port,
      secure: cfg.secure,
      auth: cfg.user ? { user: cfg.user, pass: cfg.password ?? '' } : undefined,
      // nodemailer waits up to 10 minutes on a silent socket by default; a send must finish well
      // inside the worker's lease, or another worker would reclaim the row and send it again.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    },
    { from: cfg.from },
  );
  return {
    async sendMail(m) {
      const info = await t.sendMail(m);
      return { messageId: info.messageId };
    },
    close: () => t.close(),
  };
}
