// One error class for every expected refusal; the code says which, the message is for people.
export type DomainErrorCode =
  | 'UNAUTHENTICATED' // no valid session
  | 'FORBIDDEN' // signed in, but this role may not do this (only where existence is not secret)
  | 'NOT_FOUND' // missing, or exists but the caller may not see it (never tells which)
  | 'VALIDATION' // input failed the schema; fieldErrors say where
  | 'INVALID_TRANSITION' // the record's state does not allow this step
  | 'ALREADY_DECIDED' // another person decided it first (guarded update found no row)
  | 'CONFLICT' // a uniqueness or invariant rule refused the change
  | 'LAST_SITE_ADMIN' // the change would leave a worksite without an active site admin (name a successor first)
  | 'RATE_LIMITED'; // too many requests

/**
 * Finer reasons the server switches on while the public code stays broad (an unknown link is
 * NOT_FOUND to everyone, but counts towards the guessed-link throttle):
 * - UNKNOWN_LINK: an invitation link that matches nothing usable.
 */
export type DomainErrorDetail = 'UNKNOWN_LINK';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
    readonly detail?: DomainErrorDetail,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
