// Pure sign-in policy: no I/O, no clock.

export type SignInRefusal = 'assurance';

/** The BC Services Card assurance level must reach the configured minimum. */
export function assuranceRefusal(
  claimed: number | string | undefined,
  minimum: number,
): SignInRefusal | null {
  const level = typeof claimed === 'string' ? Number(claimed) : claimed;
  if (level === undefined || !Number.isInteger(level) || level < minimum) return 'assurance';
  return null;
}
