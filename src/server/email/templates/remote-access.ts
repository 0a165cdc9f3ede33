import 'server-only';
import type { Email } from '@/server/notify';

/** To the team mailbox: a person asks for remote access at a worksite (SPEC §8). */
export function remoteAccessRequestedEmail(p: {
  requesterName: string;
  profession: string;
  worksiteName: string;
  url: string;
}): Email {
  return {
    template: 'remote_access.requested',
    subject: `Remote access requested by ${p.requesterName}`,
    content: {
      heading: 'A remote access request is waiting',
      paragraphs: [
        `${p.requesterName} (${p.profession}) asked for remote access to CareConnect for ${p.worksiteName}.`,
      ],
      action: { label: 'Open the remote access queue', url: p.url },
    },
  };
}

/** To the person: the team approved or declined remote access (SPEC §12). */
export function remoteAccessDecidedEmail(p: {
  worksiteName: string;
  approved: boolean;
  reason: string | null;
  url: string;
}): Email {
  return p.approved
    ? {
        template: 'remote_access.approved',
        subject: `Remote access approved for ${p.worksiteName}`,
        content: {
          heading: 'Your remote access was approved',
          paragraphs: [
            `You may now open CareConnect from outside ${p.worksiteName} (for example from a home office) for your work there.`,
            'Keep the same care with patient information as at the worksite: a private room, a locked screen and a secure network.',
          ],
          action: { label: 'See your remote access', url: p.url },
        },
      }
    : {
        template: 'remote_access.declined',
        subject: `Remote access declined for ${p.worksiteName}`,
        content: {
          heading: 'Your remote access request was declined',
          paragraphs: [
            `The enrolment team declined your request for remote access for ${p.worksiteName}.`,
            `Reason: ${p.reason ?? 'not given'}`,
            'You can still open CareConnect at the worksite itself.',
          ],
          action: { label: 'See your remote access', url: p.url },
        },
      };
}
