import 'server-only';
import { DomainError } from '@/lib/errors';
import { can, refusal, type Capability, type Subject } from '../authz/policy';
import type { AuditContext } from '../request-context';

/** The staff member acting: the action passes the signed-in person (id and staff roles). */
export type StaffCaller = Pick<Subject, 'id' | 'staffRoles'>;

/** What a decision needs from the request, for the audit trail. */
export type { AuditContext as DecisionContext };

/**
 * The one staff role guard for services: refuses a caller whose staff roles do not hold the
 * capability in the policy table (the action checks the same table before calling; this is
 * defence in depth). The refusal names who may, unless the service words it for its own page.
 */
export function requireDecider(staff: StaffCaller, capability: Capability, message?: string): void {
  if (!can(staff, capability)) throw new DomainError('FORBIDDEN', message ?? refusal(staff, capability).message);
}
