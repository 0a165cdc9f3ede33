import { z } from 'zod';
import { emailAddress } from '@/lib/validation';
import { recordId } from '../memberships/schema';

export const inviteSchema = z.strictObject({
  worksiteId: recordId,
  email: emailAddress,
});

export const invitationActionSchema = z.strictObject({
  worksiteId: recordId,
  invitationId: recordId,
});

// The token's shape is checked by the service, so a mangled link gets the "not valid" message.
export const acceptInvitationSchema = z.strictObject({
  token: z.string().max(200, 'This invitation link is not valid.'),
});

export type InviteInput = z.input<typeof inviteSchema>;
export type InviteValues = z.output<typeof inviteSchema>;
export type InvitationActionInput = z.output<typeof invitationActionSchema>;
