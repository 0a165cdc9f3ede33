import 'server-only';
import type { Tx } from '@/server/db';

export type EnqueueEmailInput = {
  template: string; // e.g. person.contact-email-changed
  to: string;
  subject: string;
  text: string;
  html: string;
  worksiteId?: string | null;
  personId?: string | null;
  dedupeKey?: string; // the same key twice (a retried event) stores one email
};

/** A line break in a header value would let its text start new headers (or a new body). */
export function assertHeaderSafe(field: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new Error(`Email ${field} must not contain line breaks`);
}

// One plain address per row; display names and lists are not accepted here.
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

export function assertEmailInput(e: Pick<EnqueueEmailInput, 'to' | 'subject' | 'template'>): void {
  assertHeaderSafe('subject', e.subject);
  assertHeaderSafe('address', e.to);
  if (!ADDRESS.test(e.to)) throw new Error('Email address is not a single plain address');
  if (!e.subject.trim()) throw new Error('Email subject is empty');
  if (!e.template.trim()) throw new Error('Email template name is empty');
}

/** Pure: the outbox row of one checked email (for writers that insert it with other rows). */
export function outboxRow(e: EnqueueEmailInput) {
  assertEmailInput(e);
  return {
    template: e.template,
    toAddress: e.to,
    subject: e.subject,
    textBody: e.text,
    htmlBody: e.html,
    worksiteId: e.worksiteId ?? null,
    personId: e.personId ?? null,
    dedupeKey: e.dedupeKey ?? null,
  };
}

/**
 * Stores an email to be sent by the outbox worker. Call it with the transaction that makes the
 * state change, so the email exists exactly when the change committed.
 */
export async function enqueueEmail(tx: Tx, e: EnqueueEmailInput): Promise<void> {
  await tx.outboxEmail.createMany({
    data: [outboxRow(e)],
    // ON CONFLICT DO NOTHING: a dedupe key already present means this email was already queued.
    skipDuplicates: true,
  });
}
