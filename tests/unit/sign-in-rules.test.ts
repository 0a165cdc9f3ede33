import { describe, expect, it } from 'vitest';
import { assuranceRefusal, sessionEndReason } from '@/server/auth/rules';

describe('assuranceRefusal', () => {
  it.each([
    // claimed, minimum, refused?
    [3, 3, false],
    ['3', 3, false],
    [2, 3, true],
    [1, 3, true],
    [0, 3, true],
    [undefined, 3, true],
    ['abc', 3, true],
    [2.5, 2, true],
    [2, 2, false],
    [1, 1, false],
  ] as const)('level %s against minimum %s → refused %s', (claimed, min, refused) => {
    expect(assuranceRefusal(claimed, min)).toBe(refused ? 'assurance' : null);
  });
});

describe('sessionEndReason', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const later = new Date('2026-11-22T12:10:00Z');
  const earlier = new Date('2026-11-22T11:50:00Z');
  const open = { expires: later, absoluteEnd: later, endedAt: null };

  it.each([
    ['a live session of an active person', open, 'ACTIVE', null],
    ['a signed-out session', { ...open, endedAt: earlier }, 'ACTIVE', 'ENDED'],
    ['a suspended person', open, 'SUSPENDED', 'PERSON_NOT_ACTIVE'],
    ['an inactive person', open, 'INACTIVE', 'PERSON_NOT_ACTIVE'],
    ['idle past the window', { ...open, expires: earlier }, 'ACTIVE', 'IDLE'],
    ['idle exactly at the limit', { ...open, expires: now }, 'ACTIVE', 'IDLE'],
    ['past the absolute limit though active', { ...open, absoluteEnd: earlier }, 'ACTIVE', 'ABSOLUTE'],
  ] as const)('%s → %s', (_label, s, status, reason) => {
    expect(sessionEndReason(s, status, now)).toBe(reason);
  });
});
