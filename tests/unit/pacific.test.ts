// What people read as a date or time, in Pacific time, at the instants where a hand-written
// formatter goes wrong: late evening (already tomorrow in UTC) and both daylight-time switches.
import { describe, expect, it } from 'vitest';
import {
  addPacificDays,
  longCalendarDate,
  pacificClock,
  pacificDate,
  pacificDateTime,
  pacificFullDate,
  pacificHour,
  pacificLongDate,
  pacificMediumDate,
  pacificMediumDateTime,
  pacificMinute,
  pacificOffsetMinutes,
  pacificWeekdayDate,
  startOfPacificDate,
} from '@/lib/pacific';
import { TRAPS, TRAP_CASES } from '../support/clock';

describe('Pacific formatters at the trap instants', () => {
  it.each([
    [
      'sundayLate',
      '2026-01-11',
      'January 11, 2026 at 11:30 p.m.',
      'Jan 11, 2026, 11:30 p.m. Pacific',
      '23:30',
    ],
    [
      'newYearsEve',
      '2026-12-31',
      'December 31, 2026 at 11:30 p.m.',
      'Dec 31, 2026, 11:30 p.m. Pacific',
      '23:30',
    ],
    [
      'springForward',
      '2026-03-08',
      'March 8, 2026 at 3:30 a.m.',
      'Mar 8, 2026, 3:30 a.m. Pacific',
      '03:30',
    ],
    [
      'fallBackFirst',
      '2026-11-01',
      'November 1, 2026 at 1:30 a.m.',
      'Nov 1, 2026, 1:30 a.m. Pacific',
      '01:30',
    ],
    [
      'fallBackSecond',
      '2026-11-01',
      'November 1, 2026 at 1:30 a.m.',
      'Nov 1, 2026, 1:30 a.m. Pacific',
      '01:30',
    ],
  ] as const)('%s reads as the Pacific wall clock', (trap, date, long, medium, clock) => {
    const at = TRAPS[trap];
    expect(pacificDate(at)).toBe(date);
    expect(pacificDateTime(at)).toBe(long);
    expect(pacificMediumDateTime(at)).toBe(medium);
    expect(pacificClock(at)).toBe(clock);
    expect(pacificMinute(at)).toBe(`${date} ${clock} Pacific time`);
  });

  it('names the day in words, long, full, medium and without the year', () => {
    const at = TRAPS.newYearsEve;
    expect(pacificLongDate(at)).toBe('December 31, 2026');
    expect(pacificFullDate(at)).toBe('Thursday, December 31, 2026');
    expect(pacificMediumDate(at)).toBe('Dec 31, 2026');
    expect(pacificWeekdayDate(at)).toBe('Thursday, December 31');
  });

  it('reads a stored calendar date as that day, whatever the zone', () => {
    expect(longCalendarDate('2027-11-22')).toBe('November 22, 2027');
    expect(longCalendarDate('2026-03-08')).toBe('March 8, 2026');
  });
});

describe('Pacific calendar arithmetic', () => {
  it('knows the offset on each side of both switches', () => {
    expect(pacificOffsetMinutes(TRAPS.sundayLate)).toBe(-480);
    expect(pacificOffsetMinutes(TRAPS.springForward)).toBe(-420);
    expect(pacificOffsetMinutes(TRAPS.fallBackFirst)).toBe(-420);
    expect(pacificOffsetMinutes(TRAPS.fallBackSecond)).toBe(-480);
  });

  it('starts the days of the switches at Pacific midnight, in the offset of that midnight', () => {
    expect(startOfPacificDate('2026-03-08').toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(startOfPacificDate('2026-03-09').toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(startOfPacificDate('2026-11-01').toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(startOfPacificDate('2026-11-02').toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });

  it.each(TRAP_CASES)(
    'at %s, a Pacific day later is the next date at the same wall time',
    (_name, at) => {
      const next = addPacificDays(at, 1);
      expect(pacificClock(next)).toBe(pacificClock(at));
      expect(pacificDate(next) > pacificDate(at)).toBe(true);
      expect(pacificHour(startOfPacificDate(pacificDate(at)))).toBe(0);
      expect(pacificDate(startOfPacificDate(pacificDate(at)))).toBe(pacificDate(at));
    },
  );
});
