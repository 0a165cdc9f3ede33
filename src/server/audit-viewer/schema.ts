import { z } from 'zod';

const uuid = z.uuid('Enter a record id, such as 0193…-…');
const optional = <S extends z.ZodType>(s: S) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), s.optional());
// A real calendar day: 2026-02-31 is refused rather than rolled over into March.
const day = z.iso.date('Enter a real date as YYYY-MM-DD');

/** The filter form's fields, as they arrive in the page's query string. */
export const auditFilterSchema = z.object({
  actorId: optional(uuid),
  action: optional(z.string().max(100, 'Action must be 100 characters or fewer')),
  worksiteId: optional(uuid),
  personId: optional(uuid),
  from: optional(day),
  to: optional(day),
  cursor: optional(z.string().regex(/^[1-9][0-9]{0,18}$/, 'Invalid page')),
});
export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
