import 'server-only';
import type { Tx } from '../db';
import type { EmailContent } from '../email/render';
import { renderEmail } from '../email/render';
import { enqueueWorksiteEmail } from '../email/worksite-email';
import { log } from '../log';
import { enqueueEmail } from '../outbox/enqueue';
import type { Recipient } from './recipients';

/** What a template returns: pure, no I/O. */
export type Email = { template: string; subject: string; content: EmailContent };

type WorksiteRef = { id: string; worksiteCode: string; operatingName: string };

/** One email to one recipient. About a worksite, it carries the Worksite ID (SPEC §5). */
export type Notice = { to: Recipient | null; email: Email; worksite?: WorksiteRef; dedupeKey?: string };

/**
 * Stores the notices in the outbox, in the caller's transaction, so they exist exactly when the
 * decision commits. A recipient without an address is logged and skipped. Returns how many were queued.
 */
export async function enqueueNotices(tx: Tx, notices: readonly Notice[]): Promise<number> {
  let queued = 0;
  for (const n of notices) {
    if (!n.to) {
      log.warn('no email address for a decision notice', { template: n.email.template });
      continue;
    }
    if (n.worksite) {
      await enqueueWorksiteEmail(tx, { worksite: n.worksite, to: n.to.to, personId: n.to.personId, dedupeKey: n.dedupeKey, ...n.email });
    } else {
      const { text, html } = renderEmail(n.email.content);
      await enqueueEmail(tx, { template: n.email.template, subject: n.email.subject, to: n.to.to, text, html, personId: n.to.personId, dedupeKey: n.dedupeKey });
    }
    queued++;
  }
  return queued;
}
