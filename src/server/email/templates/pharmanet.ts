import 'server-only';
import type { Email } from '@/server/notify';

/** To the team mailbox: a site admin asks for PharmaNet for the worksite. */
export function pharmanetWorksiteRequestedEmail(p: { requesterName: string; worksiteName: string; url: string }): Email {
  return {
    template: 'pharmanet.worksite_requested',
    subject: `PharmaNet requested for ${p.worksiteName}`,
    content: {
      heading: 'A worksite asks for PharmaNet',
      paragraphs: [
        `${p.requesterName}, site administrator, asked for PharmaNet for ${p.worksiteName}.`,
        'Send the PRIME enrolment instructions, then approve once the worksite has followed them.',
      ],
      action: { label: 'Open the PharmaNet queue', url: p.url },
    },
  };
}

/** To the site admins: the team sent the PRIME enrolment instructions. */
export function pharmanetInstructionsSentEmail(p: { worksiteName: string; url: string }): Email {
  return {
    template: 'pharmanet.instructions_sent',
    subject: `PRIME enrolment instructions sent for ${p.worksiteName}`,
    content: {
      heading: 'PRIME enrolment instructions were sent',
      paragraphs: [
        `The enrolment team sent the PRIME enrolment instructions for PharmaNet at ${p.worksiteName}.`,
        'Follow them to enrol the worksite in PRIME. The team approves PharmaNet for the worksite once that is done.',
      ],
      action: { label: 'See PharmaNet for the worksite', url: p.url },
    },
  };
}

/** To the site admins: PharmaNet for the worksite approved or declined. */
export function pharmanetWorksiteDecidedEmail(p: {
  worksiteName: string;
  approved: boolean;
  reason: string | null;
  url: string;
}): Email {
  return p.approved
    ? {
        template: 'pharmanet.worksite_approved',
        subject: `PharmaNet enabled for ${p.worksiteName}`,
        content: {
          heading: 'PharmaNet is enabled for your worksite',
          paragraphs: [
            `PharmaNet is now enabled for ${p.worksiteName}.`,
            'People who work there (except pharmacists, who use their pharmacy’s own PharmaNet connection) can now ask for PharmaNet access in the portal.',
          ],
          action: { label: 'See PharmaNet for the worksite', url: p.url },
        },
      }
    : {
        template: 'pharmanet.worksite_declined',
        subject: `PharmaNet declined for ${p.worksiteName}`,
        content: {
          heading: 'PharmaNet for your worksite was declined',
          paragraphs: [
            `The enrolment team declined PharmaNet for ${p.worksiteName}.`,
            `Reason: ${p.reason ?? 'not given'}`,
            'You can ask again once the reason is dealt with.',
          ],
          action: { label: 'See PharmaNet for the worksite', url: p.url },
        },
      };
}

/** To the team mailbox: a person asks for their own PharmaNet access. */
export function pharmanetUserRequestedEmail(p: {
  requesterName: string;
  profession: string;
  worksiteName: string;
  url: string;
}): Email {
  return {
    template: 'pharmanet.user_requested',
    subject: `PharmaNet access requested by ${p.requesterName}`,
    content: {
      heading: 'A PharmaNet access request is waiting',
      paragraphs: [`${p.requesterName} (${p.profession}) asked for PharmaNet access at ${p.worksiteName}.`],
      action: { label: 'Open the PharmaNet queue', url: p.url },
    },
  };
}

/** To the person: their PharmaNet access approved or declined. */
export function pharmanetUserDecidedEmail(p: {
  worksiteName: string;
  approved: boolean;
  reason: string | null;
  url: string;
}): Email {
  return p.approved
    ? {
        template: 'pharmanet.user_approved',
        subject: `PharmaNet access approved at ${p.worksiteName}`,
        content: {
          heading: 'Your PharmaNet access was approved',
          paragraphs: [`You can now see PharmaNet information in CareConnect for your work at ${p.worksiteName}.`],
          action: { label: 'See your PharmaNet access', url: p.url },
        },
      }
    : {
        template: 'pharmanet.user_declined',
        subject: `PharmaNet access declined at ${p.worksiteName}`,
        content: {
          heading: 'Your PharmaNet access request was declined',
          paragraphs: [
            `The enrolment team declined your request for PharmaNet access at ${p.worksiteName}.`,
            `Reason: ${p.reason ?? 'not given'}`,
          ],
          action: { label: 'See your PharmaNet access', url: p.url },
        },
      };
}
