import 'server-only';
import type { Email } from '@/server/notify';

/** To the authorizer: an on-behalf-of user asks them to sponsor (SPEC §8, §12). */
export function sponsorshipRequestedEmail(p: {
  requesterName: string;
  requesterProfession: string | null;
  worksiteName: string;
  url: string;
}): Email {
  const who = p.requesterProfession ? `${p.requesterName} (${p.requesterProfession})` : p.requesterName;
  return {
    template: 'sponsorship.requested',
    subject: `${p.requesterName} asked you to sponsor their access at ${p.worksiteName}`,
    content: {
      heading: 'A sponsorship request is waiting for you',
      paragraphs: [
        `${who} asked you to sponsor their CareConnect access at ${p.worksiteName}. They would open CareConnect on your behalf.`,
        'Accept only if they work with you at this worksite. You can end the sponsorship at any time.',
      ],
      action: { label: 'Answer the request', url: p.url },
    },
  };
}

/** To the on-behalf-of user: the authorizer accepted or declined. */
export function sponsorshipAnsweredEmail(p: {
  sponsorName: string;
  worksiteName: string;
  accepted: boolean;
  url: string;
}): Email {
  return p.accepted
    ? {
        template: 'sponsorship.accepted',
        subject: `${p.sponsorName} agreed to sponsor you at ${p.worksiteName}`,
        content: {
          heading: 'Your sponsorship was accepted',
          paragraphs: [
            `${p.sponsorName} agreed to sponsor your CareConnect access at ${p.worksiteName}.`,
            'If your membership was waiting for a sponsor, the enrolment team will now set up your access. We will email you when it is ready.',
          ],
          action: { label: 'See your sponsorship', url: p.url },
        },
      }
    : {
        template: 'sponsorship.declined',
        subject: `${p.sponsorName} declined to sponsor you at ${p.worksiteName}`,
        content: {
          heading: 'Your sponsorship request was declined',
          paragraphs: [
            `${p.sponsorName} declined to sponsor your CareConnect access at ${p.worksiteName}.`,
            'You can ask another physician, nurse practitioner or registered nurse at the worksite.',
          ],
          action: { label: 'Choose a sponsor', url: p.url },
        },
      };
}

/** To both sides: a sponsorship ended. `lostAccess` when it was the user's last one. */
export function sponsorshipEndedEmail(p: {
  toSponsored: boolean;
  endedByName: string;
  otherName: string;
  worksiteName: string;
  lostAccess: boolean;
  url: string;
}): Email {
  const paragraphs = p.toSponsored
    ? [
        `${p.endedByName} ended the sponsorship of your CareConnect access at ${p.worksiteName} (sponsor: ${p.otherName}).`,
        p.lostAccess
          ? 'You have no other sponsor there, so you cannot open CareConnect at this worksite until another authorizer agrees to sponsor you.'
          : 'You still have another active sponsor at this worksite.',
      ]
    : [
        `${p.endedByName} ended your sponsorship of ${p.otherName} at ${p.worksiteName}.`,
        'They no longer open CareConnect on your behalf.',
      ];
  return {
    template: 'sponsorship.ended',
    subject: `A sponsorship at ${p.worksiteName} has ended`,
    content: {
      heading: 'A sponsorship has ended',
      paragraphs,
      action: { label: p.toSponsored && p.lostAccess ? 'Choose a new sponsor' : 'See your sponsorships', url: p.url },
    },
  };
}
