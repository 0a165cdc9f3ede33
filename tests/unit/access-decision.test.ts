import { describe, expect, it } from 'vitest';
import type { Profession } from '@/generated/prisma/enums';
import {
  decideAccess,
  REASONS,
  type AccessLocation,
  type AccessReasonCode,
  type AccessSnapshot,
} from '@/server/access/rules';

// Noon in Vancouver on the day of the decision; date-only columns as Prisma returns them.
const NOW = new Date('2026-06-15T12:00:00-07:00');
const day = (s: string) => new Date(`${s}T00:00:00Z`);
const WS = '0190f2c4-0000-7000-8000-000000000001';

type Patch = {
  person?: Partial<NonNullable<AccessSnapshot['person']>> | null;
  enrolment?: Partial<NonNullable<AccessSnapshot['enrolment']>> | null;
  hpcaa?: Partial<AccessSnapshot['hpcaa']>;
  worksite?: Partial<NonNullable<AccessSnapshot['worksite']>> | null;
  membership?: Partial<NonNullable<AccessSnapshot['membership']>> | null;
} & Partial<Pick<AccessSnapshot, 'now' | 'courseComplete' | 'sponsors' | 'remoteGranted' | 'pharmanetGranted'>>;

/** A fully enrolled physician with an active membership at an active clinic; patch one thing. */
function snap(p: Patch = {}): AccessSnapshot {
  const part = <T extends object>(base: T, v: Partial<T> | null | undefined): T | null =>
    v === null ? null : { ...base, ...v };
  return {
    now: p.now ?? NOW,
    person: part({ id: 'p1', name: 'Test Person', status: 'ACTIVE' as const }, p.person),
    enrolment: part(
      { id: 'e1', status: 'APPROVED' as const, profession: 'PHYSICIAN' as Profession | null, residencyEnd: null as Date | null },
      p.enrolment,
    ),
    hpcaa: { acceptance: { versionNumber: 1, acceptedAt: new Date('2026-01-10T18:00:00Z') }, requiredVersion: 1, currentVersion: 1, ...p.hpcaa },
    courseComplete: p.courseComplete ?? true,
    worksite: part(
      {
        id: WS,
        worksiteCode: 'ABC2345',
        operatingName: 'Harbour Clinic',
        status: 'ACTIVE' as const,
        locationType: 'PRIVATE_PRACTICE_CLINIC' as const,
        roleContext: 'PRIMARY_CARE' as const,
        pharmanetEnabled: false,
      },
      p.worksite as never,
    ),
    membership: part(
      { id: 'm1', status: 'ACTIVE' as const, kind: 'INDEPENDENT' as const, isLocum: false, locumEndDate: null as Date | null },
      p.membership as never,
    ),
    sponsors: p.sponsors ?? [],
    remoteGranted: p.remoteGranted ?? false,
    pharmanetGranted: p.pharmanetGranted ?? false,
  };
}

const DR = { name: 'Dr Priya Physician', profession: 'PHYSICIAN' as const };
const NP = { name: 'Nora Practitioner', profession: 'NURSE_PRACTITIONER' as const };
const RN = { name: 'Rita Nurse', profession: 'REGISTERED_NURSE' as const };
const obo = (profession: Profession, sponsors: AccessSnapshot['sponsors'], extra: Patch = {}) =>
  snap({ enrolment: { profession }, membership: { kind: 'ON_BEHALF_OF' }, sponsors, ...extra });
const resident = (residencyEnd: string) =>
  snap({ enrolment: { profession: 'RESIDENT_PHYSICIAN', residencyEnd: day(residencyEnd) }, membership: { kind: 'ON_BEHALF_OF' }, sponsors: [DR] });

type Case = {
  name: string;
  s: AccessSnapshot;
  location?: AccessLocation;
  reasons: AccessReasonCode[];
  role?: string | null;
  pharmanet?: boolean;
};

const cases: Case[] = [
  // Allowed, with the business role.
  { name: 'physician onsite', s: snap(), reasons: [], role: 'Primary Care — Prescriber' },
  { name: 'nurse practitioner onsite', s: snap({ enrolment: { profession: 'NURSE_PRACTITIONER' } }), reasons: [], role: 'Primary Care — Prescriber' },
  { name: 'registered nurse onsite', s: snap({ enrolment: { profession: 'REGISTERED_NURSE' } }), reasons: [], role: 'Primary Care — Nursing' },
  { name: 'social worker, community services', s: snap({ enrolment: { profession: 'SOCIAL_WORKER' }, worksite: { roleContext: 'COMMUNITY_SERVICES' } }), reasons: [], role: 'Community Services — Social Work' },
  { name: 'pharmacist onsite', s: snap({ enrolment: { profession: 'PHARMACIST' }, worksite: { locationType: 'PHARMACY' } }), reasons: [], role: 'Primary Care — Pharmacy' },

  // Every reason alone.
  { name: 'person suspended', s: snap({ person: { status: 'SUSPENDED' } }), reasons: ['PERSON_SUSPENDED'] },
  { name: 'person inactivated', s: snap({ person: { status: 'INACTIVE' } }), reasons: ['PERSON_SUSPENDED'] },
  { name: 'no enrolment', s: snap({ enrolment: null }), reasons: ['NOT_ENROLLED'] },
  { name: 'draft enrolment', s: snap({ enrolment: { status: 'DRAFT' } }), reasons: ['NOT_ENROLLED'] },
  { name: 'enrolment submitted', s: snap({ enrolment: { status: 'SUBMITTED' } }), reasons: ['ENROLMENT_NOT_APPROVED'] },
  { name: 'enrolment in review', s: snap({ enrolment: { status: 'IN_REVIEW' } }), reasons: ['ENROLMENT_NOT_APPROVED'] },
  { name: 'enrolment changes requested', s: snap({ enrolment: { status: 'CHANGES_REQUESTED' } }), reasons: ['ENROLMENT_NOT_APPROVED'] },
  { name: 'enrolment declined', s: snap({ enrolment: { status: 'DECLINED' } }), reasons: ['ENROLMENT_NOT_APPROVED'] },
  { name: 'enrolment suspended', s: snap({ enrolment: { status: 'SUSPENDED' } }), reasons: ['ENROLMENT_SUSPENDED'] },
  { name: 'privacy course not recorded', s: snap({ courseComplete: false }), reasons: ['PRIVACY_COURSE_INCOMPLETE'] },
  { name: 'HPCAA never accepted', s: snap({ hpcaa: { acceptance: null } }), reasons: ['HPCAA_NOT_ACCEPTED'] },
  { name: 'HPCAA accepted 12 months ago today', s: snap({ hpcaa: { acceptance: { versionNumber: 1, acceptedAt: new Date('2025-06-15T12:00:00-07:00') } } }), reasons: ['HPCAA_EXPIRED'] },
  { name: 'HPCAA accepted 12 months ago tomorrow (still valid)', s: snap({ hpcaa: { acceptance: { versionNumber: 1, acceptedAt: new Date('2025-06-16T12:00:00-07:00') } } }), reasons: [] },
  { name: 'HPCAA version 2 required (grace period over)', s: snap({ hpcaa: { requiredVersion: 2, currentVersion: 2 } }), reasons: ['AGREEMENT_NOT_ACCEPTED'] },
  { name: 'HPCAA version 2 in effect, grace period running (still allowed)', s: snap({ hpcaa: { requiredVersion: 1, currentVersion: 2 } }), reasons: [] },
  { name: 'HPCAA version 2 published without re-acceptance (still allowed)', s: snap({ hpcaa: { requiredVersion: 0, currentVersion: 2 } }), reasons: [] },
  { name: 'HPCAA not needed for a medical office assistant', s: obo('MEDICAL_OFFICE_ASSISTANT', [DR], { hpcaa: { acceptance: null } }), reasons: [], role: 'Primary Care — Prescriber, on behalf of Dr Priya Physician' },
  { name: 'worksite waiting for its declaration', s: snap({ worksite: { status: 'AWAITING_DECLARATION' } }), reasons: ['WORKSITE_NOT_ACTIVE'] },
  { name: 'worksite closed', s: snap({ worksite: { status: 'CLOSED' } }), reasons: ['WORKSITE_NOT_ACTIVE'] },
  { name: 'worksite suspended', s: snap({ worksite: { status: 'SUSPENDED' } }), reasons: ['WORKSITE_SUSPENDED'] },
  { name: 'No Clinical Apps worksite', s: snap({ worksite: { locationType: 'NO_CLINICAL_APPS' } }), reasons: ['WORKSITE_NO_CLINICAL_APPS'] },
  { name: 'not a member', s: snap({ membership: null }), reasons: ['MEMBERSHIP_NOT_ACTIVE'] },
  { name: 'membership inactivated by the site admin', s: snap({ membership: { status: 'INACTIVE' } }), reasons: ['MEMBERSHIP_NOT_ACTIVE'] },
  { name: 'membership waiting for the team', s: snap({ membership: { status: 'PENDING_REVIEW' } }), reasons: ['MEMBERSHIP_NOT_ACTIVE'] },
  { name: 'membership ended', s: snap({ membership: { status: 'ENDED' } }), reasons: ['MEMBERSHIP_NOT_ACTIVE'] },

  // On-behalf-of users.
  { name: 'OBO with a physician sponsor', s: obo('MEDICAL_OFFICE_ASSISTANT', [DR]), reasons: [], role: 'Primary Care — Prescriber, on behalf of Dr Priya Physician' },
  { name: 'OBO with a registered nurse sponsor', s: obo('CLINICAL_SUPPORT_STAFF', [RN]), reasons: [], role: 'Primary Care — Nursing, on behalf of Rita Nurse' },
  { name: 'OBO with two sponsors acts for the first', s: obo('MEDICAL_OFFICE_ASSISTANT', [NP, DR]), reasons: [], role: 'Primary Care — Prescriber, on behalf of Nora Practitioner' },
  { name: 'OBO whose sponsorship ended', s: obo('MEDICAL_OFFICE_ASSISTANT', []), reasons: ['NO_ACTIVE_SPONSOR'] },
  { name: 'OBO never sponsored (pending sponsor)', s: obo('MEDICAL_OFFICE_ASSISTANT', [], { membership: { kind: 'ON_BEHALF_OF', status: 'PENDING_SPONSOR' } }), reasons: ['NO_ACTIVE_SPONSOR'] },
  { name: 'OBO inactivated and without a sponsor', s: obo('MEDICAL_OFFICE_ASSISTANT', [], { membership: { kind: 'ON_BEHALF_OF', status: 'INACTIVE' } }), reasons: ['NO_ACTIVE_SPONSOR', 'MEMBERSHIP_NOT_ACTIVE'] },

  // Residents and locums: endings take effect on the day after the end date, without a job.
  { name: 'resident before the end of residency', s: resident('2026-06-30'), reasons: [], role: 'Primary Care — Prescriber, on behalf of Dr Priya Physician' },
  { name: 'resident on the last day of residency', s: resident('2026-06-15'), reasons: [] },
  { name: 'resident the day after residency ended', s: resident('2026-06-14'), reasons: ['RESIDENCY_ENDED'] },
  { name: 'locum before the end date', s: snap({ membership: { isLocum: true, locumEndDate: day('2026-07-01') } }), reasons: [] },
  { name: 'locum after the end date', s: snap({ membership: { isLocum: true, locumEndDate: day('2026-06-14') } }), reasons: ['LOCUM_ENDED'] },

  // Remote access.
  { name: 'physician remote with a grant', s: snap({ remoteGranted: true }), location: 'remote', reasons: [], role: 'Primary Care — Prescriber' },
  { name: 'physician remote without a grant', s: snap(), location: 'remote', reasons: ['REMOTE_NOT_GRANTED'] },
  { name: 'nurse practitioner remote with a grant', s: snap({ enrolment: { profession: 'NURSE_PRACTITIONER' }, remoteGranted: true }), location: 'remote', reasons: [] },
  { name: 'nurse practitioner remote without a grant', s: snap({ enrolment: { profession: 'NURSE_PRACTITIONER' } }), location: 'remote', reasons: ['REMOTE_NOT_GRANTED'] },
  { name: 'registered nurse remote', s: snap({ enrolment: { profession: 'REGISTERED_NURSE' } }), location: 'remote', reasons: ['REMOTE_NOT_ALLOWED_FOR_PROFESSION'] },
  { name: 'registered nurse remote, even with a stray grant', s: snap({ enrolment: { profession: 'REGISTERED_NURSE' }, remoteGranted: true }), location: 'remote', reasons: ['REMOTE_NOT_ALLOWED_FOR_PROFESSION'] },
  { name: 'a grant does not matter onsite', s: snap({ remoteGranted: false }), location: 'onsite', reasons: [] },

  // PharmaNet.
  { name: 'physician with PharmaNet at an enabled worksite', s: snap({ worksite: { pharmanetEnabled: true }, pharmanetGranted: true }), reasons: [], pharmanet: true },
  { name: 'physician approved but worksite not enabled', s: snap({ pharmanetGranted: true }), reasons: [], pharmanet: false },
  { name: 'physician at an enabled worksite without approval', s: snap({ worksite: { pharmanetEnabled: true } }), reasons: [], pharmanet: false },
  { name: 'pharmacist never gets PharmaNet through CareConnect', s: snap({ enrolment: { profession: 'PHARMACIST' }, worksite: { pharmanetEnabled: true }, pharmanetGranted: true }), reasons: [], pharmanet: false },
  { name: 'no PharmaNet when not allowed', s: snap({ worksite: { pharmanetEnabled: true }, pharmanetGranted: true, courseComplete: false }), reasons: ['PRIVACY_COURSE_INCOMPLETE'], pharmanet: false },

  // Combinations: every reason is reported, in a stable order.
  {
    name: 'new person with nothing done',
    s: snap({ enrolment: { status: 'DRAFT' }, courseComplete: false, hpcaa: { acceptance: null }, membership: null }),
    reasons: ['NOT_ENROLLED', 'PRIVACY_COURSE_INCOMPLETE', 'HPCAA_NOT_ACCEPTED', 'MEMBERSHIP_NOT_ACTIVE'],
  },
  {
    name: 'suspended person at a suspended worksite',
    s: snap({ person: { status: 'SUSPENDED' }, enrolment: { status: 'SUSPENDED' }, worksite: { status: 'SUSPENDED' } }),
    reasons: ['PERSON_SUSPENDED', 'ENROLMENT_SUSPENDED', 'WORKSITE_SUSPENDED'],
  },
  {
    name: 'expired HPCAA, remote not granted, inactive membership',
    s: snap({ hpcaa: { acceptance: { versionNumber: 1, acceptedAt: new Date('2025-01-01T12:00:00Z') } }, membership: { status: 'INACTIVE' } }),
    location: 'remote',
    reasons: ['HPCAA_EXPIRED', 'MEMBERSHIP_NOT_ACTIVE', 'REMOTE_NOT_GRANTED'],
  },
  {
    name: 'HPCAA superseded and expired says superseded',
    s: snap({ hpcaa: { acceptance: { versionNumber: 1, acceptedAt: new Date('2024-01-01T12:00:00Z') }, requiredVersion: 2, currentVersion: 2 } }),
    reasons: ['AGREEMENT_NOT_ACCEPTED'],
  },
  {
    name: 'OBO without sponsor at a No Clinical Apps worksite, remote',
    s: obo('MEDICAL_OFFICE_ASSISTANT', [], { worksite: { locationType: 'NO_CLINICAL_APPS' } }),
    location: 'remote',
    reasons: ['WORKSITE_NO_CLINICAL_APPS', 'NO_ACTIVE_SPONSOR', 'REMOTE_NOT_ALLOWED_FOR_PROFESSION'],
  },
  {
    name: 'resident whose residency ended at a worksite still in review',
    s: snap({ enrolment: { profession: 'RESIDENT_PHYSICIAN', residencyEnd: day('2026-05-31') }, membership: { kind: 'ON_BEHALF_OF' }, sponsors: [DR], worksite: { status: 'DECLARATION_SUBMITTED' } }),
    reasons: ['WORKSITE_NOT_ACTIVE', 'RESIDENCY_ENDED'],
  },
  {
    name: 'enrolment in review without the course, locum ended',
    s: snap({ enrolment: { status: 'IN_REVIEW' }, courseComplete: false, membership: { isLocum: true, locumEndDate: day('2026-01-31') } }),
    reasons: ['ENROLMENT_NOT_APPROVED', 'PRIVACY_COURSE_INCOMPLETE', 'LOCUM_ENDED'],
  },

  // Unknown person or worksite: one reason, and it does not say which.
  { name: 'unknown person', s: snap({ person: null }), reasons: ['NOT_FOUND'] },
  { name: 'unknown worksite', s: snap({ worksite: null }), reasons: ['NOT_FOUND'] },
  { name: 'unknown person, suspended worksite otherwise', s: snap({ person: null, worksite: { status: 'SUSPENDED' } }), location: 'remote', reasons: ['NOT_FOUND'] },
];

describe('decideAccess', () => {
  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('$name', (c) => {
    const location = c.location ?? 'onsite';
    const d = decideAccess(c.s, location);
    expect(d.reasons.map((r) => r.code)).toEqual(c.reasons);
    expect(d.allowed).toBe(c.reasons.length === 0);
    expect(d.location).toBe(location);
    if (c.role !== undefined) expect(d.businessRole?.label ?? null).toBe(c.role);
    if (!d.allowed) expect(d.businessRole).toBeNull();
    expect(d.pharmanet).toBe(c.pharmanet ?? false);
  });

  it('every reason has a message and a next step, and one sentence each', () => {
    for (const [code, r] of Object.entries(REASONS)) {
      expect(r.message, code).toMatch(/^[A-Z].*\.$/);
      expect(r.nextStep, code).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('links each reason to where the person can fix it, at this worksite', () => {
    const d = decideAccess(
      snap({ courseComplete: false, hpcaa: { acceptance: null }, enrolment: { status: 'SUBMITTED' }, membership: { kind: 'ON_BEHALF_OF' } }),
      'remote',
    );
    expect(Object.fromEntries(d.reasons.map((r) => [r.code, r.href]))).toEqual({
      ENROLMENT_NOT_APPROVED: '/enrolment',
      PRIVACY_COURSE_INCOMPLETE: '/privacy-course',
      HPCAA_NOT_ACCEPTED: '/agreement',
      NO_ACTIVE_SPONSOR: `/worksites/${WS}/sponsor`,
      REMOTE_NOT_GRANTED: `/worksites/${WS}/remote-access`,
    });
    expect(decideAccess(snap({ membership: null }), 'onsite').reasons[0]!.href).toBe('/worksites/join');
    expect(decideAccess(snap({ courseComplete: false }), 'onsite').reasons[0]).toEqual({
      code: 'PRIVACY_COURSE_INCOMPLETE',
      message: 'Your privacy course is not recorded yet.',
      nextStep: 'Take the privacy course.',
      href: '/privacy-course',
    });
  });

  it('answers an unknown person exactly like an unknown worksite', () => {
    const a = decideAccess(snap({ person: null }), 'onsite');
    const b = decideAccess(snap({ worksite: null }), 'onsite');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.reasons[0]!.href).toBeUndefined();
    expect(a).toEqual({ allowed: false, location: 'onsite', businessRole: null, pharmanet: false, reasons: [{ code: 'NOT_FOUND', message: REASONS.NOT_FOUND.message, nextStep: REASONS.NOT_FOUND.nextStep }] });
  });

  it('gives the role context and functional description separately', () => {
    expect(decideAccess(obo('MEDICAL_OFFICE_ASSISTANT', [DR]), 'onsite').businessRole).toEqual({
      roleContext: 'Primary Care',
      functionalDescription: 'Prescriber',
      onBehalfOf: 'Dr Priya Physician',
      label: 'Primary Care — Prescriber, on behalf of Dr Priya Physician',
    });
    expect(decideAccess(snap({ worksite: { roleContext: 'EMERGENCY_SERVICES' } }), 'onsite').businessRole).toEqual({
      roleContext: 'Emergency Services',
      functionalDescription: 'Prescriber',
      onBehalfOf: null,
      label: 'Emergency Services — Prescriber',
    });
  });

  it('a residency ending takes effect at Pacific midnight, not UTC midnight', () => {
    const s = resident('2026-06-14');
    // 23:30 in Vancouver on the end date is already the next day in UTC.
    expect(decideAccess({ ...s, now: new Date('2026-06-14T23:30:00-07:00') }, 'onsite').allowed).toBe(true);
    expect(decideAccess({ ...s, now: new Date('2026-06-15T00:30:00-07:00') }, 'onsite').allowed).toBe(false);
  });
});
