import { describe, expect, it } from 'vitest';
import type { MembershipStatus, Profession } from '@/generated/prisma/enums';
import {
  effectiveMembership,
  effectiveMembershipStatus,
  isPastEndDate,
  mayBeSponsor,
  type EffectiveInput,
} from '@/server/sponsorships/rules';

const d = (s: string) => new Date(`${s}T00:00:00Z`); // a date-only column as Prisma returns it
// Noon and late evening in Vancouver (PDT, UTC-7), to pin the Pacific-date reading.
const at = (day: string, time = '12:00') => new Date(`${day}T${time}:00-07:00`);

function input(p: {
  status?: MembershipStatus;
  kind?: 'INDEPENDENT' | 'ON_BEHALF_OF';
  profession?: Profession | null;
  residencyEnd?: string | null;
  isLocum?: boolean;
  locumEndDate?: string | null;
  sponsors?: number;
  now: Date;
}): EffectiveInput {
  return {
    membership: {
      status: p.status ?? 'ACTIVE',
      kind: p.kind ?? 'INDEPENDENT',
      isLocum: p.isLocum ?? false,
      locumEndDate: p.locumEndDate ? d(p.locumEndDate) : null,
    },
    enrolment:
      p.profession === null
        ? null
        : { profession: p.profession ?? 'PHYSICIAN', residencyEnd: p.residencyEnd ? d(p.residencyEnd) : null },
    activeSponsorships: p.sponsors ?? 0,
    now: p.now,
  };
}

const NOW = at('2026-05-10');

describe('effectiveMembershipStatus', () => {
  it.each([
    // [case, input, expected status, reason]
    ['OBO with no active sponsor is not active', { kind: 'ON_BEHALF_OF', profession: 'MEDICAL_OFFICE_ASSISTANT', sponsors: 0 }, 'PENDING_SPONSOR', 'NO_ACTIVE_SPONSOR'],
    ['OBO with one active sponsor is active', { kind: 'ON_BEHALF_OF', profession: 'MEDICAL_OFFICE_ASSISTANT', sponsors: 1 }, 'ACTIVE', null],
    ['OBO being provisioned loses its sponsor: back to waiting', { kind: 'ON_BEHALF_OF', status: 'PENDING_REVIEW', profession: 'CLINICAL_SUPPORT_STAFF', sponsors: 0 }, 'PENDING_SPONSOR', 'NO_ACTIVE_SPONSOR'],
    ['OBO inactive stays inactive', { kind: 'ON_BEHALF_OF', status: 'INACTIVE', profession: 'MEDICAL_OFFICE_ASSISTANT', sponsors: 0 }, 'INACTIVE', null],
    ['resident before the end date', { kind: 'ON_BEHALF_OF', profession: 'RESIDENT_PHYSICIAN', residencyEnd: '2026-05-11', sponsors: 1 }, 'ACTIVE', null],
    ['resident on the end date (last day counts)', { kind: 'ON_BEHALF_OF', profession: 'RESIDENT_PHYSICIAN', residencyEnd: '2026-05-10', sponsors: 1 }, 'ACTIVE', null],
    ['resident after the end date', { kind: 'ON_BEHALF_OF', profession: 'RESIDENT_PHYSICIAN', residencyEnd: '2026-05-09', sponsors: 1 }, 'ENDED', 'RESIDENCY_ENDED'],
    ['resident after the end date, even while pending', { kind: 'ON_BEHALF_OF', status: 'PENDING_REVIEW', profession: 'RESIDENT_PHYSICIAN', residencyEnd: '2026-05-09', sponsors: 1 }, 'ENDED', 'RESIDENCY_ENDED'],
    ['locum before the end date', { isLocum: true, locumEndDate: '2026-05-10' }, 'ACTIVE', null],
    ['locum after the end date', { isLocum: true, locumEndDate: '2026-05-09' }, 'ENDED', 'LOCUM_ENDED'],
    ['locum without an end date', { isLocum: true, locumEndDate: null }, 'ACTIVE', null],
    ['an end date on a non-locum is ignored', { isLocum: false, locumEndDate: '2020-01-01' }, 'ACTIVE', null],
    ['independent physician unaffected by sponsors', { profession: 'PHYSICIAN', sponsors: 0 }, 'ACTIVE', null],
    ['independent without enrolment unaffected', { profession: null }, 'ACTIVE', null],
    ['a stored ENDED stays ENDED', { status: 'ENDED', isLocum: true, locumEndDate: '2026-05-09' }, 'ENDED', null],
    ['a declined request stays declined', { status: 'DECLINED', kind: 'ON_BEHALF_OF', profession: 'MEDICAL_OFFICE_ASSISTANT' }, 'DECLINED', null],
  ] as const)('%s', (_, spec, expected, reason) => {
    const i = input({ ...spec, now: NOW });
    expect(effectiveMembershipStatus(i)).toBe(expected);
    expect(effectiveMembership(i).reason).toBe(reason);
  });

  it('reads the end date in Pacific time, not UTC', () => {
    // 23:30 on 10 May in Vancouver is already 11 May in UTC: still the last day.
    const late = at('2026-05-10', '23:30');
    expect(late.toISOString().slice(0, 10)).toBe('2026-05-11');
    expect(isPastEndDate(d('2026-05-10'), late)).toBe(false);
    expect(isPastEndDate(d('2026-05-10'), at('2026-05-11', '00:01'))).toBe(true);
    expect(isPastEndDate(null, late)).toBe(false);
  });
});

describe('mayBeSponsor', () => {
  it.each([
    ['PHYSICIAN', 'APPROVED', 'ACTIVE', true],
    ['NURSE_PRACTITIONER', 'APPROVED', 'ACTIVE', true],
    ['REGISTERED_NURSE', 'APPROVED', 'ACTIVE', true],
    ['LICENSED_PRACTICAL_NURSE', 'APPROVED', 'ACTIVE', false],
    ['REGISTERED_PSYCHIATRIC_NURSE', 'APPROVED', 'ACTIVE', false],
    ['PHARMACIST', 'APPROVED', 'ACTIVE', false],
    ['RESIDENT_PHYSICIAN', 'APPROVED', 'ACTIVE', false],
    ['MEDICAL_OFFICE_ASSISTANT', 'APPROVED', 'ACTIVE', false],
    ['PHYSICIAN', 'IN_REVIEW', 'ACTIVE', false],
    ['PHYSICIAN', 'SUSPENDED', 'ACTIVE', false],
    ['PHYSICIAN', 'APPROVED', 'INACTIVE', false],
    ['PHYSICIAN', 'APPROVED', 'PENDING_REVIEW', false],
    ['PHYSICIAN', 'APPROVED', 'ENDED', false],
  ] as const)('%s, enrolment %s, membership %s → %s', (profession, enrolmentStatus, membershipStatus, ok) => {
    expect(mayBeSponsor({ profession, enrolmentStatus, membershipStatus })).toBe(ok);
  });

  it('refuses someone without an enrolment', () => {
    expect(mayBeSponsor({ profession: null, enrolmentStatus: null, membershipStatus: 'ACTIVE' })).toBe(false);
  });
});
