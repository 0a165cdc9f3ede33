// PharmaNet (SPEC §11): who may ask for what, in which state, and which team step follows which.
// Pure: no I/O, safe to import from pages and components.
import type { GrantRequestStatus, MembershipStatus, Profession, WorksiteStatus } from '@/generated/prisma/enums';

export const PHARMACIST_REFUSAL =
  "Pharmacists cannot get PharmaNet access through this portal: the PharmaNet designation order gives pharmacists access through their pharmacy's own PharmaNet connection.";

export type Eligibility =
  | { ok: true }
  | { ok: false; code: 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_TRANSITION' | 'CONFLICT'; reason: string };

/** Open = still moving through the team's steps, or granted; only one at a time. */
export const isOpen = (s: GrantRequestStatus) => s === 'REQUESTED' || s === 'INSTRUCTIONS_SENT' || s === 'APPROVED';

/** A site admin asks the team to enable PharmaNet for the worksite. */
export function worksiteRequestEligibility(p: {
  isSiteAdmin: boolean; // an ACTIVE site-admin membership
  worksiteStatus: WorksiteStatus;
  pharmanetEnabled: boolean;
  openRequest: GrantRequestStatus | null;
}): Eligibility {
  if (!p.isSiteAdmin)
    return { ok: false, code: 'NOT_FOUND', reason: 'Only a site administrator of this worksite can ask for PharmaNet for it.' };
  if (p.worksiteStatus !== 'ACTIVE')
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: 'The worksite must be active (its declaration approved) before you can ask for PharmaNet.',
    };
  if (p.pharmanetEnabled || p.openRequest === 'APPROVED')
    return { ok: false, code: 'CONFLICT', reason: 'PharmaNet is already enabled for this worksite.' };
  if (p.openRequest)
    return { ok: false, code: 'CONFLICT', reason: 'You already asked for PharmaNet for this worksite; the enrolment team is working on it.' };
  return { ok: true };
}

/** A member asks for their own PharmaNet access at a PharmaNet-enabled worksite. */
export function userRequestEligibility(p: {
  profession: Profession | null | undefined;
  membershipStatus: MembershipStatus; // effective status (an OBO user without a sponsor is not ACTIVE)
  worksiteStatus: WorksiteStatus;
  pharmanetEnabled: boolean;
  openRequest: GrantRequestStatus | null;
}): Eligibility {
  // Pharmacists first: whatever else is true, the answer for them is always no, and why.
  if (p.profession === 'PHARMACIST') return { ok: false, code: 'FORBIDDEN', reason: PHARMACIST_REFUSAL };
  if (!p.profession)
    return { ok: false, code: 'FORBIDDEN', reason: 'Your enrolment must be approved before you can ask for PharmaNet access.' };
  if (p.worksiteStatus !== 'ACTIVE' || !p.pharmanetEnabled)
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: 'PharmaNet is not enabled for this worksite yet. A site administrator must ask for it first.',
    };
  if (p.membershipStatus !== 'ACTIVE')
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      reason: 'Your membership at this worksite must be active before you can ask for PharmaNet access.',
    };
  if (p.openRequest === 'APPROVED')
    return { ok: false, code: 'CONFLICT', reason: 'You already have PharmaNet access at this worksite.' };
  if (p.openRequest)
    return { ok: false, code: 'CONFLICT', reason: 'You already asked for PharmaNet access here; the enrolment team has not decided yet.' };
  return { ok: true };
}

export type WorksiteTeamStep = 'INSTRUCTIONS_SENT' | 'APPROVE' | 'DECLINE';

// The worksite request: instructions first (the site enrols in PRIME), then approval.
const WORKSITE_STEPS: Record<WorksiteTeamStep, { from: GrantRequestStatus[]; to: GrantRequestStatus }> = {
  INSTRUCTIONS_SENT: { from: ['REQUESTED'], to: 'INSTRUCTIONS_SENT' },
  APPROVE: { from: ['INSTRUCTIONS_SENT'], to: 'APPROVED' },
  DECLINE: { from: ['REQUESTED', 'INSTRUCTIONS_SENT'], to: 'DECLINED' },
};

/** The next status of a worksite request, or null when the step does not apply. */
export function worksiteStep(from: GrantRequestStatus, step: WorksiteTeamStep): GrantRequestStatus | null {
  const s = WORKSITE_STEPS[step];
  return s.from.includes(from) ? s.to : null;
}

export const worksiteStepsFrom = (from: GrantRequestStatus): WorksiteTeamStep[] =>
  (Object.keys(WORKSITE_STEPS) as WorksiteTeamStep[]).filter((k) => worksiteStep(from, k) !== null);

/** The next status of a user request: the team decides once, from REQUESTED. */
export const userStep = (from: GrantRequestStatus, approve: boolean): GrantRequestStatus | null =>
  from === 'REQUESTED' ? (approve ? 'APPROVED' : 'DECLINED') : null;

export const PHARMANET_STATUS_LABEL: Record<GrantRequestStatus, string> = {
  REQUESTED: 'Waiting for the enrolment team',
  INSTRUCTIONS_SENT: 'PRIME instructions sent',
  APPROVED: 'Approved',
  DECLINED: 'Declined',
  REVOKED: 'Revoked',
};
