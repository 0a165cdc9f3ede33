// The team's decisions (decision 030): one caller type, one role check (the policy table), one
// conflict-of-interest check, one lock helper and one decide() that runs the steps.
export { alreadyDecidedError, pacificMinute, type LastDecision } from './already-decided';
export { requireDecider, type DecisionContext, type StaffCaller } from './caller';
export { conflictOf, mayActOn, OWN_WORKSITE_MESSAGE, refuseConflictOfInterest, worksitesOf, type ConflictMessages, type Parties } from './conflict';
export { decide, outboxRows, RetryDecision, stampedAudit, type Decided, type DecidingStaff, type DecisionSpec, type Step, type Transition } from './decide';
export { writeDecision, type GuardedUpdate, type RowWrite, type Written } from './write';
export { lockById, lockWith, type LockableTable } from './lock';
export { siteAdminsFrom, siteAdminsInclude } from './site-admins';
