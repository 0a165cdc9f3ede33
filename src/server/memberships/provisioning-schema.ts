import { z } from 'zod';
import { MembershipStatus } from '@/generated/prisma/enums';

// The team's set-up decisions on a membership (SPEC §8 PENDING_REVIEW → ACTIVE | DECLINED).
// `expectedStatus` is the status the page showed: if it changed, someone else decided first.

const membershipId = z.uuid('That membership reference is not valid. Reload the page.');
const expectedStatus = z.enum(MembershipStatus, 'Reload the page and try again.');

export const provisionSchema = z.strictObject({ membershipId, expectedStatus });

export const declineMembershipSchema = z.strictObject({
  membershipId,
  expectedStatus,
  reason: z
    .string('Give a reason.')
    .trim()
    .min(5, 'Give a reason of at least 5 characters; the person will read it.')
    .max(2000, 'Keep the reason to 2000 characters or fewer.'),
});

export type ProvisionInput = z.input<typeof provisionSchema>;
export type ProvisionValues = z.output<typeof provisionSchema>;
export type DeclineMembershipInput = z.input<typeof declineMembershipSchema>;
export type DeclineMembershipValues = z.output<typeof declineMembershipSchema>;
