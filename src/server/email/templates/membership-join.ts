import 'server-only';
import type { Email } from '@/server/notify';

/** To each site admin: someone asked to join their worksite (SPEC §8, §12). */
export function joinRequestedEmail(p: {
  personName: string;
  worksiteName: string;
  url: string;
}): Email {
  return {
    template: 'membership.join_requested',
    subject: `${p.personName} asked to join ${p.worksiteName}`,
    content: {
      heading: `${p.personName} asked to join`,
      paragraphs: [
        `${p.personName} asked to join ${p.worksiteName} in CareConnect.`,
        'If this person works at the worksite, confirm the request on the members page. If not, decline it.',
      ],
      action: { label: 'Answer the request', url: p.url },
    },
  };
}

/** To the person: the enrolment team set up their access at the worksite (SPEC §8). */
export function membershipProvisionedEmail(p: { worksiteName: string; url: string }): Email {
  return {
    template: 'membership.provisioned',
    subject: `Your access at ${p.worksiteName} is set up`,
    content: {
      heading: `Your access at ${p.worksiteName} is set up`,
      paragraphs: [
        `The enrolment team set up your access at ${p.worksiteName}.`,
        'Once your enrolment is approved you can open CareConnect at this worksite.',
      ],
      action: { label: 'See your worksites', url: p.url },
    },
  };
}

/** To the person: the enrolment team declined to set up access at the worksite. */
export function membershipDeclinedByTeamEmail(p: {
  worksiteName: string;
  reason: string;
  url: string;
}): Email {
  return {
    template: 'membership.declined_by_team',
    subject: `Your membership at ${p.worksiteName} was declined`,
    content: {
      heading: 'Your membership was declined',
      paragraphs: [
        `The enrolment team declined to set up your access at ${p.worksiteName}.`,
        `Reason given:\n${p.reason}`,
        'If you think this is a mistake, reply to this email or contact the enrolment team.',
      ],
      action: { label: 'See your worksites', url: p.url },
    },
  };
}
