import 'server-only';
import type { MembershipStatus, Profession } from '@/generated/prisma/enums';
import { env } from '@/server/env';
import { professionLabel } from '@/server/professions/rules';
import type { Email } from '@/server/notify';
import { portalUrl } from '../worksite-email';

// Emails to a person about the team's decisions on their enrolment (SPEC §7, §12). Each
// function returns what to send; the decision stores it through the notify module.

export type WelcomeWorksite = {
  operatingName: string;
  worksiteCode: string;
  city: string;
  membershipStatus: MembershipStatus;
};

const MEMBERSHIP_NOTE: Partial<Record<MembershipStatus, string>> = {
  ACTIVE: 'active',
  REQUESTED: 'waiting for the site administrator to confirm you',
  INVITED: 'invitation waiting for you to accept',
  PENDING_SPONSOR: 'waiting for a sponsor to agree',
  PENDING_REVIEW: 'being set up by the enrolment team',
  INACTIVE: 'inactive — ask the site administrator',
};

const worksiteLine = (w: WelcomeWorksite) =>
  `• ${w.operatingName}, ${w.city} — Worksite ID ${w.worksiteCode} (${MEMBERSHIP_NOTE[w.membershipStatus] ?? w.membershipStatus.toLowerCase()})`;

/** The welcome package: approval, how to open the viewer, and the person's worksites. */
export function welcomePackageEmail(
  p: { name: string; worksites: WelcomeWorksite[]; note?: string | null; viewerUsername?: string | null },
  appName = env().APP_NAME,
): Email {
  const worksites = p.worksites.length
    ? ['Your worksites (use the Worksite ID when you talk to us about one):', ...p.worksites.map(worksiteLine)].join('\n')
    : `You have not joined a worksite yet. You can open CareConnect only at a worksite where your membership is active: sign in to ${appName} and join your worksite by its Worksite ID, or accept your site administrator’s invitation.`;
  return {
    template: 'enrolment.approved',
    subject: 'Welcome to CareConnect: your enrolment is approved',
    content: {
      heading: 'Your enrolment is approved',
      paragraphs: [
        `Hello ${p.name},`,
        'The enrolment team has approved your enrolment for the CareConnect eHealth Viewer. Welcome.',
        ...(p.note ? [`A note from the enrolment team: ${p.note}`] : []),
        [
          'How to open the CareConnect eHealth Viewer:',
          '1. At your worksite, open CareConnect from the link your clinic uses, or with the Rapid Access button in your EMR if your clinic has one.',
          '2. Sign in with your BC Services Card, the same way you sign in here.',
          '3. Choose the worksite you are working at. CareConnect opens only for worksites where your membership is active.',
        ].join('\n'),
        worksites,
        ...(p.viewerUsername
          ? [
              `Your CareConnect eHealth Viewer username is ${p.viewerUsername}. Before you first open the viewer, sign in to ${appName} and set your viewer password from your dashboard (CareConnect viewer account). The password must be changed every ${env().VIEWER_PASSWORD_DAYS} days; you can reset it there at any time.`,
            ]
          : []),
        `If CareConnect says "Access Denied" or "Authentication Error", sign in to ${appName}: your dashboard shows, for each worksite, whether you can open CareConnect and what to do if not.`,
        'Use CareConnect only to care for your patients, and never share your BC Services Card or an open session.',
      ],
      action: { label: `Open ${appName}`, url: portalUrl('/') },
    },
  };
}

export function enrolmentDeclinedEmail(p: { name: string; reason: string }): Email {
  return {
    template: 'enrolment.declined',
    subject: 'Your CareConnect enrolment was declined',
    content: {
      heading: 'Your enrolment was declined',
      paragraphs: [
        `Hello ${p.name},`,
        'The enrolment team has declined your enrolment for the CareConnect eHealth Viewer. Their reason:',
        p.reason,
        `If you have questions, reply to the enrolment team at ${env().TEAM_MAILBOX}.`,
      ],
      action: { label: 'See your enrolment', url: portalUrl('/enrolment') },
    },
  };
}

export function enrolmentChangesRequestedEmail(p: { name: string; reason: string }): Email {
  return {
    template: 'enrolment.changes-requested',
    subject: 'Changes needed to your CareConnect enrolment',
    content: {
      heading: 'Please correct your enrolment',
      paragraphs: [
        `Hello ${p.name},`,
        'The enrolment team reviewed your enrolment and needs you to change something before they can approve it. What they asked for:',
        p.reason,
        'Sign in, correct your enrolment form and submit it again. It then goes back to the team.',
      ],
      action: { label: 'Correct your enrolment', url: portalUrl('/enrolment') },
    },
  };
}

export function enrolmentSuspendedEmail(p: { name: string; reason: string }): Email {
  return {
    template: 'enrolment.suspended',
    subject: 'Your CareConnect access is suspended',
    content: {
      heading: 'Your enrolment is suspended',
      paragraphs: [
        `Hello ${p.name},`,
        'Your enrolment for the CareConnect eHealth Viewer is suspended. You cannot open CareConnect until it is reinstated. The reason:',
        p.reason,
        `If you have questions, contact the enrolment team at ${env().TEAM_MAILBOX}.`,
      ],
      action: { label: 'See your enrolment', url: portalUrl('/enrolment') },
    },
  };
}

export function enrolmentReinstatedEmail(p: { name: string; note?: string | null }): Email {
  return {
    template: 'enrolment.reinstated',
    subject: 'Your CareConnect access is reinstated',
    content: {
      heading: 'Your enrolment is reinstated',
      paragraphs: [
        `Hello ${p.name},`,
        'Your enrolment for the CareConnect eHealth Viewer is active again. You can open CareConnect at the worksites where your membership is active.',
        ...(p.note ? [`A note from the enrolment team: ${p.note}`] : []),
      ],
      action: { label: 'See your enrolment', url: portalUrl('/enrolment') },
    },
  };
}

type ProfessionRef = { profession: Profession; college: string | null; licenceNumber: string | null };
const professionLine = (p: ProfessionRef) =>
  `${professionLabel(p.profession)}${p.college && p.licenceNumber ? `, ${p.college} licence number ${p.licenceNumber}` : ''}`;

export function professionChangeAppliedEmail(p: { name: string; to: ProfessionRef; note?: string | null }): Email {
  return {
    template: 'enrolment.profession-change-applied',
    subject: 'Your profession change was applied',
    content: {
      heading: 'Your profession change was applied',
      paragraphs: [
        `Hello ${p.name},`,
        `The enrolment team checked your request with your college and applied it. Your enrolment now shows: ${professionLine(p.to)}.`,
        ...(p.note ? [`A note from the enrolment team: ${p.note}`] : []),
      ],
      action: { label: 'See your enrolment', url: portalUrl('/enrolment') },
    },
  };
}

export function professionChangeDeclinedEmail(p: { name: string; requested: ProfessionRef; reason: string }): Email {
  return {
    template: 'enrolment.profession-change-declined',
    subject: 'Your profession change request was declined',
    content: {
      heading: 'Your profession change was not applied',
      paragraphs: [
        `Hello ${p.name},`,
        `The enrolment team did not apply your request to change your profession to ${professionLine(p.requested)}. Their reason:`,
        p.reason,
        'Your enrolment keeps the profession it had. You can send a new request with the right details.',
      ],
      action: { label: 'See your enrolment', url: portalUrl('/enrolment') },
    },
  };
}
