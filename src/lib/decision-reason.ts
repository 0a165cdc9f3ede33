import { z } from 'zod';

// The reason on a team decision, said once. The decision forms' schemas (the message next to the
// field) and the decision kernel (which every caller goes through: actions, scripts, tests) read
// the same rule, so a reason one accepts is a reason the other accepts (docs/decisions/030).
export const REASON_MIN = 5;
export const REASON_MAX = 2000;

/** Who reads the reason: it is in the email they get. */
export type Reader = 'the person' | 'the clinic' | 'the site administrators';

export const requiredReason = (reader: Reader) =>
  z
    .string('Give a reason.')
    .trim()
    .min(REASON_MIN, `Give a reason of at least ${REASON_MIN} characters; ${reader} will read it.`)
    .max(REASON_MAX, `Keep the reason to ${REASON_MAX} characters or fewer.`);

/** Approvals and reinstatements: a note is optional. */
export const optionalReason = z
  .string()
  .trim()
  .max(REASON_MAX, `Keep the note to ${REASON_MAX} characters or fewer.`)
  .optional()
  .transform((v) => v || undefined);

/** What is wrong with a required reason, said as next to the field; null when it will do. */
export function reasonProblem(reader: Reader, value: string | null | undefined): string | null {
  const r = requiredReason(reader).safeParse(value ?? '');
  return r.success ? null : (r.error.issues[0]?.message ?? 'Give a reason.');
}

/** For forms that approve or decline with one submit: a decline says why, by the same rule. */
export function declineNeedsReason(reader: Reader, declining: boolean, value: string | undefined, c: z.RefinementCtx): void {
  const problem = declining ? reasonProblem(reader, value) : null;
  if (problem) c.addIssue({ code: 'custom', path: ['reason'], message: problem });
}
