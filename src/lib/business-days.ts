import { pacificDate, pacificOffsetMinutes } from './pacific';

// Business days in British Columbia, for queue ageing (SPEC §10: amber > 5, red > 7).
//
// Decisions:
// - Calendar days are read in America/Vancouver: a worksite submitted at 23:30 Pacific on a
//   Friday was submitted on Friday, whatever the UTC date says.
// - Statutory holidays are the eleven BC ones (Employment Standards Act). When one falls on a
//   Saturday or Sunday, the following weekday is the day off (as the BC public service
//   observes it); should that weekday already be a holiday, the next free weekday is.
// - "Business days elapsed" counts business days after the start date, up to and including the
//   end date: submitted Friday and looked at on Monday is 1, whatever the hour.

const DAY_MS = 86_400_000;

export type Holiday = { date: string; name: string }; // date: YYYY-MM-DD

// A calendar day as whole days since 1970-01-01, so weekdays and steps are plain arithmetic.
const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;
const weekday = (day: number) => new Date(day * DAY_MS).getUTCDay(); // 0 Sunday … 6 Saturday
const isWeekend = (day: number) => weekday(day) === 0 || weekday(day) === 6;
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The nth (1-based) given weekday of a month, e.g. the 3rd Monday of February. */
function nthWeekday(y: number, m: number, dow: number, n: number): number {
  const first = dayNumber(y, m, 1);
  return first + ((dow - weekday(first) + 7) % 7) + (n - 1) * 7;
}

/** Easter Sunday (anonymous Gregorian computus, Meeus/Jones/Butcher). */
export function easterSunday(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoOf(dayNumber(y, month, day));
}

function statutoryDays(y: number): { day: number; name: string }[] {
  const easter = Date.parse(`${easterSunday(y)}T00:00:00Z`) / DAY_MS;
  const may25 = dayNumber(y, 5, 25);
  return [
    { day: dayNumber(y, 1, 1), name: "New Year's Day" },
    { day: nthWeekday(y, 2, 1, 3), name: 'Family Day' },
    { day: easter - 2, name: 'Good Friday' },
    // The Monday before May 25 (May 18–24).
    { day: may25 - ((weekday(may25) - 1 + 7) % 7 || 7), name: 'Victoria Day' },
    { day: dayNumber(y, 7, 1), name: 'Canada Day' },
    { day: nthWeekday(y, 8, 1, 1), name: 'B.C. Day' },
    { day: nthWeekday(y, 9, 1, 1), name: 'Labour Day' },
    { day: dayNumber(y, 9, 30), name: 'National Day for Truth and Reconciliation' },
    { day: nthWeekday(y, 10, 1, 2), name: 'Thanksgiving Day' },
    { day: dayNumber(y, 11, 11), name: 'Remembrance Day' },
    { day: dayNumber(y, 12, 25), name: 'Christmas Day' },
  ];
}

const cache = new Map<number, Map<number, string>>();

/** Day off → holiday name, weekend holidays moved to the following free weekday. */
function daysOff(y: number): Map<number, string> {
  let off = cache.get(y);
  if (off) return off;
  off = new Map();
  for (const h of statutoryDays(y)) {
    let day = h.day;
    while (isWeekend(day) || off.has(day)) day++;
    off.set(day, h.day === day ? h.name : `${h.name} (observed)`);
  }
  cache.set(y, off);
  return off;
}

/** The days off for BC statutory holidays in a year, in date order. */
export function bcHolidays(y: number): Holiday[] {
  return [...daysOff(y)]
    .sort(([a], [b]) => a - b)
    .map(([day, name]) => ({ date: isoOf(day), name }));
}

/** The Pacific calendar day of an instant. */
function pacificDay(d: Date): number {
  const s = pacificDate(d);
  return dayNumber(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

export { pacificDate };

const yearOf = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
const isBusinessDayNumber = (day: number) => !isWeekend(day) && !daysOff(yearOf(day)).has(day);

/** True on a weekday that is not a BC statutory holiday (or its observed day), in Pacific time. */
export const isBusinessDay = (d: Date) => isBusinessDayNumber(pacificDay(d));

/** Weekdays among the days after `a` up to and including `b` (a <= b). */
function weekdaysAfter(a: number, b: number): number {
  const days = b - a;
  let n = Math.floor(days / 7) * 5; // every whole week has five
  for (let day = a + 1 + Math.floor(days / 7) * 7; day <= b; day++) if (!isWeekend(day)) n++;
  return n;
}

/** Whole business days elapsed from `from` to `to` (negative when `to` is earlier; never -0). */
export function businessDaysBetween(from: Date, to: Date): number {
  const a = pacificDay(from);
  const b = pacificDay(to);
  if (b < a) return 0 - businessDaysBetween(to, from) || 0;
  // Arithmetic rather than a walk over every day: the team's lists and exports age thousands
  // of rows at once. Days off always fall on weekdays (weekend holidays move to one).
  let n = weekdaysAfter(a, b);
  for (let y = yearOf(a + 1); y <= yearOf(b); y++)
    for (const day of daysOff(y).keys()) if (day > a && day <= b && yearOf(day) === y) n--;
  return n;
}

/**
 * How long something has waited, in business days. A start after `now` (a row stamped by an
 * instance whose clock runs slightly ahead) has waited 0 days, never a negative number.
 */
export const businessAge = (since: Date, now: Date): number => Math.max(0, businessDaysBetween(since, now));

/**
 * The instant `n` business days after `date` (before it when n < 0), at the same Pacific wall
 * time, so that `businessDaysBetween(date, addBusinessDays(date, n)) === n` from any instant.
 * From a weekend or holiday, the first business day after it is day 1; going back from one,
 * 1 business day ago is the business day before the last one that has elapsed (on a Sunday,
 * Thursday: Friday has elapsed since then, Saturday and Sunday are not counted).
 */
export function addBusinessDays(date: Date, n: number): Date {
  if (!Number.isInteger(n)) throw new Error('addBusinessDays needs a whole number of days');
  const start = pacificDay(date);
  let day = start;
  if (n > 0) {
    for (let left = n; left > 0;) if (isBusinessDayNumber(++day)) left--;
  } else if (n < 0) {
    // (result, start] must hold exactly |n| business days: walk back to the earliest of them,
    // then to the business day before it.
    let left = -n - (isBusinessDayNumber(day) ? 1 : 0);
    while (left > 0) if (isBusinessDayNumber(--day)) left--;
    do day--;
    while (!isBusinessDayNumber(day));
  }
  const shifted = new Date(date.getTime() + (day - start) * DAY_MS);
  // Across a daylight-saving change the same wall time is an hour away from 24 h × days.
  return new Date(shifted.getTime() + (pacificOffsetMinutes(date) - pacificOffsetMinutes(shifted)) * 60_000);
}

export type AgeTone = 'normal' | 'amber' | 'red';

/** Queue ageing (SPEC §10): amber after 5 business days, red after 7. */
export const ageTone = (days: number): AgeTone =>
  days > 7 ? 'red' : days > 5 ? 'amber' : 'normal';

/** The age in words, so the tone never relies on colour alone: "6 business days — overdue". */
export function ageText(days: number): string {
  const base = `${days} business ${days === 1 ? 'day' : 'days'}`;
  const tone = ageTone(days);
  return tone === 'red' ? `${base} — long overdue` : tone === 'amber' ? `${base} — overdue` : base;
}
