import 'server-only';
import { pacificDateTime } from '@/lib/pacific';
import type { Notice } from '@/server/notify';

export const CONTACT_EMAIL_CONFIRM = 'person.contact-email-confirm';
export const CONTACT_EMAIL_CHANGE_REQUESTED = 'person.contact-email-change-requested';

type Cfg = { appName: string; teamMailbox: string };

/** To the new address: the only copy of the link (the database keeps its hash). */
export function contactEmailConfirmNotice(
  p: { personId: string; changeId: string; sentCount: number; newEmail: string; url: string; expiresAt: Date },
  cfg: Cfg,
): Notice {
  return {
    to: { to: p.newEmail, personId: p.personId },
    email: {
      template: CONTACT_EMAIL_CONFIRM,
      subject: `Confirm your ${cfg.appName} contact email`,
      content: {
        heading: 'Confirm your contact email',
        paragraphs: [
          `Someone signed in to ${cfg.appName} asked to use ${p.newEmail} as their contact email.`,
          'If that was you, open the link below while signed in with your BC Services Card. Until you confirm, we keep using your previous address.',
          `The link works once and expires on ${pacificDateTime(p.expiresAt)} (Pacific time).`,
          'If this was not you, ignore this email: nothing changes.',
        ],
        action: { label: 'Confirm this email address', url: p.url },
      },
    },
    // One email per send: a retried transaction stores it once, a resend is a new one.
    dedupeKey: `${CONTACT_EMAIL_CONFIRM}:${p.changeId}:${p.sentCount}`,
  };
}

/** To the address in use: a change was asked for, and nothing happens unless it is confirmed. */
export function contactEmailChangeRequestedNotice(
  p: { personId: string; changeId: string; oldEmail: string; newEmail: string; requestedAt: Date },
  cfg: Cfg,
): Notice {
  return {
    to: { to: p.oldEmail, personId: p.personId },
    email: {
      template: CONTACT_EMAIL_CHANGE_REQUESTED,
      subject: `A change of your ${cfg.appName} contact email was requested`,
      content: {
        heading: 'A change of your contact email was requested',
        paragraphs: [
          `On ${pacificDateTime(p.requestedAt)} someone signed in as you asked to change your ${cfg.appName} contact email to ${p.newEmail}.`,
          'The change takes effect only if it is confirmed from a link we sent to that address. Until then we keep writing to this one.',
          `If this wasn't you, sign in and cancel the change on your profile page, and contact the enrolment team at ${cfg.teamMailbox}.`,
        ],
        footer: `You are receiving this security notice because of a change to your ${cfg.appName} profile.`,
      },
    },
    dedupeKey: `${CONTACT_EMAIL_CHANGE_REQUESTED}:${p.changeId}`,
  };
}
