import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  hpcaaExpiresOn,
  hpcaaState,
  pacificDateOf,
  typedNameMatches,
  type HpcaaState,
} from '@/server/agreements/rules';

// Noon Pacific on 22 Nov 2026 (PST, UTC-8).
const accepted = new Date('2026-11-22T20:00:00Z');

describe('hpcaaState', () => {
  const rows: [string, Parameters<typeof hpcaaState>[0], HpcaaState][] = [
    ['no acceptance', { acceptance: null, requiredVersion: 1, now: accepted }, 'missing'],
    ['current version, same day', { acceptance: { versionNumber: 1, acceptedAt: accepted }, requiredVersion: 1, now: accepted }, 'accepted'],
    [
      '11 months later',
      { acceptance: { versionNumber: 1, acceptedAt: accepted }, requiredVersion: 1, now: new Date('2027-10-22T20:00:00Z') },
      'accepted',
    ],
    [
      'the last day before 12 months (21 Nov 2027, 23:59 Pacific)',
      { acceptance: { versionNumber: 1, acceptedAt: accepted }, requiredVersion: 1, now: new Date('2027-11-22T07:59:00Z') },
      'accepted',
    ],
    [
      '12 months later, at the start of the Pacific day',
      { acceptance: { versionNumber: 1, acceptedAt: accepted }, requiredVersion: 1, now: new Date('2027-11-22T08:00:00Z') },
      'expired',
    ],
    [
      '13 months later',
      { acceptance: { versionNumber: 1, acceptedAt: accepted }, requiredVersion: 1, now: new Date('2027-12-22T20:00:00Z') },
      'expired',
    ],
    ['a newer version is required', { acceptance: { versionNumber: 1, acceptedAt: accepted }, requiredVersion: 2, now: accepted }, 'superseded'],
    [
      'superseded wins over expired',
      { acceptance: { versionNumber: 1, acceptedAt: accepted }, requiredVersion: 2, now: new Date('2028-01-01T20:00:00Z') },
      'superseded',
    ],
    ['accepted the newest version', { acceptance: { versionNumber: 2, acceptedAt: accepted }, requiredVersion: 2, now: accepted }, 'accepted'],
  ];
  it.each(rows)('%s', (_name, input, expected) => {
    expect(hpcaaState(input)).toBe(expected);
  });
});

describe('12 calendar months', () => {
  it('accepted on 22 Nov 2026 expires on 22 Nov 2027', () => {
    expect(hpcaaExpiresOn(accepted)).toBe('2027-11-22');
  });

  it('counts the Pacific date, not the UTC one (late evening in Vancouver)', () => {
    // 23:30 Pacific on 30 June 2026 is already 1 July in UTC.
    const lateEvening = new Date('2026-07-01T06:30:00Z');
    expect(pacificDateOf(lateEvening)).toBe('2026-06-30');
    expect(hpcaaExpiresOn(lateEvening)).toBe('2027-06-30');
  });

  it.each([
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-12-15', 12, '2027-12-15'],
    ['2026-11-30', 3, '2027-02-28'],
  ])('%s + %i months = %s', (from, months, to) => {
    expect(addCalendarMonths(from, months)).toBe(to);
  });
});

describe('typedNameMatches', () => {
  const names = ['Mary-Anne O’Neil', 'Mae Smith'];
  it.each(["mary-anne o'neil", '  MARY-ANNE   O’NEIL ', 'mae smith'])('accepts %j', (typed) => {
    expect(typedNameMatches(typed, names)).toBe(true);
  });
  it.each(['Mary Anne ONeil', 'Mary-Anne', '', '   ', 'Mae Smithe'])('refuses %j', (typed) => {
    expect(typedNameMatches(typed, names)).toBe(false);
  });
});
