import { z } from 'zod';

const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');

// Calls a key may make in any 60 seconds. A viewer serving a health authority needs thousands.
export const MAX_REQUESTS_PER_MINUTE = 100_000;
export const DEFAULT_REQUESTS_PER_MINUTE = 600;
const requestsPerMinute = z
  .number({ error: 'Enter a whole number of calls per minute' })
  .int('Enter a whole number of calls per minute')
  .min(1, 'Allow at least 1 call per minute')
  .max(MAX_REQUESTS_PER_MINUTE, `Allow at most ${MAX_REQUESTS_PER_MINUTE.toLocaleString('en-CA')} calls per minute`);

export const createApiKeySchema = z.strictObject({
  requestsPerMinute: requestsPerMinute.default(DEFAULT_REQUESTS_PER_MINUTE),
  name: z
    .string()
    .trim()
    .min(1, 'Give the key a name, such as the system that will use it')
    .max(100, 'Name must be 100 characters or fewer')
    // One line on the staff page and in audit entries: no line breaks or control characters.
    .refine((v) => !/\p{Cc}/u.test(v), 'Name cannot contain line breaks or control characters'),
});

export const revokeApiKeySchema = z.strictObject({ id: recordId });

export const setApiKeyLimitSchema = z.strictObject({ id: recordId, requestsPerMinute });
