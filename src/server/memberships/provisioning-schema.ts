import { z } from 'zod';
import { MembershipStatus } from '@/generated/prisma/enums';
import { requiredReason } from '@/lib/decision-reason';

// The team's set-up decisions on a membership (SPEC §8 PENDING_REVIEW → ACTIVE | DECLINED).
// `expectedStatus` is the status the page showed: if it changed, someone else decided first.

const membershipId = z.uuid('That membership reference is not valid. Reload the page.');
const expectedStatus = z.enum(MembershipStatus, 'Reload the page and try again.');

export const provisionSchema = z.strictObject({ membershipId, expectedStatus });

export const declineMembershipSchema = z.strictObject({
  membershipId,
  expectedStatus,
  reason: requiredReason('the person'),
});

export type ProvisionInput = z.input<typeof provisionSchema>;
export type ProvisionValues = z.output<typeof provisionSchema>;
export type DeclineMembershipInput = z.input<typeof declineMembershipSchema>;
export type DeclineMembershipValues = z.output<typeof declineMembershipSchema>;
