import { z } from 'zod';

const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');

export const createApiKeySchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Give the key a name, such as the system that will use it')
    .max(100, 'Name must be 100 characters or fewer')
    // One line on the staff page and in audit entries: no line breaks or control characters.
    .refine((v) => !/\p{Cc}/u.test(v), 'Name cannot contain line breaks or control characters'),
});

export const revokeApiKeySchema = z.strictObject({ id: recordId });
