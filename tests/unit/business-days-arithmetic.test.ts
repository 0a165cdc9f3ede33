import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDaysBetween, isBusinessDay } from '@/lib/business-days';

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

  it('ages a long-waiting row quickly', () => {
    const from = new Date('2020-01-01T00:00:00Z');
    const to = new Date('2026-12-01T00:00:00Z');
    const t = performance.now();
    for (let i = 0; i < 1000; i++) businessDaysBetween(from, to);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(businessDaysBetween(from, to)).toBe(walk(from, to));
  });
});
