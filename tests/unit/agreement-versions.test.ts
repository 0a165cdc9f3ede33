// Agreement versions (SPEC §15) as tables with dates: which version new acceptances sign, which
// one an acceptance must be of to count, and what a person is asked, at every trap instant.
import { describe, expect, it } from 'vitest';
import { pacificDate } from '@/lib/business-days';
import {
  acceptBy,
  addPacificDays,
  currentVersion,
  effectiveDateInPast,
  hpcaaState,
  lastDayToAccept,
  pacificDateOf,
  reacceptancePrompt,
  requiredVersion,
  startOfPacificDate,
  type VersionTerms,
} from '@/server/agreements/rules';
import { TRAP_CASES } from '../support/clock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const v = (
  version: number,
  effectiveAt: Date,
  reacceptRequired = true,
  graceDays = 0,
): VersionTerms => ({ version, effectiveAt, reacceptRequired, graceDays });
const V1 = v(1, new Date('2026-01-01T08:00:00Z'));

describe('calendar arithmetic in Pacific time', () => {
  it.each([
    // [from, days, expected]: the same wall-clock time, whatever the length of the days between.
    ['2026-03-07T00:00:00-08:00', 1, '2026-03-08T00:00:00-08:00'], // the day before the switch: 24 h
    ['2026-03-08T00:00:00-08:00', 1, '2026-03-09T00:00:00-07:00'], // spring forward: 23 h
    ['2026-10-31T00:00:00-07:00', 2, '2026-11-02T00:00:00-08:00'], // fall back: 49 h
    ['2026-12-31T23:30:00-08:00', 1, '2027-01-01T23:30:00-08:00'], // New Year's Eve
    ['2026-06-16T09:00:00-07:00', 0, '2026-06-16T09:00:00-07:00'],
    ['2026-02-28T12:00:00-08:00', 365, '2027-02-28T12:00:00-08:00'],
  ])('%s + %i days = %s', (from, days, to) => {
    expect(addPacificDays(new Date(from), days).toISOString()).toBe(new Date(to).toISOString());
  });

  it.each([
    ['2026-01-10', '2026-01-10T08:00:00Z'],
    ['2026-03-08', '2026-03-08T08:00:00Z'], // midnight before the switch is still standard time
    ['2026-03-09', '2026-03-09T07:00:00Z'],
    ['2026-11-01', '2026-11-01T07:00:00Z'],
    ['2026-11-02', '2026-11-02T08:00:00Z'],
    ['2027-01-01', '2027-01-01T08:00:00Z'],
  ])('midnight Pacific starting %s is %s', (date, iso) => {
    expect(startOfPacificDate(date).toISOString()).toBe(new Date(iso).toISOString());
  });

  it('names the last day to accept: the day before a deadline at midnight', () => {
    expect(lastDayToAccept(startOfPacificDate('2026-12-28'))).toBe('2026-12-27');
    expect(lastDayToAccept(new Date('2026-12-28T20:00:00Z'))).toBe('2026-12-28');
  });
});

describe('currentVersion, requiredVersion and the prompt', () => {
  const eff = startOfPacificDate('2026-12-14');
  const v2 = v(2, eff, true, 14); // grace until 28 Dec 2026 00:00 Pacific
  const deadline = startOfPacificDate('2026-12-28');
  type Row = [
    name: string,
    versions: VersionTerms[],
    now: Date,
    current: number,
    required: number,
    asked: number | null,
    overdue?: boolean,
  ];
  const rows: Row[] = [
    ['nothing published', [], eff, 0, 0, null],
    ['only v1, in effect', [V1], eff, 1, 1, null],
    [
      'v1 published in the future is not signed yet',
      [v(1, eff)],
      new Date(eff.getTime() - 1),
      0,
      0,
      null,
    ],
    [
      'v2 published, one millisecond before it takes effect',
      [V1, v2],
      new Date(eff.getTime() - 1),
      1,
      1,
      null,
    ],
    ['v2 takes effect: signed from now, v1 still counts', [V1, v2], eff, 2, 1, 2, false],
    ['v2 grace, last minute', [V1, v2], new Date(deadline.getTime() - 60_000), 2, 1, 2, false],
    ['v2 grace over, to the millisecond', [V1, v2], deadline, 2, 2, 2, true],
    [
      'v2 without re-acceptance: v1 counts for good, nobody is asked',
      [V1, v(2, eff, false, 0)],
      deadline,
      2,
      1,
      null,
    ],
    [
      'v2 with no grace period: required from its effective instant',
      [V1, v(2, eff, true, 0)],
      eff,
      2,
      2,
      2,
      true,
    ],
    [
      'v3 (no re-acceptance) after v2 (required): v2 still required',
      [V1, v2, v(3, deadline, false)],
      deadline,
      3,
      2,
      2,
      true,
    ],
    [
      'v3 in grace after v2 over: v2 required, v3 asked',
      [V1, v2, v(3, deadline, true, 30)],
      deadline,
      3,
      2,
      3,
      false,
    ],
  ];
  it.each(rows)('%s', (_n, versions, now, current, required, asked, overdue) => {
    expect(currentVersion(versions, now)).toBe(current);
    expect(requiredVersion(versions, now)).toBe(required);
    const prompt = reacceptancePrompt(versions, 1, now);
    expect(prompt?.version ?? null).toBe(asked);
    if (prompt) expect(prompt.overdue).toBe(overdue);
  });

  it('asks nobody who already accepted the asked version, nor someone who never accepted', () => {
    expect(reacceptancePrompt([V1, v2], 2, eff)).toBeNull();
    expect(reacceptancePrompt([V1, v2], null, eff)).toBeNull();
    expect(reacceptancePrompt([V1, v2], 1, eff)).toEqual({
      version: 2,
      effectiveAt: eff,
      acceptBy: deadline,
      overdue: false,
    });
  });

  it('the acceptance state follows the required version, and 12-month expiry still applies', () => {
    const accepted = { versionNumber: 1, acceptedAt: new Date('2026-06-16T16:00:00Z') };
    expect(
      hpcaaState({
        acceptance: accepted,
        requiredVersion: requiredVersion([V1, v2], eff),
        now: eff,
      }),
    ).toBe('accepted');
    expect(
      hpcaaState({
        acceptance: accepted,
        requiredVersion: requiredVersion([V1, v2], deadline),
        now: deadline,
      }),
    ).toBe('superseded');
    const later = new Date('2027-06-16T16:00:00Z');
    const onV2 = { versionNumber: 2, acceptedAt: eff };
    expect(hpcaaState({ acceptance: onV2, requiredVersion: 2, now: later })).toBe('accepted');
    expect(
      hpcaaState({ acceptance: onV2, requiredVersion: 2, now: new Date('2027-12-14T08:00:00Z') }),
    ).toBe('expired');
  });
});

describe.each(TRAP_CASES)('agreement versions at %s', (_name, now) => {
  const today = pacificDate(now);

  it('a version effective today is signed today, and its grace period ends N Pacific days later at midnight', () => {
    const eff = startOfPacificDate(today);
    expect(pacificDateOf(eff)).toBe(today);
    expect(eff.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(now.getTime() - eff.getTime()).toBeLessThan(DAY + HOUR);
    const version2 = v(2, eff, true, 7);
    const by = acceptBy(version2);
    expect(pacificDateOf(by)).toBe(pacificDateOf(addPacificDays(now, 7)));
    expect(by.getTime()).toBe(startOfPacificDate(pacificDateOf(by)).getTime());
    expect(currentVersion([V1, version2], now)).toBe(2);
    expect(requiredVersion([V1, version2], now)).toBe(1);
    expect(requiredVersion([V1, version2], by)).toBe(2);
    expect(requiredVersion([V1, version2], new Date(by.getTime() - 1))).toBe(1);
  });

  it('a version effective tomorrow is not signed yet', () => {
    const tomorrow = startOfPacificDate(pacificDateOf(addPacificDays(now, 1)));
    expect(tomorrow.getTime()).toBeGreaterThan(now.getTime());
    expect(currentVersion([V1, v(2, tomorrow)], now)).toBe(1);
    expect(reacceptancePrompt([V1, v(2, tomorrow)], 1, now)).toBeNull();
  });

  it('an effective date may be today, never yesterday', () => {
    expect(effectiveDateInPast(today, now)).toBe(false);
    expect(effectiveDateInPast(pacificDateOf(addPacificDays(now, -1)), now)).toBe(true);
    expect(effectiveDateInPast(pacificDateOf(addPacificDays(now, 1)), now)).toBe(false);
  });
});
