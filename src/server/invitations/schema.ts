import { z } from 'zod';
import { emailAddress } from '@/lib/validation';
import { recordId } from '../memberships/schema';
import { isoDate, requireLocumEnd } from '../sponsorships/schema';

export const inviteSchema = z
  .strictObject({
    worksiteId: recordId,
    email: emailAddress,
    // Optional: carried onto the membership when the invitation is accepted (SPEC §8).
    isLocum: z.boolean().optional(),
    locumEndDate: z.union([isoDate, z.literal('')]).optional(),
  })
  .superRefine(requireLocumEnd);

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
