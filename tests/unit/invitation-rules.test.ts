import { describe, expect, it } from 'vitest';
import {
  EXPIRED_INVITATION_MESSAGE,
  INVITATION_TTL_DAYS,
  invitationExpiresAt,
  invitationMay,
  invitationState,
  invitationStateLabel,
  REVOKED_INVITATION_MESSAGE,
  siteAdminInvitationActions,
  USED_INVITATION_MESSAGE,
  type InvitationAction,
  type InvitationState,
} from '@/server/invitations/rules';

const now = new Date('2026-11-22T12:00:00Z');

describe('invitation expiry', () => {
  it('lasts 14 days from sending', () => {
    expect(INVITATION_TTL_DAYS).toBe(14);
    expect(invitationExpiresAt(now).toISOString()).toBe('2026-12-06T12:00:00.000Z');
  });

  it.each([
    ['pending, a second before expiry', 'PENDING', '2026-11-22T12:00:01Z', 'PENDING'],
    ['pending, at the expiry instant', 'PENDING', '2026-11-22T12:00:00Z', 'EXPIRED'],
    ['pending, long past', 'PENDING', '2026-01-01T00:00:00Z', 'EXPIRED'],
    ['accepted, past expiry', 'ACCEPTED', '2026-01-01T00:00:00Z', 'ACCEPTED'],
    ['revoked, past expiry', 'REVOKED', '2026-01-01T00:00:00Z', 'REVOKED'],
    ['revoked, before expiry', 'REVOKED', '2026-12-01T00:00:00Z', 'REVOKED'],
  ] as const)('%s → %s', (_name, status, expiresAt, expected) => {
    expect(invitationState({ status, expiresAt: new Date(expiresAt) }, now)).toBe(expected);
  });
});

describe('what may be done to an invitation in each state', () => {
  // state × action → refusal message (null = allowed)
  const table: [InvitationState, InvitationAction, string | RegExp | null][] = [
    ['PENDING', 'ACCEPT', null],
    ['PENDING', 'RESEND', null],
    ['PENDING', 'REVOKE', null],
    ['EXPIRED', 'ACCEPT', EXPIRED_INVITATION_MESSAGE],
    ['EXPIRED', 'RESEND', null],
    ['EXPIRED', 'REVOKE', null],
    ['REVOKED', 'ACCEPT', REVOKED_INVITATION_MESSAGE],
    ['REVOKED', 'RESEND', /Send a new invitation/],
    ['REVOKED', 'REVOKE', /already revoked/],
    ['ACCEPTED', 'ACCEPT', USED_INVITATION_MESSAGE],
    ['ACCEPTED', 'RESEND', /already accepted/],
    ['ACCEPTED', 'REVOKE', /already accepted/],
  ];
  it.each(table)('%s + %s → %s', (state, action, refusal) => {
    const r = invitationMay(action, state);
    if (refusal === null) {
      expect(r).toEqual({ ok: true });
    } else {
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.reason).toMatch(refusal);
    }
  });

  it('the expired message tells the person what to do', () => {
    expect(EXPIRED_INVITATION_MESSAGE).toBe(
      'This invitation link has expired. Ask your site administrator to send a new one.',
    );
  });

  it.each([
    ['PENDING', ['RESEND', 'REVOKE']],
    ['EXPIRED', ['RESEND', 'REVOKE']],
    ['REVOKED', []],
    ['ACCEPTED', []],
  ] as const)('site admin buttons for %s: %j', (state, actions) => {
    expect(siteAdminInvitationActions(state)).toEqual(actions);
  });

  it('every state has a label', () => {
    for (const s of ['PENDING', 'EXPIRED', 'REVOKED', 'ACCEPTED'] as const)
      expect(invitationStateLabel(s)).toMatch(/\w/);
    expect(invitationStateLabel('EXPIRED')).toBe('Expired');
  });
});
