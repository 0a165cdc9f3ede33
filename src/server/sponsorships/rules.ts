// On-behalf-of sponsorship, residents and locums (SPEC §8). Pure: no I/O.
// Time-based endings are computed when read, never by a job: the moment an end date passes or
// the last sponsorship ends, the membership stops counting as active.
import type {
  EnrolmentStatus,
  MembershipKind,
  MembershipStatus,
  Profession,
  SponsorshipStatus,
} from '@/generated/prisma/enums';
import { pacificDate } from '@/lib/pacific';
import { mayBeAuthorizer, needsResidencyDates } from '../professions/rules';

/** A date-only column (stored as UTC midnight) as YYYY-MM-DD. */
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/** An end date is the last day that still counts (inclusive, Pacific time): a residency ending
 * 30 June gives access all of 30 June and none from 1 July. */
export const isPastEndDate = (end: Date | null | undefined, now: Date) =>
  end != null && pacificDate(now) > dateOnly(end);

export type EffectiveInput = {
  membership: {
    status: MembershipStatus;
    kind: MembershipKind;
    isLocum: boolean;
    locumEndDate: Date | null;
  };
  enrolment: { profession: Profession | null; residencyEnd: Date | null } | null;
  activeSponsorships: number;
  now: Date;
};

export type EffectiveReason = 'RESIDENCY_ENDED' | 'LOCUM_ENDED' | 'NO_ACTIVE_SPONSOR';

// Statuses a time-based ending overrides; ENDED and DECLINED are already final.
const OPEN: ReadonlySet<MembershipStatus> = new Set([
  'REQUESTED',
  'INVITED',
  'PENDING_SPONSOR',
  'PENDING_REVIEW',
  'ACTIVE',
  'INACTIVE',
]);

/** The status that counts now, and why it differs from the stored one (null when it does not). */
export function effectiveMembership(i: EffectiveInput): {
  status: MembershipStatus;
  reason: EffectiveReason | null;
} {
  const { status, kind, isLocum, locumEndDate } = i.membership;
  if (OPEN.has(status)) {
    const p = i.enrolment?.profession;
    if (p && needsResidencyDates(p) && isPastEndDate(i.enrolment?.residencyEnd, i.now))
      return { status: 'ENDED', reason: 'RESIDENCY_ENDED' };
    if (isLocum && isPastEndDate(locumEndDate, i.now))
      return { status: 'ENDED', reason: 'LOCUM_ENDED' };
  }
  // Without an agreed sponsor an OBO user is back to waiting for one, even mid-provisioning.
  if (
    kind === 'ON_BEHALF_OF' &&
    i.activeSponsorships < 1 &&
    (status === 'ACTIVE' || status === 'PENDING_REVIEW')
  )
    return { status: 'PENDING_SPONSOR', reason: 'NO_ACTIVE_SPONSOR' };
  return { status, reason: null };
}

/** The membership status that counts now (SPEC §8): see `effectiveMembership`. */
export const effectiveMembershipStatus = (i: EffectiveInput): MembershipStatus =>
  effectiveMembership(i).status;

export const isEffectivelyActive = (i: EffectiveInput) => effectiveMembershipStatus(i) === 'ACTIVE';

/** An authorizer: a profession that may sponsor, fully enrolled, active at the same worksite
 * (pass the membership's effective status). */
export function mayBeSponsor(p: {
  profession: Profession | null | undefined;
  enrolmentStatus: EnrolmentStatus | null | undefined;
  membershipStatus: MembershipStatus;
}): boolean {
  return (
    p.profession != null &&
    mayBeAuthorizer(p.profession) &&
    p.enrolmentStatus === 'APPROVED' &&
    p.membershipStatus === 'ACTIVE'
  );
}

export const NO_AUTHORIZER_MESSAGE =
  'No fully enrolled physician, nurse practitioner or registered nurse at this worksite can sponsor you yet. Ask your site administrator.';

/** A worksite can approve on-behalf-of memberships only once it has an authorizer. */
export const worksiteHasAuthorizer = (authorizers: readonly unknown[]) => authorizers.length > 0;

export const NO_AUTHORIZER_FOR_APPROVAL_MESSAGE =
  'This worksite has no fully enrolled physician, nurse practitioner or registered nurse yet, so on-behalf-of memberships cannot be approved.';

// --- Sponsorship state machine -------------------------------------------------------------

export type SponsorshipEvent = 'ACCEPT' | 'DECLINE' | 'END';
/** OBO: the sponsored user. AUTHORIZER: the sponsor named on the request. */
export type SponsorshipActor = 'OBO' | 'AUTHORIZER' | 'OTHER';

export type SponsorshipDecision =
  | { ok: true; to: SponsorshipStatus }
  | { ok: false; code: 'NOT_FOUND' | 'INVALID_TRANSITION' | 'ALREADY_DECIDED'; reason: string };

const TABLE: Record<
  SponsorshipEvent,
  { from: SponsorshipStatus; to: SponsorshipStatus; by: SponsorshipActor[] }
> = {
  ACCEPT: { from: 'REQUESTED', to: 'ACTIVE', by: ['AUTHORIZER'] },
  DECLINE: { from: 'REQUESTED', to: 'DECLINED', by: ['AUTHORIZER'] },
  END: { from: 'ACTIVE', to: 'ENDED', by: ['OBO', 'AUTHORIZER'] },
};

export function sponsorshipTransition(
  from: SponsorshipStatus,
  event: SponsorshipEvent,
  actor: SponsorshipActor,
): SponsorshipDecision {
  // Someone outside the pair cannot tell the sponsorship exists.
  if (actor === 'OTHER')
    return { ok: false, code: 'NOT_FOUND', reason: 'We could not find that sponsorship.' };
  const t = TABLE[event];
  if (!t.by.includes(actor))
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason:
        event === 'END'
          ? 'Only the sponsored user or the sponsor can end this sponsorship.'
          : 'Only the person asked to sponsor can answer this request.',
    };
  if (from !== t.from) {
    if (event !== 'END' && from !== 'REQUESTED')
      return { ok: false, code: 'ALREADY_DECIDED', reason: 'This request was already answered.' };
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: 'Only an active sponsorship can be ended.',
    };
  }
  return { ok: true, to: t.to };
}

/** Which events the actor can use now, for the buttons. */
export const sponsorshipActionsFor = (from: SponsorshipStatus, actor: SponsorshipActor) =>
  (Object.keys(TABLE) as SponsorshipEvent[]).filter(
    (e) => sponsorshipTransition(from, e, actor).ok,
  );

export const SPONSORSHIP_STATUS_LABEL: Record<SponsorshipStatus, string> = {
  REQUESTED: 'Waiting for an answer',
  ACTIVE: 'Active',
  DECLINED: 'Declined',
  ENDED: 'Ended',
};

/** An open sponsorship blocks a second request for the same pair. */
export const isOpenSponsorship = (s: SponsorshipStatus) => s === 'REQUESTED' || s === 'ACTIVE';

// --- Why an on-behalf-of membership is waiting for a sponsor -------------------------------

/** NO_AUTHORIZER: nobody at the worksite can sponsor yet. SPONSOR_ASKED: a sponsor who still
 * qualifies was asked and has not answered. NOT_ASKED: sponsors exist, nobody was asked. */
export type SponsorWaitReason = 'NO_AUTHORIZER' | 'SPONSOR_ASKED' | 'NOT_ASKED';
export type SponsorWait = { reason: SponsorWaitReason; askedAt: Date | null };

export function sponsorWait(i: {
  /** Authorizers at the worksite now (see `mayBeSponsor`), the waiting person excluded. */
  authorizers: number;
  /** REQUESTED sponsorships of the membership, and whether their sponsor still qualifies. */
  openRequests: readonly { at: Date; sponsorQualifies: boolean }[];
}): SponsorWait {
  if (i.authorizers < 1) return { reason: 'NO_AUTHORIZER', askedAt: null };
  // A request to someone who can no longer sponsor will never be answered usefully.
  const asked = i.openRequests.filter((r) => r.sponsorQualifies).map((r) => r.at.getTime());
  if (asked.length === 0) return { reason: 'NOT_ASKED', askedAt: null };
  return { reason: 'SPONSOR_ASKED', askedAt: new Date(Math.min(...asked)) };
}

export const NO_AUTHORIZER_AT_WORKSITE =
  'No physician, nurse practitioner or registered nurse here is fully enrolled yet — one must enrol and be approved before anyone can be sponsored.';

/** The reason in the words the team and the site administrator read. */
export function sponsorWaitText(w: SponsorWait): string {
  if (w.reason === 'NO_AUTHORIZER') return NO_AUTHORIZER_AT_WORKSITE;
  if (w.reason === 'SPONSOR_ASKED')
    return `A sponsor was asked on ${pacificDate(w.askedAt!)} and has not answered yet.`;
  return 'Nobody has been asked to sponsor them yet.';
}

/** The reason in the words of the person waiting: what happens next and who does it. */
export function sponsorWaitTextForMember(w: SponsorWait): string {
  if (w.reason === 'NO_AUTHORIZER')
    return 'Nobody at this worksite can sponsor you yet. A physician, nurse practitioner or registered nurse who works there must enrol in the portal and be approved first; ask your site administrator to invite one.';
  if (w.reason === 'SPONSOR_ASKED')
    return `You asked for a sponsor on ${pacificDate(w.askedAt!)}; they have not answered yet.`;
  return 'Ask a physician, nurse practitioner or registered nurse here to sponsor you.';
}
