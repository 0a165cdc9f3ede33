import { z } from 'zod';
import { requiredReason } from '@/lib/decision-reason';

// The team's decisions on a person's account (SPEC §4 "Suspending … ends their sessions at once").

const personId = z.uuid('That person reference is not valid. Reload the page.');
const reason = requiredReason('the person');

export const personStatusDecisionSchema = z.strictObject({ personId, reason });
export type PersonStatusDecisionInput = z.input<typeof personStatusDecisionSchema>;
export type PersonStatusDecisionValues = z.output<typeof personStatusDecisionSchema>;

// Suspending a person who is the last active site admin somewhere needs a second, confirmed submit.
export const suspendPersonSchema = personStatusDecisionSchema.extend({
  confirmLastSiteAdmin: z.boolean('Confirm with the button.').optional(),
});
export type SuspendPersonValues = z.output<typeof suspendPersonSchema>;
