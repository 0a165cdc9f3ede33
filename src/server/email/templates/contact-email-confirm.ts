import 'server-only';
import { renderEmail } from '../render';
import type { EnqueueEmailInput } from '@/server/outbox/enqueue';
import { formatPacific } from './contact-email-changed';

export const CONTACT_EMAIL_CONFIRM = 'person.contact-email-confirm';
export const CONTACT_EMAIL_CHANGE_REQUESTED = 'person.contact-email-change-requested';

type Cfg = { appName: string; teamMailbox: string };

/** To the new address: the only copy of the link (the database keeps its hash). */
export function contactEmailConfirmEmail(
  p: { personId: string; changeId: string; sentCount: number; newEmail: string; url: string; expiresAt: Date },
  cfg: Cfg,
): EnqueueEmailInput {
  const { text, html } = renderEmail(
    {
      heading: 'Confirm your contact email',
      paragraphs: [
        `Someone signed in to ${cfg.appName} asked to use ${p.newEmail} as their contact email.`,
        'If that was you, open the link below while signed in with your BC Services Card. Until you confirm, we keep using your previous address.',
        `The link works once and expires on ${formatPacific(p.expiresAt)} (Pacific time).`,
        'If this was not you, ignore this email: nothing changes.',
      ],
      action: { label: 'Confirm this email address', url: p.url },
    },
    cfg.appName,
  );
  return {
    template: CONTACT_EMAIL_CONFIRM,
    to: p.newEmail,
    subject: `Confirm your ${cfg.appName} contact email`,
    text,
    html,
    personId: p.personId,
    // One email per send: a retried transaction stores it once, a resend is a new one.
    dedupeKey: `${CONTACT_EMAIL_CONFIRM}:${p.changeId}:${p.sentCount}`,
  };
}

/** To the address in use: a change was asked for, and nothing happens unless it is confirmed. */
export function contactEmailChangeRequestedEmail(
  p: { personId: string; changeId: string; oldEmail: string; newEmail: string; requestedAt: Date },
  cfg: Cfg,
): EnqueueEmailInput {
  const { text, html } = renderEmail(
    {
      heading: 'A change of your contact email was requested',
      paragraphs: [
        `On ${formatPacific(p.requestedAt)} someone signed in as you asked to change your ${cfg.appName} contact email to ${p.newEmail}.`,
        'The change takes effect only if it is confirmed from a link we sent to that address. Until then we keep writing to this one.',
        `If this wasn't you, sign in and cancel the change on your profile page, and contact the enrolment team at ${cfg.teamMailbox}.`,
      ],
      footer: `You are receiving this security notice because of a change to your ${cfg.appName} profile.`,
    },
    cfg.appName,
  );
  return {
    template: CONTACT_EMAIL_CHANGE_REQUESTED,
    to: p.oldEmail,
    subject: `A change of your ${cfg.appName} contact email was requested`,
    text,
    html,
    personId: p.personId,
    dedupeKey: `${CONTACT_EMAIL_CHANGE_REQUESTED}:${p.changeId}`,
  };
}
