import 'server-only';
import { env } from '@/server/env';
import { portalUrl } from '../worksite-email';
import type { Email } from '@/server/notify';

// Emails to a person whose account the team suspended or reinstated (SPEC §4, §12).

export function personSuspendedEmail(p: { name: string; reason: string }, appName = env().APP_NAME): Email {
  return {
    template: 'person.suspended',
    subject: `Your ${appName} account is suspended`,
    content: {
      heading: 'Your account is suspended',
      paragraphs: [
        `Hello ${p.name},`,
        `The enrolment team has suspended your ${appName} account. You have been signed out, and you cannot sign in or open CareConnect until it is reinstated. The reason:`,
        p.reason,
        `If you have questions, contact the enrolment team at ${env().TEAM_MAILBOX}.`,
      ],
    },
  };
}

export function personReinstatedEmail(p: { name: string; reason: string }, appName = env().APP_NAME): Email {
  return {
    template: 'person.reinstated',
    subject: `Your ${appName} account is reinstated`,
    content: {
      heading: 'Your account is reinstated',
      paragraphs: [`Hello ${p.name},`, `Your ${appName} account is active again. You can sign in.`, `A note from the enrolment team: ${p.reason}`],
      action: { label: `Sign in to ${appName}`, url: portalUrl('/sign-in') },
    },
  };
}
