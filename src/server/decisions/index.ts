// The team's decisions (decision 030): one caller type, one role check (the policy table), one
// conflict-of-interest check, one lock helper and one decide() that runs the steps.
export { alreadyDecidedError, pacificMinute, type LastDecision } from './already-decided';
export { requireDecider, type DecisionContext, type StaffCaller } from './caller';
export { conflictOf, OWN_WORKSITE_MESSAGE, refuseConflictOfInterest, type ConflictMessages, type Parties } from './conflict';
export { decide, type Decided, type DecisionSpec, type Step, type Transition } from './decide';
export { lockById, type LockableTable } from './lock';
