import 'server-only';
import type { Tx } from '@/server/db';
import { env } from '@/server/env';
import { enqueueEmail, type EnqueueEmailInput } from '@/server/outbox/enqueue';
import { renderEmail } from '../render';

export const CONTACT_EMAIL_CHANGED = 'person.contact-email-changed';

export type ContactEmailChanged = {
  personId: string;
  oldEmail: string | null;
  newEmail: string;
  changedAt: Date;
};

// The program is in British Columbia; people read times in Pacific time.
export function formatPacific(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'America/Vancouver',
  }).format(d);
}

/**
 * The notice goes to both addresses: the old one is how a person learns that someone else
 * changed it. Without an old address (first one set) only the new address is told.
 */
export function contactEmailChangedEmails(
  e: ContactEmailChanged,
  cfg: { appName: string; teamMailbox: string } = {
    appName: env().APP_NAME,
    teamMailbox: env().TEAM_MAILBOX,
  },
): EnqueueEmailInput[] {
  const oldEmail = e.oldEmail?.trim() || null;
  const newEmail = e.newEmail.trim();
  if (oldEmail && oldEmail.toLowerCase() === newEmail.toLowerCase()) return [];

  const when = formatPacific(e.changedAt);
  const change = oldEmail
    ? `Your contact email for ${cfg.appName} was changed from ${oldEmail} to ${newEmail} on ${when}.`
    : `Your contact email for ${cfg.appName} was set to ${newEmail} on ${when}.`;
  const { text, html } = renderEmail(
    {
      heading: 'Your contact email was changed',
      paragraphs: [
        change,
        `If this wasn't you, contact the enrolment team at ${cfg.teamMailbox} right away.`,
      ],
      footer: `You are receiving this security notice because of a change to your ${cfg.appName} profile.`,
    },
    cfg.appName,
  );
  const subject = `Your ${cfg.appName} contact email was changed`;
  // Same change retried → same keys → the emails are stored once.
  const key = `${CONTACT_EMAIL_CHANGED}:${e.personId}:${e.changedAt.toISOString()}`;
  const base = { template: CONTACT_EMAIL_CHANGED, subject, text, html, personId: e.personId };

  return [
    ...(oldEmail ? [{ ...base, to: oldEmail, dedupeKey: `${key}:old` }] : []),
    { ...base, to: newEmail, dedupeKey: `${key}:new` },
  ];
}

/** Call inside the transaction that saves the new contact email. */
export async function enqueueContactEmailChanged(tx: Tx, e: ContactEmailChanged): Promise<void> {
  for (const email of contactEmailChangedEmails(e)) await enqueueEmail(tx, email);
}
