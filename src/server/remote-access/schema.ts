import { z } from 'zod';

const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');

export const requestRemoteAccessSchema = z.strictObject({ membershipId: recordId });

export const decideRemoteAccessSchema = z
  .strictObject({
    requestId: recordId,
    expectedStatus: z.enum(['REQUESTED', 'INSTRUCTIONS_SENT', 'APPROVED', 'DECLINED', 'REVOKED']),
    decision: z.enum(['approve', 'decline'], { error: 'Choose approve or decline' }),
    reason: z.string().trim().max(2000, 'Reason must be 2000 characters or fewer').optional(),
  })
  .superRefine((v, c) => {
    if (v.decision === 'decline' && !v.reason)
      c.addIssue({ code: 'custom', path: ['reason'], message: 'Tell the person why remote access is declined' });
  });
