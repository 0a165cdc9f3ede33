import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessAge, businessDaysBetween, isBusinessDay } from '@/lib/business-days';
import { TRAP_CASES } from '../support/clock';

const DAY = 86_400_000;
const pacific = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Vancouver' });
const day = (d: Date) => pacific.format(d);

// The definition, one day at a time: business days after `from`'s Pacific day up to `to`'s.
function walk(from: Date, to: Date): number {
  if (to < from) return 0 - walk(to, from);
  let n = 0;
  // Step by 24 h from Pacific noon of the start day; noon never crosses a day on DST changes.
  const start = new Date(`${day(from)}T12:00:00-08:00`);
  for (let t = start.getTime() + DAY; day(new Date(t)) <= day(to); t += DAY) if (isBusinessDay(new Date(t))) n++;
  return n;
}

describe('business days by arithmetic', () => {
  it('agrees with walking every day, across years, holidays and daylight-saving changes', () => {
    const instant = fc.date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        expect(businessDaysBetween(a, b)).toBe(walk(a, b));
      }),
      { numRuns: 200 },
    );
  });

  it('ages a row that has waited for years exactly as the walk does', () => {
    const from = new Date('2020-01-01T00:00:00Z');
    const to = new Date('2026-12-01T00:00:00Z');
    expect(businessDaysBetween(from, to)).toBe(walk(from, to));
  });

  // Found by this property with another seed: a start after the end, across a weekend, gave -0.
  it('gives 0, never -0, for a start after the end with no business day between', () => {
    const saturday = new Date('2026-01-10T08:00:00.000Z');
    const friday = new Date('2026-01-09T08:00:00.000Z');
    expect(Object.is(businessDaysBetween(saturday, friday), 0)).toBe(true);
    expect(Object.is(businessAge(saturday, friday), 0)).toBe(true);
  });

  it('round-trips with addBusinessDays from any instant, both ways', () => {
    const instant = fc.date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), (d, n) => {
        expect(businessDaysBetween(d, addBusinessDays(d, n))).toBe(n);
        expect(businessDaysBetween(addBusinessDays(d, -n), d)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe.each(TRAP_CASES)('business days at a trap instant: %s', (_name, instant) => {
  it('ages a row made n business days earlier at n, and lands on business days', () => {
    for (const n of [1, 2, 5, 6, 7, 8, 10, 30]) {
      const since = addBusinessDays(instant, -n);
      expect(isBusinessDay(since), `n=${n}`).toBe(true);
      expect(businessAge(since, instant), `n=${n}`).toBe(n);
      expect(businessDaysBetween(instant, addBusinessDays(instant, n)), `n=${n}`).toBe(n);
    }
  });

  it('never ages a row stamped slightly in the future below 0', () => {
    expect(businessAge(new Date(instant.getTime() + 90_000), instant)).toBe(0);
    expect(businessAge(addBusinessDays(instant, 3), instant)).toBe(0);
  });

  it('agrees with walking every day up to 40 days back', () => {
    for (let days = 0; days <= 40; days++) {
      const from = new Date(instant.getTime() - days * DAY);
      expect(businessDaysBetween(from, instant), `${days} days`).toBe(walk(from, instant));
    }
  });
});
