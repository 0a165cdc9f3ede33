import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  ageText,
  ageTone,
  bcHolidays,
  businessDaysBetween,
  easterSunday,
  isBusinessDay,
  pacificDate,
} from '@/lib/business-days';
import { now } from '../support/clock';

// Noon Pacific on a date, whatever the daylight-saving offset that day.
const isPst = (d: Date) =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'America/Vancouver', timeZoneName: 'short' })
    .format(d)
    .endsWith('PST');
const pacificNoon = (date: string) => {
  const pst = new Date(`${date}T12:00:00-08:00`);
  return isPst(pst) ? pst : new Date(`${date}T12:00:00-07:00`);
};

const EXPECTED: Record<number, [string, string][]> = {
  2025: [
    ['2025-01-01', "New Year's Day"],
    ['2025-02-17', 'Family Day'],
    ['2025-04-18', 'Good Friday'],
    ['2025-05-19', 'Victoria Day'],
    ['2025-07-01', 'Canada Day'],
    ['2025-08-04', 'B.C. Day'],
    ['2025-09-01', 'Labour Day'],
    ['2025-09-30', 'National Day for Truth and Reconciliation'],
    ['2025-10-13', 'Thanksgiving Day'],
    ['2025-11-11', 'Remembrance Day'],
    ['2025-12-25', 'Christmas Day'],
  ],
  2026: [
    ['2026-01-01', "New Year's Day"],
    ['2026-02-16', 'Family Day'],
    ['2026-04-03', 'Good Friday'],
    ['2026-05-18', 'Victoria Day'],
    ['2026-07-01', 'Canada Day'],
    ['2026-08-03', 'B.C. Day'],
    ['2026-09-07', 'Labour Day'],
    ['2026-09-30', 'National Day for Truth and Reconciliation'],
    ['2026-10-12', 'Thanksgiving Day'],
    ['2026-11-11', 'Remembrance Day'],
    ['2026-12-25', 'Christmas Day'],
  ],
  2027: [
    ['2027-01-01', "New Year's Day"],
    ['2027-02-15', 'Family Day'],
    ['2027-03-26', 'Good Friday'],
    ['2027-05-24', 'Victoria Day'],
    ['2027-07-01', 'Canada Day'],
    ['2027-08-02', 'B.C. Day'],
    ['2027-09-06', 'Labour Day'],
    ['2027-09-30', 'National Day for Truth and Reconciliation'],
    ['2027-10-11', 'Thanksgiving Day'],
    ['2027-11-11', 'Remembrance Day'],
    // Christmas 2027 is a Saturday: the Monday is the day off.
    ['2027-12-27', 'Christmas Day (observed)'],
  ],
};

describe('BC statutory holidays', () => {
  for (const [year, days] of Object.entries(EXPECTED)) {
    it(`lists the eleven days off in ${year}`, () => {
      expect(bcHolidays(Number(year)).map((h) => [h.date, h.name])).toEqual(days);
    });
    it(`treats each ${year} day off as not a business day`, () => {
      for (const [date] of days) {
        expect(isBusinessDay(pacificNoon(date)), date).toBe(false);
      }
    });
  }

  it('computes Easter for known years', () => {
    expect(
      ['2019', '2024', '2025', '2026', '2027', '2038'].map((y) => easterSunday(Number(y))),
    ).toEqual(['2019-04-21', '2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25']);
  });

  it('moves a weekend holiday to the following weekday', () => {
    // Canada Day 2028 is a Saturday; Remembrance Day 2028 too; Christmas 2022 a Sunday.
    const h2028 = new Map(bcHolidays(2028).map((h) => [h.date, h.name]));
    expect(h2028.get('2028-07-03')).toBe('Canada Day (observed)');
    expect(h2028.get('2028-11-13')).toBe('Remembrance Day (observed)');
    expect(h2028.get('2028-01-03')).toBe("New Year's Day (observed)");
    expect(h2028.get('2028-10-02')).toBe('National Day for Truth and Reconciliation (observed)');
    expect(isBusinessDay(pacificNoon('2028-07-03'))).toBe(false);
    expect(isBusinessDay(pacificNoon('2028-07-04'))).toBe(true);
    expect(isBusinessDay(pacificNoon('2022-12-26'))).toBe(false);
    expect(isBusinessDay(pacificNoon('2022-12-27'))).toBe(true);
    // Canada Day 2029 is a Sunday: Monday July 2 is off.
    expect(isBusinessDay(pacificNoon('2029-07-02'))).toBe(false);
  });

  it('knows weekends and ordinary weekdays', () => {
    expect(isBusinessDay(pacificNoon('2026-03-14'))).toBe(false); // Saturday
    expect(isBusinessDay(pacificNoon('2026-03-15'))).toBe(false); // Sunday
    expect(isBusinessDay(pacificNoon('2026-03-16'))).toBe(true); // Monday
    expect(isBusinessDay(pacificNoon('2025-04-21'))).toBe(true); // Easter Monday is not a BC holiday
    expect(isBusinessDay(pacificNoon('2025-12-26'))).toBe(true); // nor is Boxing Day
  });

  it('reads the calendar day in Pacific time, not UTC', () => {
    // 2026-07-01 03:00 UTC is still June 30 (a Tuesday) in Vancouver.
    expect(isBusinessDay(new Date('2026-07-01T03:00:00Z'))).toBe(true);
    // 2026-07-02 03:00 UTC is Canada Day evening in Vancouver.
    expect(isBusinessDay(new Date('2026-07-02T03:00:00Z'))).toBe(false);
  });
});

describe('businessDaysBetween', () => {
  it('skips Good Friday and the Easter weekend', () => {
    // Thursday before Easter 2025 → the Tuesday after: Friday is off, Monday counts.
    expect(businessDaysBetween(pacificNoon('2025-04-17'), pacificNoon('2025-04-22'))).toBe(2);
    expect(businessDaysBetween(pacificNoon('2026-04-01'), pacificNoon('2026-04-08'))).toBe(4);
  });

  it('skips Christmas and New Year', () => {
    // Dec 23 2025 (Tue) → Jan 2 2026 (Fri): Dec 24, 26, 29, 30, 31, Jan 2 = 6.
    expect(businessDaysBetween(pacificNoon('2025-12-23'), pacificNoon('2026-01-02'))).toBe(6);
    // Across the observed Christmas of 2027: Fri Dec 24 → Tue Dec 28 is 1 (Monday is off).
    expect(businessDaysBetween(pacificNoon('2027-12-24'), pacificNoon('2027-12-28'))).toBe(1);
  });

  it('counts whole days by Pacific date, not by hours', () => {
    const fridayLate = new Date('2026-03-06T23:30:00-08:00');
    const mondayEarly = new Date('2026-03-09T08:00:00-07:00'); // DST started on the Sunday
    expect(businessDaysBetween(fridayLate, mondayEarly)).toBe(1);
    expect(businessDaysBetween(mondayEarly, mondayEarly)).toBe(0);
    expect(businessDaysBetween(mondayEarly, fridayLate)).toBe(-1);
    // Submitted on a Saturday, looked at on Monday: Monday is the first business day.
    expect(businessDaysBetween(pacificNoon('2026-03-07'), pacificNoon('2026-03-09'))).toBe(1);
  });

  it('is the inverse of addBusinessDays', () => {
    const start = new Date('2025-12-19T09:15:00-08:00');
    for (let n = 0; n <= 30; n++) {
      const later = addBusinessDays(start, n);
      expect(businessDaysBetween(start, later), `n=${n}`).toBe(n);
      expect(isBusinessDay(later) || n === 0, `n=${n}`).toBe(true);
    }
  });
});

describe('addBusinessDays', () => {
  it('steps over weekends and holidays and keeps the Pacific wall time across DST', () => {
    const friday = new Date('2026-03-06T10:00:00-08:00'); // PST
    expect(addBusinessDays(friday, 1).toISOString()).toBe('2026-03-09T17:00:00.000Z'); // 10:00 PDT
    const beforeEaster = new Date('2026-04-02T10:00:00-07:00');
    expect(pacificDate(addBusinessDays(beforeEaster, 1))).toBe('2026-04-06');
    expect(pacificDate(addBusinessDays(new Date('2025-12-24T10:00:00-08:00'), 1))).toBe(
      '2025-12-26',
    );
    expect(pacificDate(addBusinessDays(new Date('2026-04-06T10:00:00-07:00'), -1))).toBe(
      '2026-04-02',
    );
    expect(addBusinessDays(friday, 0).getTime()).toBe(friday.getTime());
  });

  it.each([
    // [from (Pacific), n, the Pacific day it lands on]
    ['2026-01-11T23:30:00-08:00', -1, '2026-01-08'], // Sunday: Friday has elapsed since Thursday
    ['2026-01-10T12:00:00-08:00', -1, '2026-01-08'], // Saturday likewise
    ['2026-01-12T09:00:00-08:00', -1, '2026-01-09'], // Monday: Friday
    ['2026-02-16T10:00:00-08:00', -1, '2026-02-12'], // Family Day: Friday elapsed since Thursday
    ['2026-01-11T23:30:00-08:00', 1, '2026-01-12'], // Sunday: Monday is day 1
    ['2026-12-31T23:30:00-08:00', 1, '2027-01-04'], // New Year's Eve: over the holiday and weekend
    ['2026-12-31T23:30:00-08:00', -1, '2026-12-30'],
  ] as const)('from %s, %i business days lands on %s', (from, n, day) => {
    expect(pacificDate(addBusinessDays(new Date(from), n))).toBe(day);
  });

  it('refuses fractions', () => {
    expect(() => addBusinessDays(now(), 1.5)).toThrow();
  });
});

describe('ageTone', () => {
  it('is amber after 5 business days and red after 7', () => {
    expect([0, 5, 6, 7, 8, 20].map(ageTone)).toEqual([
      'normal',
      'normal',
      'amber',
      'amber',
      'red',
      'red',
    ]);
  });
  it('says the tone in words too', () => {
    expect(ageText(1)).toBe('1 business day');
    expect(ageText(5)).toBe('5 business days');
    expect(ageText(6)).toBe('6 business days — overdue');
    expect(ageText(7)).toBe('7 business days — overdue');
    expect(ageText(8)).toBe('8 business days — long overdue');
  });
});
