// Whether a person may open CareConnect at a worksite from a location now (SPEC §11).
// Pure: no I/O; the clock is `snapshot.now`. Every blocking reason is reported, not the first,
// so the dashboard can list everything a person still has to do. Time-based endings (residency,
// locum, HPCAA age) are computed here from dates, never by a job.
import type {
  EnrolmentStatus,
  LocationType,
  MembershipKind,
  MembershipStatus,
  PersonStatus,
  Profession,
  RoleContext,
  WorksiteStatus,
} from '@/generated/prisma/enums';
import { helpHref } from '@/lib/help';
import { hpcaaState, type HpcaaAcceptanceRef } from '../agreements/rules';
import { isOnBehalfOf, needsHpcaa, profession, remoteAccessPossible } from '../professions/rules';
import { effectiveMembership } from '../sponsorships/rules';
import { ROLE_CONTEXT_LABEL } from '../worksites/schema';

export type AccessLocation = 'onsite' | 'remote';
export const ACCESS_LOCATIONS: readonly AccessLocation[] = ['onsite', 'remote'];

export type AccessReasonCode =
  | 'NOT_ENROLLED'
  | 'ENROLMENT_NOT_APPROVED'
  | 'ENROLMENT_SUSPENDED'
  | 'PERSON_SUSPENDED'
  | 'PRIVACY_COURSE_INCOMPLETE'
  | 'HPCAA_NOT_ACCEPTED'
  | 'HPCAA_EXPIRED'
  | 'AGREEMENT_NOT_ACCEPTED'
  | 'WORKSITE_NOT_ACTIVE'
  | 'WORKSITE_SUSPENDED'
  | 'WORKSITE_NO_CLINICAL_APPS'
  | 'MEMBERSHIP_NOT_ACTIVE'
  | 'NO_ACTIVE_SPONSOR'
  | 'RESIDENCY_ENDED'
  | 'LOCUM_ENDED'
  | 'REMOTE_NOT_ALLOWED_FOR_PROFESSION'
  | 'REMOTE_NOT_GRANTED'
  | 'NOT_FOUND';

export type AccessReason = { code: AccessReasonCode; message: string; nextStep: string; href?: string };

export type AccessSnapshot = {
  now: Date;
  person: { id: string; name: string; status: PersonStatus } | null;
  enrolment: {
    id: string;
    status: EnrolmentStatus;
    profession: Profession | null;
    residencyEnd: Date | null;
  } | null;
  /** The latest HPCAA acceptance; the lowest version that counts now (requiredVersion, 0 when
   * none) and the version a new acceptance signs (currentVersion, 0 when none is in effect). */
  hpcaa: { acceptance: HpcaaAcceptanceRef | null; requiredVersion: number; currentVersion: number };
  courseComplete: boolean;
  worksite: {
    id: string;
    worksiteCode: string;
    operatingName: string;
    status: WorksiteStatus;
    locationType: LocationType;
    roleContext: RoleContext;
    pharmanetEnabled: boolean;
  } | null;
  membership: {
    id: string;
    status: MembershipStatus;
    kind: MembershipKind;
    isLocum: boolean;
    locumEndDate: Date | null;
  } | null;
  /** ACTIVE sponsorships whose sponsor still qualifies now, earliest agreed first. `name` is how
   * the sponsor is named in the business role ("Dr Priya Physician"). */
  sponsors: Array<{ name: string; profession: Profession }>;
  remoteGranted: boolean;
  /** The user's PharmaNet request is APPROVED (the worksite flag is checked separately). */
  pharmanetGranted: boolean;
};

export type BusinessRole = {
  roleContext: string;
  functionalDescription: string;
  onBehalfOf: string | null;
  label: string;
};

export type AccessDecision = {
  allowed: boolean;
  location: AccessLocation;
  /** Only when allowed: the role the viewer should open with. */
  businessRole: BusinessRole | null;
  pharmanet: boolean;
  reasons: AccessReason[];
};

type ReasonText = { message: string; nextStep: string; href?: (worksiteId: string) => string };

// The person reads these on their dashboard; the viewer shows them after "Access Denied".
export const REASONS: Record<AccessReasonCode, ReasonText> = {
  NOT_FOUND: {
    message: 'We could not find an enrolled person at that worksite.',
    nextStep: 'Check the person and the Worksite ID, then try again.',
  },
  PERSON_SUSPENDED: {
    message: 'Your my.CareConnect account is suspended.',
    nextStep: 'Contact the CareConnect enrolment team.',
  },
  NOT_ENROLLED: {
    message: 'You have not submitted your enrolment yet.',
    nextStep: 'Complete and submit your enrolment.',
    href: () => '/enrolment',
  },
  ENROLMENT_NOT_APPROVED: {
    message: 'Your enrolment is not approved yet.',
    nextStep: 'Finish any steps left on your enrolment, then wait for the enrolment team.',
    href: () => '/enrolment',
  },
  ENROLMENT_SUSPENDED: {
    message: 'Your enrolment is suspended.',
    nextStep: 'Contact the CareConnect enrolment team.',
    href: () => '/enrolment',
  },
  PRIVACY_COURSE_INCOMPLETE: {
    message: 'Your privacy course is not recorded yet.',
    nextStep: 'Take the privacy course.',
    href: () => '/privacy-course',
  },
  HPCAA_NOT_ACCEPTED: {
    message: 'You have not accepted the access agreement (HPCAA).',
    nextStep: 'Read and accept the access agreement.',
    href: () => '/agreement',
  },
  HPCAA_EXPIRED: {
    message: 'Your acceptance of the access agreement (HPCAA) is more than 12 months old.',
    nextStep: 'Accept the access agreement again.',
    href: () => '/agreement',
  },
  AGREEMENT_NOT_ACCEPTED: {
    message: 'A new version of the access agreement (HPCAA) is in effect and its grace period is over.',
    nextStep: 'Read and accept the new version.',
    href: () => '/agreement',
  },
  WORKSITE_NOT_ACTIVE: {
    message: 'This worksite is not active.',
    nextStep: 'Ask your site administrator about the worksite registration.',
    href: (id) => `/worksites/${id}`,
  },
  WORKSITE_SUSPENDED: {
    message: 'This worksite is suspended.',
    nextStep: 'Ask your site administrator; the enrolment team must reinstate the worksite.',
    href: (id) => `/worksites/${id}`,
  },
  WORKSITE_NO_CLINICAL_APPS: {
    message: 'This worksite is registered for Service Card registration only, not CareConnect.',
    nextStep: 'Open CareConnect from a worksite registered for clinical use.',
    href: () => helpHref('eligibility'),
  },
  MEMBERSHIP_NOT_ACTIVE: {
    message: 'Your membership at this worksite is not active.',
    nextStep: 'Ask to join the worksite, or ask your site administrator to activate you.',
    href: () => '/worksites/join',
  },
  NO_ACTIVE_SPONSOR: {
    message: 'Nobody at this worksite is sponsoring you right now.',
    nextStep: 'Ask a physician, nurse practitioner or registered nurse here to sponsor you.',
    href: (id) => `/worksites/${id}/sponsor`,
  },
  RESIDENCY_ENDED: {
    message: 'Your residency end date has passed.',
    nextStep: 'If your residency was extended, ask the enrolment team to update your dates.',
    href: () => '/enrolment',
  },
  LOCUM_ENDED: {
    message: 'Your locum period at this worksite has ended.',
    nextStep: 'Ask your site administrator to extend your locum end date.',
    href: (id) => `/worksites/${id}`,
  },
  REMOTE_NOT_ALLOWED_FOR_PROFESSION: {
    message: 'Your profession cannot open CareConnect from outside the worksite.',
    nextStep: 'Open CareConnect while you are at the worksite.',
    href: () => helpHref('remoteAccess'),
  },
  REMOTE_NOT_GRANTED: {
    message: 'You do not have remote access at this worksite.',
    nextStep: 'Request remote access.',
    href: (id) => `/worksites/${id}/remote-access`,
  },
};

export function accessReason(code: AccessReasonCode, worksiteId = ''): AccessReason {
  const t = REASONS[code];
  const href = t.href?.(worksiteId);
  return { code, message: t.message, nextStep: t.nextStep, ...(href ? { href } : {}) };
}

/** The one answer for an unknown person or worksite: it must not say which was unknown. */
export const notFoundDecision = (location: AccessLocation): AccessDecision => ({
  allowed: false,
  location,
  businessRole: null,
  pharmanet: false,
  reasons: [accessReason('NOT_FOUND')],
});

const HPCAA_REASON = {
  missing: 'HPCAA_NOT_ACCEPTED',
  expired: 'HPCAA_EXPIRED',
  superseded: 'AGREEMENT_NOT_ACCEPTED',
} as const;

function enrolmentReasons(s: AccessSnapshot): AccessReasonCode[] {
  const e = s.enrolment;
  if (!e || e.status === 'DRAFT') return ['NOT_ENROLLED'];
  if (e.status === 'SUSPENDED') return ['ENROLMENT_SUSPENDED'];
  if (e.status !== 'APPROVED') return ['ENROLMENT_NOT_APPROVED'];
  return [];
}

function hpcaaReasons(s: AccessSnapshot): AccessReasonCode[] {
  const p = s.enrolment?.profession;
  // Without a profession the enrolment reason already says what to do first.
  if (!p || !needsHpcaa(p)) return [];
  // An acceptance of an older version still counts during the new version's grace period.
  const state = hpcaaState({ acceptance: s.hpcaa.acceptance, requiredVersion: s.hpcaa.requiredVersion, now: s.now });
  return state === 'accepted' ? [] : [HPCAA_REASON[state]];
}

function worksiteReasons(w: NonNullable<AccessSnapshot['worksite']>): AccessReasonCode[] {
  const out: AccessReasonCode[] = [];
  if (w.status === 'SUSPENDED') out.push('WORKSITE_SUSPENDED');
  else if (w.status !== 'ACTIVE') out.push('WORKSITE_NOT_ACTIVE');
  if (w.locationType === 'NO_CLINICAL_APPS') out.push('WORKSITE_NO_CLINICAL_APPS');
  return out;
}

const FINAL_MEMBERSHIP: ReadonlySet<MembershipStatus> = new Set(['ENDED', 'DECLINED']);

function membershipReasons(s: AccessSnapshot): AccessReasonCode[] {
  const m = s.membership;
  if (!m) return ['MEMBERSHIP_NOT_ACTIVE'];
  const eff = effectiveMembership({
    membership: m,
    enrolment: s.enrolment,
    activeSponsorships: s.sponsors.length,
    now: s.now,
  });
  if (eff.reason === 'RESIDENCY_ENDED' || eff.reason === 'LOCUM_ENDED') return [eff.reason];
  const out: AccessReasonCode[] = [];
  const waitingForSponsor =
    m.kind === 'ON_BEHALF_OF' && s.sponsors.length === 0 && !FINAL_MEMBERSHIP.has(m.status);
  if (waitingForSponsor) out.push('NO_ACTIVE_SPONSOR');
  // PENDING_SPONSOR is fully explained by NO_ACTIVE_SPONSOR; anything else is its own reason.
  if (eff.status !== 'ACTIVE' && !(waitingForSponsor && eff.status === 'PENDING_SPONSOR'))
    out.push('MEMBERSHIP_NOT_ACTIVE');
  return out;
}

function remoteReasons(s: AccessSnapshot): AccessReasonCode[] {
  const p = s.enrolment?.profession;
  if (p && !remoteAccessPossible(p)) return ['REMOTE_NOT_ALLOWED_FOR_PROFESSION'];
  return s.remoteGranted ? [] : ['REMOTE_NOT_GRANTED'];
}

/** Role context + functional description; an OBO user acts with their sponsor's description. */
export function businessRoleFor(s: AccessSnapshot): BusinessRole | null {
  const p = s.enrolment?.profession;
  if (!p || !s.worksite) return null;
  const roleContext = ROLE_CONTEXT_LABEL[s.worksite.roleContext];
  const sponsor = isOnBehalfOf(p) ? s.sponsors[0] : undefined;
  if (isOnBehalfOf(p) && !sponsor) return null;
  const functionalDescription = profession(sponsor ? sponsor.profession : p).functionalDescription;
  const onBehalfOf = sponsor ? sponsor.name : null;
  const label = `${roleContext} — ${functionalDescription}${onBehalfOf ? `, on behalf of ${onBehalfOf}` : ''}`;
  return { roleContext, functionalDescription, onBehalfOf, label };
}

export function decideAccess(s: AccessSnapshot, location: AccessLocation): AccessDecision {
  if (!s.person || !s.worksite) return notFoundDecision(location);
  const codes: AccessReasonCode[] = [
    ...(s.person.status !== 'ACTIVE' ? (['PERSON_SUSPENDED'] as const) : []),
    ...enrolmentReasons(s),
    ...(s.courseComplete ? [] : (['PRIVACY_COURSE_INCOMPLETE'] as const)),
    ...hpcaaReasons(s),
    ...worksiteReasons(s.worksite),
    ...membershipReasons(s),
    ...(location === 'remote' ? remoteReasons(s) : []),
  ];
  const allowed = codes.length === 0;
  const businessRole = allowed ? businessRoleFor(s) : null;
  const pharmanet =
    allowed &&
    s.worksite.pharmanetEnabled &&
    s.pharmanetGranted &&
    s.enrolment?.profession !== 'PHARMACIST';
  const worksiteId = s.worksite.id;
  return {
    allowed,
    location,
    businessRole,
    pharmanet,
    reasons: codes.map((c) => accessReason(c, worksiteId)),
  };
}
