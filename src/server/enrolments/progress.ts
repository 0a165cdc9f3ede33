import 'server-only';
import type { EnrolmentStatus, Profession } from '@/generated/prisma/client';
import { addBusinessDays } from '@/lib/business-days';
import { displayName } from '@/lib/names';
import type { HpcaaAcceptanceView } from '../agreements/queries';
import { hpcaaState, requiredVersion, type VersionTerms } from '../agreements/rules';
import { audit } from '../audit';
import type { Tx } from '../db';
import type { AuditContext } from '../request-context';
import { ENROLMENT_IN_REVIEW, enrolmentInReviewNotice } from '../email/templates/enrolment';
import { enqueueNotices } from '../notify';
import { needsHpcaa } from '../professions/rules';
import { changeEnrolmentStatus, lockEnrolmentOf } from './status';
import { clock } from '@/lib/clock';

// The personal checklist (SPEC §7): five steps, computed from the records, never stored.

export type HpcaaProgress = 'not-needed' | 'accepted' | 'missing' | 'expired' | 'superseded';
export type StepKey = 'identity' | 'form' | 'course' | 'hpcaa' | 'worksites';
export type NextStep = { key: StepKey | 'status'; label: string; href: string };

export type EnrolmentProgress = {
  identityVerified: true;
  formSubmitted: boolean;
  courseComplete: boolean;
  hpcaa: HpcaaProgress;
  worksiteJoined: boolean;
  status: EnrolmentStatus | null; // null: no enrolment yet
  profession: Profession | null;
  stepsComplete: number;
  totalSteps: 5;
  next: NextStep;
};

export const STEP_HREF: Record<Exclude<StepKey, 'identity'>, string> = {
  form: '/enrolment',
  course: '/privacy-course',
  hpcaa: '/agreement',
  worksites: '/worksites',
};

// The statuses in which the submitted form stands (CHANGES_REQUESTED sends it back to the person).
const FORM_STANDS: ReadonlySet<EnrolmentStatus> = new Set(['SUBMITTED', 'IN_REVIEW', 'APPROVED', 'DECLINED', 'SUSPENDED']);

/** What the checklist is computed from, read in one statement (progressFacts). */
export type ProgressFacts = {
  enrolment: {
    id: string;
    status: EnrolmentStatus;
    profession: Profession | null;
    submittedAt: Date | null;
    statusChangedAt: Date;
    /** The reason given with the change into the current status, if any. */
    statusReason: string | null;
  } | null;
  courseComplete: boolean;
  acceptance: HpcaaAcceptanceView | null;
  /** Every published HPCAA version's terms, future ones included. */
  versions: VersionTerms[];
  /** Step 5: an active membership at an active worksite. */
  worksiteJoined: boolean;
};

type FactsRow = {
  enrolmentId: string | null;
  status: EnrolmentStatus | null;
  profession: Profession | null;
  submittedAt: Date | null;
  statusChangedAt: Date | null;
  statusReason: string | null;
  courseComplete: boolean;
  acceptedVersion: number | null;
  acceptedAt: Date | null;
  typedName: string | null;
  versions: { version: number; effectiveAt: string; reacceptRequired: boolean; graceDays: number }[] | null;
  worksiteJoined: boolean;
};

/**
 * The person's enrolment, privacy course, latest HPCAA acceptance, the versions' terms and
 * whether they have joined a worksite, in one statement (docs/decisions/027-round-trip-budget.md).
 * Read only: unlike currentHpcaaVersion, never publishes a version from inside a progress check.
 */
export async function progressFacts(tx: Pick<Tx, '$queryRaw'>, personId: string): Promise<ProgressFacts> {
  const [r] = await tx.$queryRaw<FactsRow[]>`
    SELECT e.id AS "enrolmentId", e.status::text AS status, e.profession::text AS profession,
           e."submittedAt", e."statusChangedAt",
           (SELECT c.reason FROM "EnrolmentStatusChange" c WHERE c."enrolmentId" = e.id AND c."toStatus" = e.status
             ORDER BY c."createdAt" DESC LIMIT 1) AS "statusReason",
           EXISTS (SELECT 1 FROM "PrivacyCourseCompletion" pc WHERE pc."personId" = p.id) AS "courseComplete",
           a.version AS "acceptedVersion", a."acceptedAt", a."typedName",
           (SELECT json_agg(json_build_object('version', v.version, 'effectiveAt', v."effectiveAt",
                    'reacceptRequired', v."reacceptRequired", 'graceDays', v."graceDays") ORDER BY v.version)
              FROM "AgreementVersion" v WHERE v.kind = 'HPCAA') AS versions,
           EXISTS (SELECT 1 FROM "Membership" m JOIN "Worksite" w ON w.id = m."worksiteId"
                    WHERE m."personId" = p.id AND m.status = 'ACTIVE' AND w.status = 'ACTIVE') AS "worksiteJoined"
    FROM (SELECT ${personId}::uuid AS id) p
    LEFT JOIN "Enrolment" e ON e."personId" = p.id
    LEFT JOIN LATERAL (
      SELECT v.version, x."acceptedAt", x."typedName"
      FROM "AgreementAcceptance" x JOIN "AgreementVersion" v ON v.id = x."agreementVersionId"
      WHERE x."personId" = p.id AND v.kind = 'HPCAA'
      ORDER BY x."acceptedAt" DESC, x.id DESC LIMIT 1) a ON true`;
  return {
    enrolment:
      r?.enrolmentId && r.status && r.statusChangedAt
        ? {
            id: r.enrolmentId,
            status: r.status,
            profession: r.profession,
            submittedAt: r.submittedAt,
            statusChangedAt: r.statusChangedAt,
            statusReason: r.statusReason,
          }
        : null,
    courseComplete: r?.courseComplete ?? false,
    acceptance:
      r?.acceptedVersion != null && r.acceptedAt && r.typedName !== null
        ? { versionNumber: r.acceptedVersion, acceptedAt: r.acceptedAt, typedName: r.typedName }
        : null,
    versions: (r?.versions ?? []).map((v) => ({ ...v, effectiveAt: new Date(v.effectiveAt) })),
    worksiteJoined: r?.worksiteJoined ?? false,
  };
}

/** Where the person stands with the agreement; the profession decides whether it is needed. */
export function hpcaaProgress(facts: Pick<ProgressFacts, 'acceptance' | 'versions'>, p: Profession | null, now: Date): HpcaaProgress {
  // Before a profession is chosen the agreement counts as needed: most professions need it.
  if (p && !needsHpcaa(p)) return 'not-needed';
  if (!facts.acceptance) return 'missing';
  return hpcaaState({ acceptance: facts.acceptance, requiredVersion: requiredVersion(facts.versions, now), now });
}

function formLabel(status: EnrolmentStatus | null): string {
  if (status === 'DRAFT') return 'Finish and submit your enrolment form';
  if (status === 'CHANGES_REQUESTED') return 'Correct your enrolment form and submit it again';
  return 'Fill in your enrolment form';
}

const HPCAA_LABEL: Record<Exclude<HpcaaProgress, 'not-needed' | 'accepted'>, string> = {
  missing: 'Read and accept the access agreement',
  expired: 'Accept the access agreement again (it is more than 12 months old)',
  superseded: 'Accept the new version of the access agreement',
};

export async function enrolmentProgress(tx: Tx, personId: string, now: Date): Promise<EnrolmentProgress> {
  return progressFrom(await progressFacts(tx, personId), now);
}

/** The checklist's progress from facts already read (pure). */
export function progressFrom(facts: ProgressFacts, now: Date): EnrolmentProgress {
  const status = facts.enrolment?.status ?? null;
  const profession = facts.enrolment?.profession ?? null;
  const course = facts.courseComplete;
  const hpcaa = hpcaaProgress(facts, profession, now);
  const joined = facts.worksiteJoined;
  const formSubmitted = status !== null && FORM_STANDS.has(status);
  const hpcaaDone = hpcaa === 'accepted' || hpcaa === 'not-needed';
  const stepsComplete = 1 + Number(formSubmitted) + Number(course) + Number(hpcaaDone) + Number(joined);

  let next: NextStep;
  if (status === 'DECLINED' || status === 'SUSPENDED') {
    // Nothing the person can do moves these on; the status page says why.
    next = { key: 'status', label: 'See your enrolment status', href: STEP_HREF.form };
  } else if (!formSubmitted) next = { key: 'form', label: formLabel(status), href: STEP_HREF.form };
  else if (!course) next = { key: 'course', label: 'Take the privacy course', href: STEP_HREF.course };
  else if (!hpcaaDone) next = { key: 'hpcaa', label: HPCAA_LABEL[hpcaa as keyof typeof HPCAA_LABEL], href: STEP_HREF.hpcaa };
  else if (!joined) next = { key: 'worksites', label: 'Join a worksite', href: STEP_HREF.worksites };
  else next = { key: 'status', label: 'See your enrolment status', href: STEP_HREF.form };

  return {
    identityVerified: true,
    formSubmitted,
    courseComplete: course,
    hpcaa,
    worksiteJoined: joined,
    status,
    profession,
    stepsComplete,
    totalSteps: 5,
    next,
  };
}

/** SPEC §7: the team aims to decide within 5–7 business days of the enrolment entering review. */
export const expectedDecision = (reviewStartedAt: Date) => ({
  from: addBusinessDays(reviewStartedAt, 5),
  to: addBusinessDays(reviewStartedAt, 7),
});

export type ReviewContext = AuditContext & { now?: Date };

/**
 * Moves a SUBMITTED enrolment into the team's queue once the form, the privacy course and the
 * agreement (where the profession needs it) are all done, and tells the team mailbox. Safe to
 * call any number of times, concurrently: the row lock queues callers and only one finds it
 * SUBMITTED. Called after each of those steps completes, inside that step's transaction.
 */
export async function maybeStartReview(tx: Tx, personId: string, ctx: ReviewContext = {}): Promise<{ started: boolean }> {
  const enrolment = await lockEnrolmentOf(tx, personId);
  if (!enrolment || enrolment.status !== 'SUBMITTED') return { started: false };
  const now = ctx.now ?? clock.now();
  const progress = await enrolmentProgress(tx, personId, now);
  if (!progress.formSubmitted || !progress.courseComplete) return { started: false };
  if (progress.hpcaa !== 'accepted' && progress.hpcaa !== 'not-needed') return { started: false };

  const change = await changeEnrolmentStatus(tx, enrolment, 'START_REVIEW', 'SYSTEM', { actorId: null, now });
  await audit(tx, {
    actor: { type: 'SYSTEM', label: 'enrolment review' },
    action: 'enrolment.review_started',
    target: { type: 'ENROLMENT', id: enrolment.id },
    personId,
    before: { status: enrolment.status },
    after: { status: change.to, courseComplete: true, hpcaa: progress.hpcaa },
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
  const person = await tx.person.findUniqueOrThrow({ where: { id: personId } });
  await enqueueNotices(tx, [enrolmentInReviewNotice({
    enrolment,
    personId,
    personName: displayName(person),
    reviewStartedAt: now,
    expected: expectedDecision(now),
    // One email per entry into review: a resubmission that reaches review again is news again.
    dedupeKey: `${ENROLMENT_IN_REVIEW}:${change.statusChangeId}`,
  })]);
  return { started: true };
}
