import { z } from 'zod';

// Record ids are checked where they are loaded (scoped to the caller's worksite): a malformed id
// then answers "not found" exactly like a forged one, instead of revealing a format rule.
export const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');

export const memberActionSchema = z.strictObject({
  worksiteId: recordId,
  membershipId: recordId,
});

export const transferSchema = z.strictObject({
  worksiteId: recordId,
  membershipId: z
    .string()
    .trim()
    .min(1, 'Choose the member who will take over')
    .max(100, 'Choose the member who will take over'),
});

export type MemberActionInput = z.output<typeof memberActionSchema>;
export type TransferInput = z.input<typeof transferSchema>;
