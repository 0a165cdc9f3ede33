import 'server-only';
import { env } from '@/server/env';
import { longCalendarDate } from '@/lib/pacific';
import type { Notice } from '@/server/notify';
import { addDays, inDays, type ReminderKind } from '@/server/reminders/rules';
import { portalUrl } from '../worksite-email';

// Reminder emails (SPEC §16): what ends, when, and what to do before then. Dates are Pacific
// calendar dates (YYYY-MM-DD) shown as people read them.

export type ReminderEmail = {
  kind: ReminderKind;
  /** Whom the reminder is about; every copy is filed under this person for the team's timeline. */
  personId: string;
  to: { email: string; name: string; personId: string };
  /** First day that no longer counts. */
  endsOn: string;
  daysLeft: number;
  /** Unique per reminder and recipient, so a retried transaction queues one email. */
  key: string;
  worksite?: { id: string; name: string } | null;
  /** For a locum's site admins: the locum's name. */
  aboutName?: string;
  agreementVersion?: number;
};

type Parts = { subject: string; heading: string; paragraphs: string[]; action: { label: string; path: string } };

function parts(e: ReminderEmail): Parts {
  const ends = longCalendarDate(e.endsOn);
  const lastDay = longCalendarDate(addDays(e.endsOn, -1));
  const hello = `Hello ${e.to.name},`;
  switch (e.kind) {
    case 'hpcaa-expiring':
      return {
        subject: `Your CareConnect access agreement must be accepted again on ${ends}`,
        heading: `Your access agreement runs out ${inDays(e.daysLeft)}`,
        paragraphs: [
          hello,
          `The Health Professional CareConnect Access Agreement (HPCAA) must be accepted every 12 months. Your acceptance counts until the end of ${lastDay}.`,
          `On ${ends}, sign in and accept it again: read the agreement and type your name. It takes a few minutes. Until you do, you cannot open the CareConnect eHealth Viewer.`,
        ],
        action: { label: 'Open the agreement', path: '/agreement' },
      };
    case 'agreement-awaiting':
      return {
        subject: `Accept the new CareConnect access agreement by ${lastDay}`,
        heading: 'Please accept the new access agreement',
        paragraphs: [
          hello,
          `A new version of the Health Professional CareConnect Access Agreement (version ${e.agreementVersion ?? ''}) is waiting for you to accept it.`.replace(' ()', ''),
          `Accept it by the end of ${lastDay} (${inDays(e.daysLeft)}). If you have not accepted it by then, you cannot open the CareConnect eHealth Viewer until you do. It takes a few minutes: sign in, read the agreement and accept it.`,
        ],
        action: { label: 'Read and accept the agreement', path: '/agreement' },
      };
    case 'viewer-password-expiring':
      return {
        subject: `Your CareConnect viewer password expires on ${ends}`,
        heading: `Your viewer password expires ${inDays(e.daysLeft)}`,
        paragraphs: [
          hello,
          `The password you use to sign in to the CareConnect eHealth Viewer expires on ${ends}. After that, the viewer will not accept it.`,
          'Before then, sign in to the portal with your BC Services Card and choose a new viewer password from your dashboard. It takes a minute.',
        ],
        action: { label: 'Set a new viewer password', path: '/viewer-account' },
      };
    case 'locum-ending': {
      const where = e.worksite?.name ?? 'the worksite';
      if (e.aboutName)
        return {
          subject: `${e.aboutName}'s locum at ${where} ends after ${lastDay}`,
          heading: `A locum at ${where} ends ${inDays(e.daysLeft)}`,
          paragraphs: [
            hello,
            `${e.aboutName} works at ${where} as a locum until the end of ${lastDay}. From ${ends} they can no longer open the CareConnect eHealth Viewer there.`,
            'If the locum is extended, change the end date on the members page before then. Otherwise there is nothing to do.',
          ],
          action: { label: 'Open the members page', path: `/worksites/${e.worksite?.id ?? ''}/members` },
        };
      return {
        subject: `Your locum at ${where} ends after ${lastDay}`,
        heading: `Your locum at ${where} ends ${inDays(e.daysLeft)}`,
        paragraphs: [
          hello,
          `Your locum membership at ${where} counts until the end of ${lastDay}. From ${ends} you can no longer open the CareConnect eHealth Viewer there.`,
          `If your locum is extended, ask a site administrator of ${where} to change the end date in the portal before then. Otherwise there is nothing to do.`,
        ],
        action: { label: 'See your worksites', path: '/worksites' },
      };
    }
  }
}

export const reminderTemplate = (kind: ReminderKind) => `reminder.${kind}`;

export function reminderNotice(e: ReminderEmail, appName: string = env().APP_NAME): Notice {
  const p = parts(e);
  return {
    to: { to: e.to.email, personId: e.personId },
    email: {
      template: reminderTemplate(e.kind),
      subject: p.subject,
      content: {
        heading: p.heading,
        paragraphs: p.paragraphs,
        action: { label: p.action.label, url: portalUrl(p.action.path) },
        footer: `You are receiving this reminder because you use ${appName}.`,
      },
    },
    worksiteId: e.worksite?.id ?? null,
    dedupeKey: e.key,
  };
}
