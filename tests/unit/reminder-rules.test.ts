// Reminder thresholds (SPEC §16) on the Pacific calendar, at the instants where a date rule is
// most likely to be wrong, and the catch-up rule after a scheduler was down.
import { describe, expect, it } from 'vitest';
import { pacificDate } from '@/lib/business-days';
import { hpcaaExpiresOn } from '@/server/agreements/rules';
import { addDays, distinctRecipients, dueReminder, locumEndsOn, THRESHOLDS } from '@/server/reminders/rules';
import { TRAPS, type TrapName } from '../support/clock';

const HPCAA = THRESHOLDS['hpcaa-expiring'];
const LOCUM = THRESHOLDS['locum-ending'];
const PASSWORD = THRESHOLDS['viewer-password-expiring'];

describe('dueReminder at the trap instants', () => {
  // [trap, thresholds, endsOn, expected threshold or null, why]
  const cases: [TrapName, readonly number[], string, number | null, string][] = [
    ['newYearsEve', HPCAA, '2027-01-31', null, '31 Pacific days left; counting from the UTC date (1 January) would say 30'],
    ['newYearsEve', HPCAA, '2027-01-30', 30, 'exactly 30 days: due from the start of 31 December'],
    ['newYearsEve', HPCAA, '2027-01-01', 1, 'ends tomorrow in Pacific time, although it is already 1 January in UTC'],
    ['newYearsEve', HPCAA, '2026-12-31', null, 'ends today: the refusal says it from now on'],
    ['sundayLate', LOCUM, '2026-01-19', null, '8 days left on Sunday in Pacific time (7 by the UTC Monday)'],
    ['sundayLate', LOCUM, '2026-01-18', 7, 'a week left, due from the start of Sunday'],
    ['springForward', PASSWORD, '2026-03-22', 14, 'the day daylight time starts is a whole day'],
    ['springForward', PASSWORD, '2026-03-23', null, '15 days left'],
    ['afterSpringForward', PASSWORD, '2026-03-16', 7, 'a week after the short night'],
    ['fallBackFirst', PASSWORD, '2026-11-02', 1, 'first 01:30: still 1 November'],
    ['fallBackSecond', PASSWORD, '2026-11-02', 1, 'second 01:30: still 1 November'],
    ['fallBackSecond', HPCAA, '2026-11-15', 14, '14 days after the long day'],
    ['statutoryHoliday', HPCAA, '2026-02-23', 7, 'holidays and weekends count like other days'],
    ['saturday', LOCUM, '2026-01-11', 7, 'a locum whose last day is Saturday: the 7-day reminder, saying 1 day'],
    ['ordinaryTuesday', HPCAA, '2026-07-16', 30, 'an ordinary day, for contrast'],
  ];
  it.each(cases)('%s, thresholds %j, ends %s → %s (%s)', (trap, thresholds, endsOn, expected) => {
    const due = dueReminder(thresholds, endsOn, pacificDate(TRAPS[trap]));
    expect(due?.threshold ?? null).toBe(expected);
    if (due) expect(due.dueOn).toBe(addDays(endsOn, -due.threshold));
  });
});

describe('catch-up after the scheduler was down', () => {
  it('sends only the latest threshold reached, with the days really left', () => {
    // Down from 35 days before until 5 days before: one reminder, the 7-day one, saying 5 days.
    expect(dueReminder(HPCAA, '2026-07-20', '2026-07-15')).toEqual({ threshold: 7, dueOn: '2026-07-13', daysLeft: 5 });
    expect(dueReminder(HPCAA, '2026-07-20', '2026-06-19')).toBeNull();
    expect(dueReminder(HPCAA, '2026-07-20', '2026-06-20')).toEqual({ threshold: 30, dueOn: '2026-06-20', daysLeft: 30 });
    expect(dueReminder(HPCAA, '2026-07-20', '2026-07-06')).toEqual({ threshold: 14, dueOn: '2026-07-06', daysLeft: 14 });
    expect(dueReminder(HPCAA, '2026-07-20', '2026-07-19')).toEqual({ threshold: 1, dueOn: '2026-07-19', daysLeft: 1 });
    // After the end, nothing: a missed last reminder is not sent late.
    expect(dueReminder(HPCAA, '2026-07-20', '2026-07-21')).toBeNull();
  });

  it('a locum set up 3 days before its end is reminded once, at once', () => {
    expect(dueReminder(LOCUM, locumEndsOn('2026-07-20'), '2026-07-18')).toEqual({ threshold: 7, dueOn: '2026-07-14', daysLeft: 3 });
  });
});

describe('what each reminder is about', () => {
  it('an HPCAA acceptance given at 23:30 Pacific on New Year’s Eve runs out a year later on the Pacific date', () => {
    const endsOn = hpcaaExpiresOn(TRAPS.newYearsEve);
    expect(endsOn).toBe('2027-12-31');
    expect(dueReminder(HPCAA, endsOn, '2027-12-01')?.threshold).toBe(30);
    expect(dueReminder(HPCAA, endsOn, '2027-11-30')).toBeNull();
  });

  it('a locum’s last day still counts: it ends the day after', () => {
    expect(locumEndsOn('2026-12-31')).toBe('2027-01-01');
    expect(locumEndsOn('2028-02-28')).toBe('2028-02-29');
  });

  it('a viewer password expiring at 01:00 UTC on 1 January expires on 31 December in Pacific time', () => {
    expect(pacificDate(new Date('2027-01-01T01:00:00Z'))).toBe('2026-12-31');
  });

  it('one email per address, the first (the locum’s own) kept', () => {
    const list = distinctRecipients([
      { email: 'lou@example.com', who: 'locum' },
      { email: 'LOU@example.com ', who: 'admin copy' },
      { email: 'ada@example.com', who: 'admin' },
    ]);
    expect(list.map((r) => r.who)).toEqual(['locum', 'admin']);
  });
});
