import 'server-only';
import type { Email } from '@/server/notify';
import { pacificDateTime } from '@/lib/pacific';

export const STAFF_INVITATION_TEMPLATE = 'staff.invitation-sent';

/** The email carries the only copy of the token (the database keeps its hash). */
export function staffInvitationEmail(p: {
  roleLabel: string;
  inviterName: string;
  url: string;
  expiresAt: Date;
  appName: string;
}): Email {
  return {
    template: STAFF_INVITATION_TEMPLATE,
    subject: `You are invited to join the ${p.appName} staff`,
    content: {
      heading: `Join the ${p.appName} staff`,
      paragraphs: [
        `${p.inviterName} invited you to work in the ${p.appName} admin area with the role: ${p.roleLabel}.`,
        'Open the link below and sign in with your own BC Services Card to accept. The role goes to the card you sign in with, so do not forward this email.',
        `The link works once and expires on ${pacificDateTime(p.expiresAt)} (Pacific time). If it expires, ask a staff administrator to send a new one.`,
        'If you did not expect this invitation, you can ignore this email.',
      ],
      action: { label: 'Accept the staff invitation', url: p.url },
    },
  };
}
