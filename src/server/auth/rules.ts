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

/** Why a session row can no longer be used, or null when it is good. */
export function sessionEndReason(
  s: { expires: Date; absoluteEnd: Date; endedAt: Date | null },
  personStatus: string,
  now: Date,
): string | null {
  if (s.endedAt) return 'ENDED';
  if (personStatus !== 'ACTIVE') return 'PERSON_NOT_ACTIVE';
  if (s.absoluteEnd <= now) return 'ABSOLUTE';
  if (s.expires <= now) return 'IDLE';
  return null;
}
