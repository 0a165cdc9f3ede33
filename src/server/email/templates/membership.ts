import 'server-only';
import type { Email } from '@/server/notify';
import { pacificDateTime } from '@/lib/pacific';

/** To a member whose membership a site admin inactivated (SPEC §12). */
export function membershipInactivatedEmail(p: {
  worksiteName: string;
  byName: string;
  url: string;
}): Email {
  return {
    template: 'membership.inactivated',
    subject: `Your membership at ${p.worksiteName} was inactivated`,
    content: {
      heading: 'Your membership was inactivated',
      paragraphs: [
        `${p.byName}, a site administrator of ${p.worksiteName}, inactivated your membership there.`,
        'While it is inactive you cannot open CareConnect at this worksite. A site administrator can reactivate it, for example when you return from leave.',
        'If you think this is a mistake, contact the site administrator of the worksite.',
      ],
      action: { label: 'See your worksites', url: p.url },
    },
  };
}

/** To a locum whose membership a site admin ended (SPEC §8, §12). */
export function membershipEndedEmail(p: {
  worksiteName: string;
  byName: string;
  url: string;
}): Email {
  return {
    template: 'membership.ended',
    subject: `Your membership at ${p.worksiteName} has ended`,
    content: {
      heading: 'Your membership has ended',
      paragraphs: [
        `${p.byName}, a site administrator of ${p.worksiteName}, ended your locum membership there.`,
        'You can no longer open CareConnect at this worksite. If you work there again, ask a site administrator to invite you.',
      ],
      action: { label: 'See your worksites', url: p.url },
    },
  };
}

/** To the team mailbox: a site admin asks for the worksite to be closed (SPEC §9). */
export function closureRequestedEmail(p: {
  worksiteName: string;
  legalName: string;
  byName: string;
  reason: string;
  requestedAt: Date;
  url: string;
}): Email {
  return {
    template: 'worksite.closure_requested',
    subject: `Closure requested for ${p.worksiteName}`,
    content: {
      heading: 'A site administrator asked to close a worksite',
      paragraphs: [
        `${p.byName} asked on ${pacificDateTime(p.requestedAt)} (Pacific time) to close ${p.worksiteName} (${p.legalName}).`,
        `Reason given:\n${p.reason}`,
        'Closing the worksite ends every membership there. Review the request in the enrolment team area.',
      ],
      action: { label: 'Open the worksite', url: p.url },
    },
  };
}
