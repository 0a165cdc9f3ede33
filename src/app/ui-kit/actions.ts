'use server';

import { notFound } from 'next/navigation';
import type { ActionResult } from '@/lib/action-result';
import { env } from '@/server/env';
import { demoSchema } from './demo-schema';

// Only for the pattern library page; like the page, it does not exist in production.
export async function submitDemoAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  const e = env();
  if (e.NODE_ENV === 'production' && !e.DEMO_MODE) notFound();
  const parsed = demoSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join('.')] ??= issue.message;
    return { ok: false, code: 'VALIDATION', fieldErrors };
  }
  const { fullName, email } = parsed.data;
  if (email.endsWith('@taken.example')) {
    return {
      ok: false,
      code: 'CONFLICT',
      fieldErrors: { email: 'Another person already uses this email address' },
    };
  }
  if (fullName.toLowerCase() === 'server problem') {
    return {
      ok: false,
      code: 'CONFLICT',
      formError: 'We could not save your details.',
      correlationId: 'DEMO-4F2A9C',
    };
  }
  return { ok: true, data: { name: fullName } };
}
