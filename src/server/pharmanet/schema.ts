import { z } from 'zod';

const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');
const status = z.enum(['REQUESTED', 'INSTRUCTIONS_SENT', 'APPROVED', 'DECLINED', 'REVOKED']);
const reason = z.string().trim().max(2000, 'Reason must be 2000 characters or fewer').optional();

export const pharmanetWorksiteSchema = z.strictObject({ worksiteId: recordId });

export const worksiteTeamStepSchema = z
  .strictObject({
    requestId: recordId,
    expectedStatus: status,
    step: z.enum(['instructions_sent', 'approve', 'decline'], { error: 'Choose a step' }),
    reason,
  })
  .superRefine((v, c) => {
    if (v.step === 'decline' && !v.reason)
      c.addIssue({ code: 'custom', path: ['reason'], message: 'Tell the site administrators why PharmaNet is declined' });
  });

export const decideUserPharmanetSchema = z
  .strictObject({
    requestId: recordId,
    expectedStatus: status,
    decision: z.enum(['approve', 'decline'], { error: 'Choose approve or decline' }),
    reason,
  })
  .superRefine((v, c) => {
    if (v.decision === 'decline' && !v.reason)
      c.addIssue({ code: 'custom', path: ['reason'], message: 'Tell the person why PharmaNet access is declined' });
  });
