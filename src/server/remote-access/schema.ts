import { z } from 'zod';
import { declineNeedsReason, optionalReason } from '@/lib/decision-reason';

const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');

export const requestRemoteAccessSchema = z.strictObject({ membershipId: recordId });

export const decideRemoteAccessSchema = z
  .strictObject({
    requestId: recordId,
    expectedStatus: z.enum(['REQUESTED', 'INSTRUCTIONS_SENT', 'APPROVED', 'DECLINED', 'REVOKED']),
    decision: z.enum(['approve', 'decline'], { error: 'Choose approve or decline' }),
    reason: optionalReason,
  })
  .superRefine((v, c) => declineNeedsReason('the person', v.decision === 'decline', v.reason, c));
