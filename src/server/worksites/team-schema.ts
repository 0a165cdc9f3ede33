import { z } from 'zod';
import { WorksiteStatus } from '@/generated/prisma/enums';
import { optionalReason, requiredReason } from '@/lib/decision-reason';

// Inputs of the enrolment team's decisions on a worksite. `expectedStatus` is the status the
// deciding page showed: if it is no longer the status, someone else decided first.

const worksiteId = z.uuid('That worksite reference is not valid. Reload the page.');
const expectedStatus = z.enum(WorksiteStatus, 'Reload the page and try again.');

/** Read by the clinic: said plainly, long enough to be useful. */
export const decisionReason = requiredReason('the clinic');

/** Accept an intake, approve a declaration, reinstate: a note is optional. */
export const decisionSchema = z.strictObject({
  worksiteId,
  expectedStatus,
  reason: optionalReason,
});

/** Request changes, decline, suspend, close: the reason is required. */
export const reasonedDecisionSchema = z.strictObject({
  worksiteId,
  expectedStatus,
  reason: decisionReason,
});

export type DecisionInput = z.input<typeof decisionSchema>;
export type DecisionValues = z.output<typeof decisionSchema>;
export type ReasonedDecisionInput = z.input<typeof reasonedDecisionSchema>;
export type ReasonedDecisionValues = z.output<typeof reasonedDecisionSchema>;

/** The decisions the team's worksite page can offer; the page shows only those that would work. */
export type TeamDecision =
  'accept' | 'approve' | 'requestChanges' | 'decline' | 'suspend' | 'reinstate' | 'close';
