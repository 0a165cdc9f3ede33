import 'server-only';
import { DomainError } from '@/lib/errors';
import { can, refusal, type Capability, type Subject } from '../authz/policy';
import type { RequestContext } from '../request-context';

/** The staff member deciding: the action passes the signed-in person (id and staff roles). */
export type StaffCaller = Pick<Subject, 'id' | 'staffRoles'>;

/** What a decision needs from the request, for the audit trail. */
export type DecisionContext = Pick<RequestContext, 'requestId' | 'ip'>;

/**
 * Refuses a caller whose staff roles do not hold the capability in the policy table (the action
 * checks the same table before calling; this is defence in depth). The message names who may.
 */
export function requireDecider(staff: StaffCaller, capability: Capability): void {
  if (!can(staff, capability)) throw new DomainError('FORBIDDEN', refusal(staff, capability).message);
}
