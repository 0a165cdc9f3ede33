import { describe, expect, it } from 'vitest';
import type { GrantRequestStatus, MembershipStatus, Profession, WorksiteStatus } from '@/generated/prisma/enums';
import {
  PHARMACIST_REFUSAL,
  userRequestEligibility,
  userStep,
  worksiteRequestEligibility,
  worksiteStep,
  worksiteStepsFrom,
} from '@/server/pharmanet/rules';

type W = { isSiteAdmin: boolean; worksiteStatus: WorksiteStatus; pharmanetEnabled: boolean; openRequest: GrantRequestStatus | null };
const w = (o: Partial<W> = {}): W => ({ isSiteAdmin: true, worksiteStatus: 'ACTIVE', pharmanetEnabled: false, openRequest: null, ...o });

describe('worksite request: who and when', () => {
  it.each<[string, W, string | null]>([
    ['site admin of an ACTIVE worksite', w(), null],
    ['not a site admin', w({ isSiteAdmin: false }), 'NOT_FOUND'],
    ['worksite awaiting its declaration', w({ worksiteStatus: 'AWAITING_DECLARATION' }), 'INVALID_TRANSITION'],
    ['worksite intake submitted', w({ worksiteStatus: 'INTAKE_SUBMITTED' }), 'INVALID_TRANSITION'],
    ['worksite suspended', w({ worksiteStatus: 'SUSPENDED' }), 'INVALID_TRANSITION'],
    ['worksite closed', w({ worksiteStatus: 'CLOSED' }), 'INVALID_TRANSITION'],
    ['a request already waiting', w({ openRequest: 'REQUESTED' }), 'CONFLICT'],
    ['instructions already sent', w({ openRequest: 'INSTRUCTIONS_SENT' }), 'CONFLICT'],
    ['already enabled', w({ pharmanetEnabled: true }), 'CONFLICT'],
    ['not a site admin, worksite not active', w({ isSiteAdmin: false, worksiteStatus: 'SUSPENDED' }), 'NOT_FOUND'],
  ])('%s', (_, input, code) => {
    const r = worksiteRequestEligibility(input);
    expect(r.ok ? null : r.code).toBe(code);
  });
});

type U = {
  profession: Profession | null;
  membershipStatus: MembershipStatus;
  worksiteStatus: WorksiteStatus;
  pharmanetEnabled: boolean;
  openRequest: GrantRequestStatus | null;
};
const u = (o: Partial<U> = {}): U => ({
  profession: 'PHYSICIAN',
  membershipStatus: 'ACTIVE',
  worksiteStatus: 'ACTIVE',
  pharmanetEnabled: true,
  openRequest: null,
  ...o,
});

describe('user request: who and when', () => {
  it.each<[string, U, string | null]>([
    ['physician, ACTIVE, enabled worksite', u(), null],
    ['nurse practitioner', u({ profession: 'NURSE_PRACTITIONER' }), null],
    ['registered nurse', u({ profession: 'REGISTERED_NURSE' }), null],
    ['medical office assistant', u({ profession: 'MEDICAL_OFFICE_ASSISTANT' }), null],
    ['pharmacist', u({ profession: 'PHARMACIST' }), 'FORBIDDEN'],
    ['pharmacist at a worksite without PharmaNet', u({ profession: 'PHARMACIST', pharmanetEnabled: false }), 'FORBIDDEN'],
    ['no approved enrolment', u({ profession: null }), 'FORBIDDEN'],
    ['worksite not PharmaNet-enabled', u({ pharmanetEnabled: false }), 'INVALID_TRANSITION'],
    ['worksite suspended', u({ worksiteStatus: 'SUSPENDED' }), 'INVALID_TRANSITION'],
    ['membership pending sponsor', u({ membershipStatus: 'PENDING_SPONSOR' }), 'INVALID_TRANSITION'],
    ['membership inactive', u({ membershipStatus: 'INACTIVE' }), 'INVALID_TRANSITION'],
    ['a request already waiting', u({ openRequest: 'REQUESTED' }), 'CONFLICT'],
    ['already approved', u({ openRequest: 'APPROVED' }), 'CONFLICT'],
  ])('%s', (_, input, code) => {
    const r = userRequestEligibility(input);
    expect(r.ok ? null : r.code).toBe(code);
  });

  it('tells pharmacists why, citing the designation order', () => {
    const r = userRequestEligibility(u({ profession: 'PHARMACIST' }));
    expect(r).toEqual({ ok: false, code: 'FORBIDDEN', reason: PHARMACIST_REFUSAL });
    expect(PHARMACIST_REFUSAL).toMatch(/designation order/);
    expect(PHARMACIST_REFUSAL).toMatch(/pharmacy's own PharmaNet connection/);
  });
});

describe('team steps', () => {
  it.each<[GrantRequestStatus, 'INSTRUCTIONS_SENT' | 'APPROVE' | 'DECLINE', GrantRequestStatus | null]>([
    ['REQUESTED', 'INSTRUCTIONS_SENT', 'INSTRUCTIONS_SENT'],
    ['REQUESTED', 'APPROVE', null], // instructions come first
    ['REQUESTED', 'DECLINE', 'DECLINED'],
    ['INSTRUCTIONS_SENT', 'INSTRUCTIONS_SENT', null],
    ['INSTRUCTIONS_SENT', 'APPROVE', 'APPROVED'],
    ['INSTRUCTIONS_SENT', 'DECLINE', 'DECLINED'],
    ['APPROVED', 'APPROVE', null],
    ['APPROVED', 'DECLINE', null],
    ['DECLINED', 'INSTRUCTIONS_SENT', null],
    ['DECLINED', 'APPROVE', null],
  ])('worksite %s + %s → %s', (from, step, to) => {
    expect(worksiteStep(from, step)).toBe(to);
  });

  it('offers the queue the steps each state allows', () => {
    expect(worksiteStepsFrom('REQUESTED')).toEqual(['INSTRUCTIONS_SENT', 'DECLINE']);
    expect(worksiteStepsFrom('INSTRUCTIONS_SENT')).toEqual(['APPROVE', 'DECLINE']);
    expect(worksiteStepsFrom('APPROVED')).toEqual([]);
  });

  it.each<[GrantRequestStatus, boolean, GrantRequestStatus | null]>([
    ['REQUESTED', true, 'APPROVED'],
    ['REQUESTED', false, 'DECLINED'],
    ['APPROVED', false, null],
    ['DECLINED', true, null],
    ['INSTRUCTIONS_SENT', true, null],
  ])('user %s, approve=%s → %s', (from, approve, to) => {
    expect(userStep(from, approve)).toBe(to);
  });
});
