import { z } from 'zod';

const uuid = z.uuid('Enter a record id, such as 0193…-…');
const optional = <S extends z.ZodType>(s: S) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), s.optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD');

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
