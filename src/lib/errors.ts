// One error class for every expected refusal; the code says which, the message is for people.
export type DomainErrorCode =
  | 'UNAUTHENTICATED' // no valid session
  | 'FORBIDDEN' // signed in, but this role may not do this (only where existence is not secret)
  | 'NOT_FOUND' // missing, or exists but the caller may not see it (never tells which)
  | 'VALIDATION' // input failed the schema; fieldErrors say where
  | 'INVALID_TRANSITION' // the record's state does not allow this step
  | 'ALREADY_DECIDED' // another person decided it first (guarded update found no row)
  | 'CONFLICT' // a uniqueness or invariant rule refused the change
  | 'RATE_LIMITED'; // too many requests

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
