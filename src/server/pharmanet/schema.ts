import { z } from 'zod';
import { declineNeedsReason, optionalReason } from '@/lib/decision-reason';

const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');
const status = z.enum(['REQUESTED', 'INSTRUCTIONS_SENT', 'APPROVED', 'DECLINED', 'REVOKED']);
const reason = optionalReason;

export const pharmanetWorksiteSchema = z.strictObject({ worksiteId: recordId });

export const worksiteTeamStepSchema = z
  .strictObject({
    requestId: recordId,
    expectedStatus: status,
    step: z.enum(['instructions_sent', 'approve', 'decline'], { error: 'Choose a step' }),
    reason,
  })
  .superRefine((v, c) => declineNeedsReason('the site administrators', v.step === 'decline', v.reason, c));

export const decideUserPharmanetSchema = z
  .strictObject({
    requestId: recordId,
    expectedStatus: status,
    decision: z.enum(['approve', 'decline'], { error: 'Choose approve or decline' }),
    reason,
  })
  .superRefine((v, c) => declineNeedsReason('the person', v.decision === 'decline', v.reason, c));
