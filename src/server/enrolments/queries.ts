import 'server-only';
import type { EnrolmentStatus, Profession } from '@/generated/prisma/client';
import { pacificFullDate, pacificLongDate } from '@/lib/pacific';
import { db, type Tx } from '../db';
import type { Subject } from '../authz/guard';
import { COLLEGES, PROFESSIONS, professionLabel } from '../professions/rules';
import { expectedDecision, progressFacts, progressFrom, type ProgressFacts, type HpcaaProgress, type NextStep, type StepKey } from './progress';
import {
  enrolmentStatusDescription,
  enrolmentStatusLabel,
  mayRequestProfessionChange,
  personMayEditForm,
  professionLocked,
} from './rules';
import { clock } from '@/lib/clock';

// Reads for the enrolment pages and the dashboard checklist: plain DTOs, dates in Pacific time.

const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');

// Statuses whose team reason the person must read.
const REASON_SHOWN: ReadonlySet<EnrolmentStatus> = new Set(['CHANGES_REQUESTED', 'DECLINED', 'SUSPENDED']);

/** The reason the team gave when it moved the enrolment into its current state, if that state has one. */
async function currentReason(tx: Tx, enrolment: { id: string; status: EnrolmentStatus }): Promise<string | null> {
  if (!REASON_SHOWN.has(enrolment.status)) return null;
  const change = await tx.enrolmentStatusChange.findFirst({
    where: { enrolmentId: enrolment.id, toStatus: enrolment.status },
    orderBy: { createdAt: 'desc' },
  });
  return change?.reason ?? null;
}

export type EnrolmentFormDefaults = {
  profession: Profession | '';
  licenceNumber: string;
  jobTitle: string;
  residencyStart: string;
  residencyEnd: string;
  preferredGivenName: string;
  preferredFamilyName: string;
  contactEmail: string;
  contactPhone: string;
};

export type OpenProfessionChange = {
  toProfession: string;
  college: string | null;
  licenceNumber: string | null;
  requestedOn: string;
};

export type EnrolmentFormData = {
  status: EnrolmentStatus | null;
  statusLabel: string;
  statusDescription: string;
  /** The person may still save or submit the form. */
  canEdit: boolean;
  /** Profession, college and licence number can only change through a profession change request. */
  locked: boolean;
  mayRequestProfessionChange: boolean;
  teamReason: string | null;
  submittedOn: string | null;
  values: EnrolmentFormDefaults;
  /** What is on record, for the read-only view. */
  summary: { label: string; value: string }[];
  openProfessionChange: OpenProfessionChange | null;
};

function summaryOf(e: {
  profession: Profession | null;
  college: string | null;
  licenceNumber: string | null;
  jobTitle: string | null;
  residencyStart: Date | null;
  residencyEnd: Date | null;
}): { label: string; value: string }[] {
  if (!e.profession) return [];
  const rows = [{ label: 'Profession', value: professionLabel(e.profession) }];
  if (e.college) rows.push({ label: 'College', value: `${COLLEGES[e.college as keyof typeof COLLEGES]?.name ?? e.college} (${e.college})` });
  if (e.licenceNumber) rows.push({ label: 'Licence number', value: e.licenceNumber });
  if (e.jobTitle) rows.push({ label: 'Job title', value: e.jobTitle });
  if (e.residencyStart) rows.push({ label: 'Residency starts', value: isoDay(e.residencyStart) });
  if (e.residencyEnd) rows.push({ label: 'Residency ends', value: isoDay(e.residencyEnd) });
  return rows;
}

async function openChange(tx: Tx, personId: string): Promise<OpenProfessionChange | null> {
  const r = await tx.professionChangeRequest.findFirst({ where: { personId, status: 'REQUESTED' }, orderBy: { createdAt: 'desc' } });
  return r
    ? { toProfession: professionLabel(r.toProfession), college: r.college, licenceNumber: r.licenceNumber, requestedOn: pacificLongDate(r.createdAt) }
    : null;
}

/** The enrolment page: prefilled values, whether the profession is locked, and the team's reason. */
export async function enrolmentFormData(viewer: Subject): Promise<EnrolmentFormData | null> {
  const personId = viewer.id;
  const tx = db();
  const person = await tx.person.findUnique({ where: { id: personId }, include: { enrolment: true } });
  if (!person) return null;
  const e = person.enrolment;
  const status = e?.status ?? null;
  return {
    status,
    statusLabel: status ? enrolmentStatusLabel(status) : 'Not started',
    statusDescription: enrolmentStatusDescription(status),
    canEdit: personMayEditForm(status),
    locked: professionLocked(e),
    mayRequestProfessionChange: mayRequestProfessionChange(e),
    teamReason: e ? await currentReason(tx, e) : null,
    submittedOn: e?.submittedAt ? pacificLongDate(e.submittedAt) : null,
    values: {
      profession: e?.profession ?? '',
      licenceNumber: e?.licenceNumber ?? '',
      jobTitle: e?.jobTitle ?? '',
      residencyStart: isoDay(e?.residencyStart ?? null),
      residencyEnd: isoDay(e?.residencyEnd ?? null),
      preferredGivenName: person.preferredGivenName ?? '',
      preferredFamilyName: person.preferredFamilyName ?? '',
      // The address from the BC Services Card is a sensible first suggestion.
      contactEmail: person.contactEmail ?? person.idpEmail ?? '',
      contactPhone: person.contactPhone ?? '',
    },
    summary: e ? summaryOf(e) : [],
    openProfessionChange: await openChange(tx, personId),
  };
}

export type ProfessionChangeData = {
  mayRequest: boolean;
  /** Before submission the form itself is where the profession changes. */
  notLockedYet: boolean;
  current: { label: string; value: string }[];
  currentProfession: Profession | null;
  open: OpenProfessionChange | null;
  lastDecision: { toProfession: string; status: 'APPLIED' | 'DECLINED'; reason: string | null; decidedOn: string } | null;
};

export async function professionChangeData(viewer: Subject): Promise<ProfessionChangeData> {
  const personId = viewer.id;
  const tx = db();
  const e = await tx.enrolment.findUnique({ where: { personId } });
  const last = await tx.professionChangeRequest.findFirst({
    where: { personId, status: { in: ['APPLIED', 'DECLINED'] } },
    orderBy: { decidedAt: 'desc' },
  });
  return {
    mayRequest: mayRequestProfessionChange(e),
    notLockedYet: !professionLocked(e),
    current: e ? summaryOf(e) : [],
    currentProfession: e?.profession ?? null,
    open: await openChange(tx, personId),
    lastDecision:
      last && last.status !== 'REQUESTED'
        ? {
            toProfession: professionLabel(last.toProfession),
            status: last.status,
            reason: last.decisionReason,
            decidedOn: pacificLongDate(last.decidedAt ?? last.updatedAt),
          }
        : null,
  };
}

// ───────────────────────── Dashboard checklist ─────────────────────────

export type ChecklistStep = {
  key: StepKey;
  title: string;
  done: boolean;
  /** One line: what the step is, or where it stands. */
  detail: string;
  href: string | null;
};

export type DashboardChecklist = {
  steps: ChecklistStep[];
  stepsComplete: number;
  totalSteps: number;
  next: NextStep;
  status: { code: EnrolmentStatus | 'NOT_STARTED'; label: string; description: string };
  /** Only while in review: when to expect the decision (5–7 business days, BC holidays excluded). */
  expectedDecision: { from: string; to: string; text: string } | null;
  teamReason: string | null;
};

function formDetail(status: EnrolmentStatus | null, submittedAt: Date | null): string {
  switch (status) {
    case null:
      return 'Your profession, licence number and contact details.';
    case 'DRAFT':
      return 'Saved, but not submitted yet.';
    case 'CHANGES_REQUESTED':
      return 'The enrolment team asked for changes. Correct the form and submit it again.';
    default:
      return submittedAt ? `Submitted on ${pacificLongDate(submittedAt)}.` : 'Submitted.';
  }
}

function hpcaaDetail(h: HpcaaProgress, p: Profession | null): string {
  switch (h) {
    case 'not-needed':
      return `Not needed for a ${p ? professionLabel(p) : 'person in your profession'}.`;
    case 'accepted':
      return 'Accepted.';
    case 'expired':
      return 'Your acceptance is more than 12 months old. Read the agreement and accept it again.';
    case 'superseded':
      return 'A new version was published. Read it and accept it.';
    case 'missing':
      return p && PROFESSIONS[p].needsHpcaa
        ? `Needed for a ${professionLabel(p)}. Read the Health Professional CareConnect Access Agreement and accept it.`
        : 'Needed for licensed professions. Read the Health Professional CareConnect Access Agreement and accept it.';
  }
}

/** The five steps of SPEC §7 for the dashboard, with the next step as the main call to action. */
export async function dashboard(viewer: Subject, now: Date = clock.now()): Promise<DashboardChecklist> {
  return dashboardChecklist(await progressFacts(db(), viewer.id), now);
}

/** The checklist from facts already read (one statement: progressFacts). */
export function dashboardChecklist(facts: ProgressFacts, now: Date): DashboardChecklist {
  const progress = progressFrom(facts, now);
  const enrolment = facts.enrolment;
  const status = progress.status;
  const steps: ChecklistStep[] = [
    { key: 'identity', title: 'Identity verified', done: true, detail: 'Done when you signed in with your BC Services Card.', href: null },
    {
      key: 'form',
      title: 'Enrolment form',
      done: progress.formSubmitted,
      detail: formDetail(status, enrolment?.submittedAt ?? null),
      href: '/enrolment',
    },
    {
      key: 'course',
      title: 'Online privacy course',
      done: progress.courseComplete,
      detail: progress.courseComplete ? 'Completed.' : 'A short online course on protecting patients’ privacy.',
      href: '/privacy-course',
    },
    {
      key: 'hpcaa',
      title: 'Access agreement (HPCAA)',
      done: progress.hpcaa === 'accepted' || progress.hpcaa === 'not-needed',
      detail: hpcaaDetail(progress.hpcaa, progress.profession),
      href: progress.hpcaa === 'not-needed' ? null : '/agreement',
    },
    {
      key: 'worksites',
      title: 'Worksite membership',
      done: progress.worksiteJoined,
      detail: progress.worksiteJoined ? 'You are an active member of a worksite.' : 'Join at least one active worksite.',
      href: '/worksites',
    },
  ];

  let expected: DashboardChecklist['expectedDecision'] = null;
  if (status === 'IN_REVIEW' && enrolment) {
    // The clock starts when the enrolment entered the queue, not when the form was first sent.
    const range = expectedDecision(enrolment.statusChangedAt);
    expected = {
      from: pacificLongDate(range.from),
      to: pacificLongDate(range.to),
      text: `Expect a decision between ${pacificFullDate(range.from)} and ${pacificFullDate(range.to)}.`,
    };
  }

  return {
    steps,
    stepsComplete: progress.stepsComplete,
    totalSteps: progress.totalSteps,
    next: progress.next,
    status: {
      code: status ?? 'NOT_STARTED',
      label: status ? enrolmentStatusLabel(status) : 'Not started',
      description: enrolmentStatusDescription(status),
    },
    expectedDecision: expected,
    teamReason: enrolment && REASON_SHOWN.has(enrolment.status) ? enrolment.statusReason : null,
  };
}
