import 'server-only';
import { DomainError } from '@/lib/errors';
import { can, refusal, type Capability, type Subject, type Target } from './policy';

// What queries and services import: the check and its vocabulary, without the request-bound
// viewer loader (so scripts and jobs can use the same reads).
export { can, type Capability, type Subject, type Target };

/**
 * Refuses unless the policy table lets the caller use the capability on the record: no caller
 * is UNAUTHENTICATED; otherwise FORBIDDEN for staff-only capabilities and NOT_FOUND for records
 * reached through ownership (the same answer as a missing record, whoever calls).
 */
export function requireCapability<S extends Subject>(s: S | null, c: Capability, t?: Target): asserts s is S {
  if (!s) throw new DomainError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
  if (!can(s, c, t)) {
    const r = refusal(s, c);
    throw new DomainError(r.code, r.message);
  }
}
