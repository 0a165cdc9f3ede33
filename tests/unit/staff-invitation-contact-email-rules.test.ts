// Pure rules of staff invitations and contact-email confirmation (SPEC §18).
import { describe, expect, it } from 'vitest';
import {
  confirmRefusal,
  contactEmailChangeState,
  contactEmailDecision,
  contactEmailLinkExpiresAt,
  mayResendOrCancel,
} from '@/server/people/contact-email-rules';
import { staffInvitationExpiresAt, staffInvitationMay, staffInvitationState } from '@/server/staff/invitation-rules';
import { TRAP_CASES } from '../support/clock';

describe('staff invitation expiry', () => {
  it.each(TRAP_CASES)('expires exactly 7 days after it was sent (%s)', (_name, sentAt) => {
    const expiresAt = staffInvitationExpiresAt(sentAt);
    expect(expiresAt.getTime() - sentAt.getTime()).toBe(7 * 24 * 3_600_000);
    const inv = { status: 'PENDING' as const, expiresAt };
    expect(staffInvitationState(inv, new Date(expiresAt.getTime() - 1))).toBe('PENDING');
    expect(staffInvitationState(inv, expiresAt)).toBe('EXPIRED');
    // Stored outcomes win over the clock.
    expect(staffInvitationState({ ...inv, status: 'ACCEPTED' }, expiresAt)).toBe('ACCEPTED');
    expect(staffInvitationState({ ...inv, status: 'REVOKED' }, expiresAt)).toBe('REVOKED');
  });

  it.each([
    ['ACCEPT', 'PENDING', true],
    ['ACCEPT', 'EXPIRED', false],
    ['ACCEPT', 'REVOKED', false],
    ['ACCEPT', 'ACCEPTED', false],
    ['REVOKE', 'PENDING', true],
    ['REVOKE', 'EXPIRED', true],
    ['REVOKE', 'REVOKED', false],
    ['REVOKE', 'ACCEPTED', false],
  ] as const)('%s an invitation that is %s: %s', (action, state, allowed) => {
    const r = staffInvitationMay(action, state);
    expect(r.ok).toBe(allowed);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
  });
});

describe('contact email confirmation', () => {
  it.each(TRAP_CASES)('a link lasts 48 hours (%s)', (_name, sentAt) => {
    const expiresAt = contactEmailLinkExpiresAt(sentAt);
    expect(expiresAt.getTime() - sentAt.getTime()).toBe(48 * 3_600_000);
    expect(contactEmailChangeState({ status: 'PENDING', expiresAt }, expiresAt)).toBe('EXPIRED');
    expect(contactEmailChangeState({ status: 'PENDING', expiresAt }, sentAt)).toBe('PENDING');
  });

  it.each([
    ['the address in use, any case', 'me@example.com', null, 'ME@Example.com ', 'UNCHANGED'],
    ['the address in use while another waits', 'me@example.com', { email: 'new@example.com', state: 'PENDING' }, 'me@example.com', 'UNCHANGED'],
    ['the address already waiting', 'me@example.com', { email: 'new@example.com', state: 'PENDING' }, 'New@example.com', 'ALREADY_WAITING'],
    ['the waiting address after its link expired', 'me@example.com', { email: 'new@example.com', state: 'EXPIRED' }, 'new@example.com', 'REQUEST'],
    ['another new address', 'me@example.com', { email: 'new@example.com', state: 'PENDING' }, 'other@example.com', 'REQUEST'],
    ['a first address', null, null, 'first@example.com', 'REQUEST'],
  ] as const)('typing %s', (_what, current, pending, typed, expected) => {
    expect(contactEmailDecision(current, pending, typed)).toBe(expected);
  });

  it('only a waiting, unexpired link confirms; every other state says why', () => {
    expect(confirmRefusal('PENDING')).toBeNull();
    for (const s of ['EXPIRED', 'CONFIRMED', 'CANCELLED', 'SUPERSEDED'] as const) expect(confirmRefusal(s)?.length).toBeGreaterThan(20);
    expect(['PENDING', 'EXPIRED', 'CONFIRMED', 'CANCELLED', 'SUPERSEDED'].filter((s) => mayResendOrCancel(s as never))).toEqual(['PENDING', 'EXPIRED']);
  });
});
