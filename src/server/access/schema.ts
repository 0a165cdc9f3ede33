import { z } from 'zod';
import { normalizeWorksiteCode } from '../worksites/code';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The query string of GET /api/v1/access. Strict: an unknown parameter is a caller's mistake
// worth telling them about, not something to ignore.
export const accessQuerySchema = z.strictObject({
  subject: z
    .string({ error: 'subject is required' })
    .trim()
    .min(1, 'subject is required')
    .max(200, 'subject must be 200 characters or fewer')
    // No subject has one, and PostgreSQL refuses a NUL in text: a 400, not a failed lookup.
    .refine((v) => !/\p{Cc}/u.test(v), 'subject must not contain control characters'),
  worksite: z
    .string({ error: 'worksite is required' })
    .trim()
    .min(1, 'worksite is required')
    .transform((v, c) => {
      if (UUID.test(v)) return { worksiteId: v.toLowerCase() } as const;
      const code = normalizeWorksiteCode(v);
      if (code) return { worksiteCode: code } as const;
      c.addIssue({
        code: 'custom',
        message: 'worksite must be a Worksite ID (7 characters) or a worksite uuid',
      });
      return z.NEVER;
    }),
  location: z.enum(['onsite', 'remote'], { error: 'location must be onsite or remote' }),
});

export type AccessQuery = z.infer<typeof accessQuerySchema>;
