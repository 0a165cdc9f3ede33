import 'server-only';
import type { Tx } from '../db';
import type { EmailContent } from '../email/render';
import { renderEmail } from '../email/render';
import { log } from '../log';
import { enqueueEmail, type EnqueueEmailInput } from '../outbox/enqueue';
import type { Recipient } from './recipients';

/** What a template returns: pure, no I/O. */
export type Email = { template: string; subject: string; content: EmailContent };

type WorksiteRef = { id: string; worksiteCode: string; operatingName: string };

/**
 * One email to one recipient. About a `worksite`, it carries the Worksite ID in its subject and
 * body (SPEC §5); `worksiteId` only files it under a worksite, without that line.
 */
export type Notice = { to: Recipient | null; email: Email; worksite?: WorksiteRef; worksiteId?: string | null; dedupeKey?: string };

/** The Worksite ID in the subject and as the last paragraph, so every reply can quote it. */
function aboutWorksite(e: Email, w: WorksiteRef): Email {
  return {
    template: e.template,
    subject: `${e.subject} (Worksite ID ${w.worksiteCode})`,
    content: { ...e.content, paragraphs: [...e.content.paragraphs, `Worksite: ${w.operatingName} — Worksite ID ${w.worksiteCode}`] },
  };
}

/**
 * The one way an email is sent: stores the notices in the outbox, in the caller's transaction, so
 * they exist exactly when the change commits. A recipient without an address is logged and
 * skipped. Returns how many were queued.
 */
export async function enqueueNotices(tx: Tx, notices: readonly Notice[]): Promise<number> {
  const emails = noticeEmails(notices);
  for (const e of emails) await enqueueEmail(tx, e);
  return emails.length;
}

/** Pure: the rendered emails of the notices (for writers that store them with other rows). */
export function noticeEmails(notices: readonly Notice[]): EnqueueEmailInput[] {
  return notices.flatMap((n) => {
    if (!n.to) {
      log.warn('no email address for a notice', { template: n.email.template });
      return [];
    }
    const email = n.worksite ? aboutWorksite(n.email, n.worksite) : n.email;
    const { text, html } = renderEmail(email.content);
    return [
      {
        template: email.template,
        subject: email.subject,
        to: n.to.to,
        text,
        html,
        worksiteId: n.worksite?.id ?? n.worksiteId ?? null,
        personId: n.to.personId,
        dedupeKey: n.dedupeKey,
      },
    ];
  });
}
