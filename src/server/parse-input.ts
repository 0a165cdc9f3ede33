import type { z } from 'zod';
import { DomainError } from '@/lib/errors';

// Free of Next.js imports so services and scripts can validate input too.
export const NUL_MESSAGE = 'Remove the hidden control character from this field.';

/** Paths of strings holding a NUL byte: PostgreSQL cannot store one in text, so a NUL that got
 * past a schema would fail the write as an unexpected error instead of a field message. */
function nulPaths(v: unknown, path: string[] = [], seen = new WeakSet<object>()): string[] {
  if (typeof v === 'string') return v.includes('\u0000') ? [path.join('.') || '_form'] : [];
  if (typeof v !== 'object' || v === null || seen.has(v)) return [];
  seen.add(v);
  return Object.entries(v).flatMap(([k, x]) => nulPaths(x, [...path, k], seen));
}

/** Same schema as the form; failures become field errors keyed by the field's path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const nul = nulPaths(input);
  if (nul.length) {
    const fieldErrors = Object.fromEntries(
      nul.filter((p) => p !== '_form').map((p) => [p, NUL_MESSAGE]),
    );
    throw new DomainError(
      'VALIDATION',
      nul.includes('_form') ? NUL_MESSAGE : 'Please correct the highlighted fields.',
      fieldErrors,
    );
  }
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    fieldErrors[key] ??= issue.message;
  }
  const formError = fieldErrors._form;
  delete fieldErrors._form;
  throw new DomainError(
    'VALIDATION',
    formError ?? 'Please correct the highlighted fields.',
    fieldErrors,
  );
}
