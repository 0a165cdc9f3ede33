import 'server-only';
import type { Email } from '@/server/notify';
import { pacificDateTime } from '@/lib/pacific';

export const INVITATION_TEMPLATE = 'invitation.sent';

/**
 * The invitation carries the only copy of the token (the database keeps its hash), so this
 * email is the one place the link exists. `url` already contains the token.
 */
export function invitationEmail(p: {
  worksiteName: string;
  inviterName: string | null;
  url: string;
  expiresAt: Date;
  appName: string;
}): Email {
  const who = p.inviterName
    ? `${p.inviterName} invited you to join ${p.worksiteName} on ${p.appName}.`
    : `You are invited to join ${p.worksiteName} on ${p.appName}. The worksite listed you as one of its expected users.`;
  return {
    template: INVITATION_TEMPLATE,
    subject: `You are invited to join ${p.worksiteName}`,
    content: {
      heading: `Join ${p.worksiteName} on ${p.appName}`,
      paragraphs: [
        who,
        'Open the link below and sign in with your BC Services Card to accept. After you accept, the enrolment team sets up your access.',
        `The link works once and expires on ${pacificDateTime(p.expiresAt)} (Pacific time). If it expires, ask your site administrator to send a new one.`,
        'If you did not expect this invitation, you can ignore this email.',
      ],
      action: { label: 'Accept the invitation', url: p.url },
    },
  };
}
