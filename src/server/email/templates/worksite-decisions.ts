import 'server-only';
import type { LocationType } from '@/generated/prisma/client';
import { env } from '@/server/env';
import type { Email } from '@/server/notify';
import { portalUrl } from '../worksite-email';

// The emails the enrolment team's decisions send (SPEC §5, §12). The notify module adds the
// Worksite ID to the subject and body of each.

type Ref = { id: string; operatingName: string; locationType: LocationType };

const footer = () =>
  `Questions? Reply to the enrolment team at ${env().TEAM_MAILBOX}. Quote the Worksite ID.`;
const quoted = (reason: string) => `“${reason}”`;
const worksitePage = (w: Ref) => ({
  label: 'Open the worksite',
  url: portalUrl(`/worksites/${w.id}`),
});

/** Intake accepted: what the Privacy & Security Declaration needs, and where to complete it. */
export function enrolmentInstructionsEmail(w: Ref, note?: string | null): Email {
  return {
    template: 'worksite.enrolment-instructions',
    subject: 'Next step for your worksite: the Privacy & Security Declaration',
    content: {
      heading: 'Your worksite registration was accepted',
      paragraphs: [
        `The enrolment team accepted the registration of ${w.operatingName}. The next step is the Privacy & Security Declaration, completed online by a site administrator with signing authority: someone who can legally bind the worksite.`,
        [
          'You will need:',
          '• the full name and job title of the person with signing authority, who signs the declaration;',
          '• an answer to each safeguard statement: written privacy policies and confidentiality undertakings, unique user accounts (no shared logins), screen lock after inactivity, supported and patched operating systems and browsers, a firewall, encrypted Wi-Fi, active antivirus, encrypted portable devices, a breach reporting process, and physical security of screens. A "No" needs a short explanation;',
          "• a screenshot of the worksite's active antivirus software (PNG or JPEG, up to 5 MB).",
        ].join('\n'),
        ...(note ? [`A note from the enrolment team: ${quoted(note)}`] : []),
        'Once the team approves the declaration, the worksite becomes active and the colleagues you listed are invited.',
      ],
      action: {
        label: 'Complete the declaration',
        url: portalUrl(`/worksites/${w.id}/declaration`),
      },
      footer: footer(),
    },
  };
}

export function changesRequestedEmail(
  w: Ref,
  what: 'registration' | 'declaration',
  reason: string,
): Email {
  return {
    template: 'worksite.changes-requested',
    subject: `Changes needed to your worksite ${what}`,
    content: {
      heading: `The enrolment team asked for changes to your ${what}`,
      paragraphs: [
        `The enrolment team reviewed the ${what} of ${w.operatingName} and asked for these changes:`,
        quoted(reason),
        `Open the worksite, make the changes and submit the ${what} again. The team reviews it again after that.`,
      ],
      action: worksitePage(w),
      footer: footer(),
    },
  };
}

export function declinedEmail(
  w: Ref,
  what: 'registration' | 'declaration',
  reason: string,
): Email {
  return {
    template: 'worksite.declined',
    subject: 'Your worksite registration was declined',
    content: {
      heading: 'Your worksite registration was declined',
      paragraphs: [
        `The enrolment team declined the ${what} of ${w.operatingName}. The reason they gave:`,
        quoted(reason),
        'This decision is final for this registration. If things change, you can register the worksite again.',
      ],
      action: worksitePage(w),
      footer: footer(),
    },
  };
}

export function approvedEmail(
  w: Ref,
  invited: number,
  note?: string | null,
): Email {
  const noClinicalApps = w.locationType === 'NO_CLINICAL_APPS';
  return {
    template: 'worksite.approved',
    subject: 'Your worksite is approved',
    content: {
      heading: 'Your worksite is approved and active',
      paragraphs: [
        noClinicalApps
          ? `${w.operatingName} is now active for BC Services Card registration only. It does not give access to the CareConnect eHealth Viewer.`
          : `The enrolment team approved the Privacy & Security Declaration of ${w.operatingName}. The worksite is now active.`,
        invited > 0
          ? `The ${invited === 1 ? 'colleague' : `${invited} colleagues`} you listed when you registered ${invited === 1 ? 'has' : 'have'} been sent an invitation. You can invite others, and see who has joined, on the members page.`
          : 'You can invite your colleagues, and see who has joined, on the members page.',
        ...(note ? [`A note from the enrolment team: ${quoted(note)}`] : []),
      ],
      action: { label: 'See the members', url: portalUrl(`/worksites/${w.id}/members`) },
      footer: footer(),
    },
  };
}

export function suspendedEmail(w: Ref, reason: string): Email {
  return {
    template: 'worksite.suspended',
    subject: 'Your worksite is suspended',
    content: {
      heading: 'Your worksite is suspended',
      paragraphs: [
        `${w.operatingName} was suspended. Until it is reinstated, nobody can open the CareConnect eHealth Viewer for this worksite. The reason given:`,
        quoted(reason),
      ],
      action: worksitePage(w),
      footer: footer(),
    },
  };
}

export function reinstatedEmail(w: Ref, note?: string | null): Email {
  return {
    template: 'worksite.reinstated',
    subject: 'Your worksite is active again',
    content: {
      heading: 'Your worksite was reinstated',
      paragraphs: [
        `${w.operatingName} was reinstated and is active again. Members whose own enrolment is in order can open the CareConnect eHealth Viewer again.`,
        ...(note ? [`A note: ${quoted(note)}`] : []),
      ],
      action: worksitePage(w),
      footer: footer(),
    },
  };
}

/** To each member whose membership ended because the worksite closed. */
export function closedEmail(w: Ref, reason: string): Email {
  return {
    template: 'worksite.closed',
    subject: 'A worksite you belonged to is closed',
    content: {
      heading: 'The worksite is closed',
      paragraphs: [
        `${w.operatingName} was closed by the enrolment team. Your membership there has ended, so you can no longer open the CareConnect eHealth Viewer for this worksite. The reason given:`,
        quoted(reason),
        'Memberships at other worksites are not affected.',
      ],
      action: { label: `Go to ${env().APP_NAME}`, url: portalUrl('/') },
      footer: footer(),
    },
  };
}
