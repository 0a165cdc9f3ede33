import 'server-only';
import type { LocationType } from '@/generated/prisma/client';
import { teamMailbox, type Notice, type Recipient } from '@/server/notify';
import { needsDeclaration } from '@/server/worksites/rules';
import { portalUrl } from '../worksite-email';

export const INTAKE_RECEIVED = 'worksite.intake-received';
export const INTAKE_RESUBMITTED = 'worksite.intake-resubmitted';

type Worksite = {
  id: string;
  worksiteCode: string;
  operatingName: string;
  locationType: LocationType;
};

/** The acknowledgement to the person who registered the worksite (SPEC §5, §12). */
export function intakeReceivedNotice(w: Worksite, to: Recipient): Notice {
  const next = needsDeclaration(w.locationType)
    ? [
        'What happens next: the enrolment team reviews the registration. When they accept it, you will get an email with instructions for the Privacy & Security Declaration, which a site administrator with signing authority must complete.',
        'When the team approves the declaration, the worksite becomes active and the people you listed are invited to join it.',
      ]
    : [
        'You registered it as "No Clinical Apps (Service Card Registration Only)". It exists only so that people can register their BC Services Card: it will never give access to the CareConnect eHealth Viewer, and it needs no Privacy & Security Declaration.',
        'What happens next: the enrolment team reviews the registration. When they accept it, the worksite becomes active and you will get an email.',
      ];
  const email = {
    template: INTAKE_RECEIVED,
    subject: 'We received your worksite registration',
    content: {
      heading: 'We received your worksite registration',
      paragraphs: [
        `Thank you for registering ${w.operatingName}. Its Worksite ID is ${w.worksiteCode}. Keep it: the enrolment team will ask for it, and your colleagues use it to find the worksite.`,
        ...next,
        'You are the first site administrator of this worksite.',
      ],
      action: { label: 'View the worksite', url: portalUrl(`/worksites/${w.id}`) },
    },
  };
  // Registration happens once per worksite.
  return { worksite: w, to, email, dedupeKey: `${INTAKE_RECEIVED}:${w.id}` };
}

/** Tells the team mailbox that a corrected registration is waiting in the intake queue. */
export function intakeResubmittedNotice(w: Worksite, p: { changedFields: string[]; snapshotId: string }): Notice {
  const changed = p.changedFields.length
    ? `Changed: ${p.changedFields.join(', ')}.`
    : 'Nothing was changed; the site administrator resubmitted it as it was.';
  return {
    worksite: w,
    to: teamMailbox(),
    dedupeKey: `${INTAKE_RESUBMITTED}:${p.snapshotId}`,
    email: {
      template: INTAKE_RESUBMITTED,
      subject: 'A worksite registration was resubmitted',
      content: {
        heading: 'A worksite registration was resubmitted',
        paragraphs: [
          `A site administrator of ${w.operatingName} corrected the registration after you asked for changes. It is back in the intake queue.`,
          changed,
        ],
        action: { label: 'Review the registration', url: portalUrl(`/admin/worksites/${w.id}`) },
      },
    },
  };
}
