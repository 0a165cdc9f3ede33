import 'server-only';
import { pacificDateTime } from '@/lib/pacific';
import { env } from '@/server/env';
import type { Email, Notice } from '@/server/notify';

export const CONTACT_EMAIL_CHANGED = 'person.contact-email-changed';

export type ContactEmailChanged = {
  personId: string;
  oldEmail: string | null;
  newEmail: string;
  changedAt: Date;
};

/**
 * The notice goes to both addresses: the old one is how a person learns that someone else
 * changed it. Without an old address (first one set) only the new address is told. Call it in
 * the transaction that saves the new contact email.
 */
export function contactEmailChangedNotices(
  e: ContactEmailChanged,
  cfg: { appName: string; teamMailbox: string } = {
    appName: env().APP_NAME,
    teamMailbox: env().TEAM_MAILBOX,
  },
): Notice[] {
  const oldEmail = e.oldEmail?.trim() || null;
  const newEmail = e.newEmail.trim();
  if (oldEmail && oldEmail.toLowerCase() === newEmail.toLowerCase()) return [];

  const when = pacificDateTime(e.changedAt);
  const change = oldEmail
    ? `Your contact email for ${cfg.appName} was changed from ${oldEmail} to ${newEmail} on ${when}.`
    : `Your contact email for ${cfg.appName} was set to ${newEmail} on ${when}.`;
  const email: Email = {
    template: CONTACT_EMAIL_CHANGED,
    subject: `Your ${cfg.appName} contact email was changed`,
    content: {
      heading: 'Your contact email was changed',
      paragraphs: [change, `If this wasn't you, contact the enrolment team at ${cfg.teamMailbox} right away.`],
      footer: `You are receiving this security notice because of a change to your ${cfg.appName} profile.`,
    },
  };
  // Same change retried → same keys → the emails are stored once.
  const key = `${CONTACT_EMAIL_CHANGED}:${e.personId}:${e.changedAt.toISOString()}`;
  const to = (address: string) => ({ to: address, personId: e.personId });

  return [
    ...(oldEmail ? [{ to: to(oldEmail), email, dedupeKey: `${key}:old` }] : []),
    { to: to(newEmail), email, dedupeKey: `${key}:new` },
  ];
}
