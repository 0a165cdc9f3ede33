// Pure timeline logic: which audit events are worth showing, how they read, and one order for
// everything. Newest first everywhere (a reviewer opens a record to see what happened last).

export type EmailState = 'PENDING' | 'SENT' | 'DEAD';

type Base = { id: string; at: Date };
export type TimelineEntry =
  | (Base & { kind: 'status'; subject: string; from: string | null; to: string; reason: string | null; actor: string })
  | (Base & { kind: 'note'; about: string; author: string; body: string })
  | (Base & {
      kind: 'email';
      subject: string;
      to: string;
      template: string;
      state: EmailState;
      sentAt: Date | null;
      attempts: number;
      lastError: string | null;
    })
  | (Base & { kind: 'event'; action: string; label: string; actor: string });

export type TimelineKind = TimelineEntry['kind'];

/** A detail page shows the newest 50 entries, the rest after "Show older entries". */
export const TIMELINE_PAGE = 50;

// Rows written in one transaction share a timestamp; this keeps their order stable and natural
// (a note explains, the status changes, the email goes out, the audit seals it).
const KIND_RANK: Record<TimelineKind, number> = { note: 0, status: 1, email: 2, event: 3 };

/** Newest first; ties by kind (the later step of one transaction first), then id (UUIDv7). */
export function compareNewestFirst(a: TimelineEntry, b: TimelineEntry): number {
  const t = b.at.getTime() - a.at.getTime();
  if (t !== 0) return t;
  const k = KIND_RANK[b.kind] - KIND_RANK[a.kind];
  if (k !== 0) return k;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** One list from many sources, without duplicates (the same row read through two paths). */
export function mergeTimeline(...lists: TimelineEntry[][]): TimelineEntry[] {
  const seen = new Set<string>();
  const out: TimelineEntry[] = [];
  for (const e of lists.flat()) {
    const key = `${e.kind}:${e.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return collapseRepeatedViews(out.sort(compareNewestFirst));
}

const VIEW_ACTION = 'person.viewed_by_staff';

/**
 * Every page view of a person is audited, so one reviewer at work leaves a run of views. A run of
 * views by the same person, with nothing else between, shows as one entry (the newest) with a
 * count; the audit log keeps each one.
 */
export function collapseRepeatedViews(sorted: TimelineEntry[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  let run = 0;
  for (const e of sorted) {
    const prev = out.at(-1);
    if (e.kind === 'event' && e.action === VIEW_ACTION && prev?.kind === 'event' && prev.action === VIEW_ACTION && prev.actor === e.actor) {
      run += 1;
      out[out.length - 1] = { ...prev, label: `${auditActionLabel(VIEW_ACTION)} (${run} times)` };
      continue;
    }
    run = 1;
    out.push(e);
  }
  return out;
}

// Decisions that change a status are shown from the status history (which carries the reason
// and actor), so their audit rows would only repeat them. These are the audit actions that add
// something the history tables do not hold.
export const SIGNIFICANT_AUDIT_PREFIXES = [
  'assignment.',
  'email.resent',
  'person.viewed_by_staff',
  'enrolment.profession_change_',
  'privacy_course.',
  'agreement.accepted',
  'sponsorship.',
  'membership.sponsor_',
  'membership.site_admin_transferred',
  'membership.locum_updated',
  'remote_access.',
  'pharmanet.',
  'staff.role_',
  'invitation.',
  'worksite.closure_requested',
  'worksite.details_updated',
  'person.profile_updated',
  'person.contact_email_',
  'person.linked_bc_services_card',
  'reminder.',
] as const;

export function isSignificantAuditAction(action: string): boolean {
  return SIGNIFICANT_AUDIT_PREFIXES.some((p) => action === p || action.startsWith(p));
}

const AUDIT_LABEL: Record<string, string> = {
  'assignment.assigned': 'Assigned',
  'assignment.unassigned': 'Unassigned',
  'email.resent': 'Email resent',
  'person.viewed_by_staff': 'Details viewed by staff',
  'enrolment.profession_change_requested': 'Profession change requested',
  'enrolment.profession_change_applied': 'Profession change applied',
  'enrolment.profession_change_declined': 'Profession change declined',
  'privacy_course.completed': 'Privacy course completed',
  'privacy_course.recorded_by_staff': 'Privacy course recorded by the team',
  'agreement.accepted': 'Access agreement (HPCAA) accepted',
  'person.linked_bc_services_card': 'BC Services Card linked',
  'person.profile_updated': 'Profile updated',
  'worksite.closure_requested': 'Closure requested',
  'worksite.details_updated': 'Worksite details updated',
  'reminder.hpcaa_expiring': 'Reminder sent: access agreement (HPCAA) runs out soon',
  'reminder.locum_ending': 'Reminder sent: locum ends soon',
  'reminder.viewer_password_expiring': 'Reminder sent: viewer password expires soon',
  'reminder.agreement_awaiting': 'Reminder sent: a new agreement version awaits acceptance',
};

/** "remote_access.approved" → "Remote access approved", unless the table says better. */
export function auditActionLabel(action: string): string {
  const known = AUDIT_LABEL[action];
  if (known) return known;
  const words = action.replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const EMAIL_STATE_LABEL: Record<EmailState, string> = {
  PENDING: 'Waiting to be sent',
  SENT: 'Sent',
  DEAD: 'Failed (gave up)',
};

/** Only an email that has left the queue (sent or given up) is resent; a waiting one is still on its way. */
export function mayResendEmail(state: EmailState): boolean {
  return state !== 'PENDING';
}
