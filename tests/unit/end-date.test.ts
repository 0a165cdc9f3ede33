// A residency or locum end date is the last day that counts, judged in Pacific time.
import { describe, expect, it } from 'vitest';
import { END_DATE_IN_PAST, endDateInPast } from '@/lib/end-date';
import { TRAP_CASES, TRAPS } from '../support/clock';

// Worked out here independently of the portal's helper.
const pacificToday = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Vancouver', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const shiftDay = (iso: string, days: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('end dates', () => {
  it('says what to do in the message', () => {
    expect(END_DATE_IN_PAST).toBe('The end date must be today or later');
  });

  it.each(TRAP_CASES)('at %s: yesterday is refused, today and tomorrow are accepted (Pacific)', (_, at) => {
    const today = pacificToday(at);
    expect(endDateInPast(shiftDay(today, -1), at)).toBe(true);
    expect(endDateInPast(today, at)).toBe(false);
    expect(endDateInPast(shiftDay(today, 1), at)).toBe(false);
  });

  it('at 23:30 Pacific, the UTC date (already tomorrow) does not count as today', () => {
    expect(endDateInPast('2026-01-11', TRAPS.sundayLate)).toBe(false);
    expect(endDateInPast('2026-01-10', TRAPS.sundayLate)).toBe(true);
    expect(endDateInPast('2026-12-31', TRAPS.newYearsEve)).toBe(false);
    expect(endDateInPast('2026-12-30', TRAPS.newYearsEve)).toBe(true);
    // The first and second 01:30 of the day daylight time ends are the same Pacific day.
    expect(endDateInPast('2026-11-01', TRAPS.fallBackFirst)).toBe(false);
    expect(endDateInPast('2026-11-01', TRAPS.fallBackSecond)).toBe(false);
    expect(endDateInPast('2026-10-31', TRAPS.fallBackSecond)).toBe(true);
  });
});
