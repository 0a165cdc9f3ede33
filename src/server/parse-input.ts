import type { z } from 'zod';
import { DomainError } from '@/lib/errors';

// Free of Next.js imports so services and scripts can validate input too.
/** Same schema as the form; failures become field errors keyed by the field's path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    fieldErrors[key] ??= issue.message;
  }
  const formError = fieldErrors._form;
  delete fieldErrors._form;
  throw new DomainError('VALIDATION', formError ?? 'Please correct the highlighted fields.', fieldErrors);
}
