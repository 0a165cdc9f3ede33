// Personal enrolment lifecycle (SPEC §7) and the profession lock (SPEC §3). Pure: no I/O, no
// clock. Services ask these before every change; guarded updates settle the races.
import type { EnrolmentStatus, Profession } from '@/generated/prisma/enums';

export type EnrolmentActor =
  | 'PERSON' // the enrolling person, on their own enrolment
  | 'SYSTEM' // the portal itself (review starts when steps 2–4 are complete)
  | 'ENROLMENT_TEAM'
  | 'AUDITOR';

export type EnrolmentEvent =
  | 'SUBMIT' // the person submits the form for the first time
  | 'RESUBMIT' // the person submits the corrected form after the team asked for changes
  | 'START_REVIEW' // the form, privacy course and agreement (where needed) are all done
  | 'APPROVE'
  | 'DECLINE' // final for this enrolment
  | 'REQUEST_CHANGES'
  | 'SUSPEND'
  | 'REINSTATE';

export type EnrolmentTransition = { ok: true; to: EnrolmentStatus } | { ok: false; reason: string };

export const ENROLMENT_STATUSES: readonly EnrolmentStatus[] = [
  'DRAFT',
  'SUBMITTED',
  'IN_REVIEW',
  'APPROVED',
  'DECLINED',
  'CHANGES_REQUESTED',
  'SUSPENDED',
];

export const ENROLMENT_EVENTS: readonly EnrolmentEvent[] = [
  'SUBMIT',
  'RESUBMIT',
  'START_REVIEW',
  'APPROVE',
  'DECLINE',
  'REQUEST_CHANGES',
  'SUSPEND',
  'REINSTATE',
];

export const ENROLMENT_ACTORS: readonly EnrolmentActor[] = ['PERSON', 'SYSTEM', 'ENROLMENT_TEAM', 'AUDITOR'];

// For each event: who may cause it, and from which state to which.
const TABLE: Record<EnrolmentEvent, { who: readonly EnrolmentActor[]; from: EnrolmentStatus; to: EnrolmentStatus }> = {
  SUBMIT: { who: ['PERSON'], from: 'DRAFT', to: 'SUBMITTED' },
  RESUBMIT: { who: ['PERSON'], from: 'CHANGES_REQUESTED', to: 'SUBMITTED' },
  START_REVIEW: { who: ['SYSTEM'], from: 'SUBMITTED', to: 'IN_REVIEW' },
  APPROVE: { who: ['ENROLMENT_TEAM'], from: 'IN_REVIEW', to: 'APPROVED' },
  DECLINE: { who: ['ENROLMENT_TEAM'], from: 'IN_REVIEW', to: 'DECLINED' },
  REQUEST_CHANGES: { who: ['ENROLMENT_TEAM'], from: 'IN_REVIEW', to: 'CHANGES_REQUESTED' },
  SUSPEND: { who: ['ENROLMENT_TEAM', 'AUDITOR'], from: 'APPROVED', to: 'SUSPENDED' },
  REINSTATE: { who: ['ENROLMENT_TEAM', 'AUDITOR'], from: 'SUSPENDED', to: 'APPROVED' },
};

/** The person reads these reasons, so they are required where the outcome is bad news. */
export const ENROLMENT_REASON_REQUIRED: ReadonlySet<EnrolmentEvent> = new Set(['DECLINE', 'REQUEST_CHANGES', 'SUSPEND']);

export function enrolmentTransition(from: EnrolmentStatus, event: EnrolmentEvent, actor: EnrolmentActor): EnrolmentTransition {
  const t = TABLE[event];
  if (!t.who.includes(actor)) return { ok: false, reason: 'You are not allowed to do this.' };
  if (from !== t.from) {
    return { ok: false, reason: `This cannot be done while the enrolment is ${STATUS_LABEL[from].toLowerCase()}.` };
  }
  return { ok: true, to: t.to };
}

// ───────────────────────── The form and the profession lock ─────────────────────────

/** The person may edit and (re)submit the form only before submitting it or when asked for changes. */
export const personMayEditForm = (status: EnrolmentStatus | null) =>
  status === null || status === 'DRAFT' || status === 'CHANGES_REQUESTED';

/** The submit event for the form in its current state, or null when the form is not open. */
export function submitEvent(status: EnrolmentStatus | null): 'SUBMIT' | 'RESUBMIT' | null {
  if (status === null || status === 'DRAFT') return 'SUBMIT';
  if (status === 'CHANGES_REQUESTED') return 'RESUBMIT';
  return null;
}

/** Submitting locks profession, college and licence number for good (SPEC §3). */
export const professionLocked = (e: { professionLockedAt: Date | null } | null) => Boolean(e?.professionLockedAt);

type LockedFields = { profession: Profession | null; licenceNumber: string | null };

/** The locked fields a form would change; the college follows from the profession. */
export function lockedFieldChanges(current: LockedFields, next: LockedFields): ('profession' | 'licenceNumber')[] {
  const changed: ('profession' | 'licenceNumber')[] = [];
  if (current.profession !== next.profession) changed.push('profession');
  if ((current.licenceNumber ?? null) !== (next.licenceNumber ?? null)) changed.push('licenceNumber');
  return changed;
}

export const PROFESSION_LOCKED_MESSAGE =
  'Your profession and licence number were locked when you submitted your enrolment. To change them, request a profession change; the enrolment team checks it with your college.';

/** A profession change request makes sense once the profession is locked and the enrolment is not over. */
export const mayRequestProfessionChange = (e: { professionLockedAt: Date | null; status: EnrolmentStatus } | null) =>
  professionLocked(e) && e!.status !== 'DECLINED';

// ───────────────────────── Words people read ─────────────────────────

const STATUS_LABEL: Record<EnrolmentStatus, string> = {
  DRAFT: 'Not submitted yet',
  SUBMITTED: 'Submitted',
  IN_REVIEW: 'In review',
  APPROVED: 'Approved',
  DECLINED: 'Declined',
  CHANGES_REQUESTED: 'Changes requested',
  SUSPENDED: 'Suspended',
};

export const enrolmentStatusLabel = (s: EnrolmentStatus) => STATUS_LABEL[s];

/** What the status means for the person, in one or two sentences. */
export function enrolmentStatusDescription(s: EnrolmentStatus | null): string {
  switch (s) {
    case null:
      return 'You have not started your enrolment. Start with the enrolment form.';
    case 'DRAFT':
      return 'Your enrolment form is saved but not submitted. Submit it when you are ready.';
    case 'SUBMITTED':
      return 'Your enrolment form is submitted. The enrolment team starts reviewing it once the privacy course and the access agreement (if your profession needs it) are done.';
    case 'IN_REVIEW':
      return 'Everything is in. The enrolment team is reviewing your enrolment and will email you when they decide.';
    case 'APPROVED':
      return 'Your enrolment is approved. You can open CareConnect at the worksites where your membership is active.';
    case 'DECLINED':
      return 'Your enrolment was declined. Read the reason below; contact the enrolment team if you have questions.';
    case 'CHANGES_REQUESTED':
      return 'The enrolment team asked for changes. Read their reason, correct your enrolment form and submit it again.';
    case 'SUSPENDED':
      return 'Your enrolment is suspended. You cannot open CareConnect until the enrolment team reinstates it.';
  }
}
