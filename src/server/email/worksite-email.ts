import 'server-only';
import type { Tx } from '../db';
import { env } from '../env';
import { enqueueEmail } from '../outbox/enqueue';
import { renderEmail, type EmailContent } from './render';

type WorksiteRef = { id: string; worksiteCode: string; operatingName: string };

/** Every email about a worksite carries its Worksite ID in the subject and the body (SPEC §5). */
export async function enqueueWorksiteEmail(
  tx: Tx,
  e: {
    worksite: WorksiteRef;
    to: string;
    template: string; // dotted, e.g. worksite.approved
    subject: string; // without the Worksite ID; it is added
    content: EmailContent;
    personId?: string | null;
    dedupeKey?: string;
  },
): Promise<void> {
  const { text, html } = renderEmail({
    ...e.content,
    paragraphs: [...e.content.paragraphs, `Worksite: ${e.worksite.operatingName} — Worksite ID ${e.worksite.worksiteCode}`],
  });
  await enqueueEmail(tx, {
    template: e.template,
    to: e.to,
    subject: `${e.subject} (Worksite ID ${e.worksite.worksiteCode})`,
    text,
    html,
    worksiteId: e.worksite.id,
    personId: e.personId ?? null,
    dedupeKey: e.dedupeKey,
  });
}

/** An absolute link into the portal for emails. */
export const portalUrl = (path: string) => new URL(path, env().APP_URL).toString();
