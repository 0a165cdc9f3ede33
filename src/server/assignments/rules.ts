// Pure assignment rules: who an item is assigned to next, or why not. An item assigned to
// someone else is never taken over silently: it is unassigned first (an explicit, audited step),
// then assigned. Repeating the same step (a double submit) changes nothing and is not an error.

export const ASSIGNABLE_KINDS = [
  'WORKSITE',
  'ENROLMENT',
  'MEMBERSHIP',
  'PROFESSION_CHANGE_REQUEST',
  'REMOTE_ACCESS_REQUEST',
  'PHARMANET_WORKSITE_REQUEST',
  'PHARMANET_USER_REQUEST',
] as const;
export type AssignableKind = (typeof ASSIGNABLE_KINDS)[number];

export type AssignmentOp = 'assign' | 'unassign';

export type AssignmentOutcome =
  | { ok: true; to: string | null; changed: boolean }
  | { ok: false; code: 'ASSIGNED_TO_SOMEONE_ELSE' | 'CHANGED_SINCE_PAGE'; holder: string | null };

/**
 * @param current  who the item is assigned to now
 * @param expected for unassign: who the page showed as assignee (a different one means the page is stale)
 */
export function assignmentOutcome(op: AssignmentOp, current: string | null, staffId: string, expected: string | null): AssignmentOutcome {
  if (op === 'assign') {
    if (current === null) return { ok: true, to: staffId, changed: true };
    if (current === staffId) return { ok: true, to: staffId, changed: false };
    return { ok: false, code: 'ASSIGNED_TO_SOMEONE_ELSE', holder: current };
  }
  if (current === null) return { ok: true, to: null, changed: false };
  if (current !== expected) return { ok: false, code: 'CHANGED_SINCE_PAGE', holder: current };
  return { ok: true, to: null, changed: true };
}

export function assignmentRefusal(code: 'ASSIGNED_TO_SOMEONE_ELSE' | 'CHANGED_SINCE_PAGE', holderName: string): string {
  return code === 'ASSIGNED_TO_SOMEONE_ELSE'
    ? `This is already assigned to ${holderName}. To take it over, unassign it first.`
    : `This was assigned to ${holderName} since you opened the page. Reload the page to see where it stands.`;
}
