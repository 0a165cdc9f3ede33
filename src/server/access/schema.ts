import { z } from 'zod';
import { normalizeWorksiteCode } from '../worksites/code';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The query string of GET /api/v1/access. Strict: an unknown parameter is a caller's mistake
// worth telling them about, not something to ignore.
export const accessQuerySchema = z.strictObject({
  subject: z
    .string({ error: 'subject is required' })
    .min(1, 'subject is required')
    // A subject is an opaque identifier: padding is a caller's bug, not something to guess about.
    .refine((v) => v.trim() === v, 'subject must not start or end with spaces')
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

export const ACCESS_PARAMETERS = ['subject', 'worksite', 'location'] as const;
const MAX_NAMED = 10; // unknown names echoed back, at most
const shown = (name: string) => (name.length > 40 ? `${name.slice(0, 40)}…` : name);

export type AccessQueryCheck =
  | { ok: true; values: Record<(typeof ACCESS_PARAMETERS)[number], string | undefined> }
  | { ok: false; fieldErrors: Record<string, string> };

/**
 * The query string as the API accepts it: each known parameter at most once, nothing else. A
 * repeated parameter is refused rather than "the last one wins", which would let a proxy or a
 * caller's bug change the question without anyone noticing.
 */
export function checkAccessQuery(params: URLSearchParams): AccessQueryCheck {
  const fieldErrors: Record<string, string> = {};
  const seen = new Map<string, number>();
  for (const name of params.keys()) seen.set(name, (seen.get(name) ?? 0) + 1);
  let unknown = 0;
  for (const [name, count] of seen) {
    if (!(ACCESS_PARAMETERS as readonly string[]).includes(name)) {
      if (unknown++ < MAX_NAMED) fieldErrors[shown(name) || '(empty name)'] = 'Unknown parameter';
    } else if (count > 1) {
      fieldErrors[name] = `${name} must be given once, not ${count} times`;
    }
  }
  const values = Object.fromEntries(ACCESS_PARAMETERS.map((n) => [n, params.get(n) ?? undefined])) as Extract<AccessQueryCheck, { ok: true }>['values'];
  const parsed = accessQuerySchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.') || '_';
      fieldErrors[name] ??= issue.message;
    }
  }
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, values };
}
