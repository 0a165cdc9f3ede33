// Pacific time: the program is in British Columbia, so people read dates and times, and rules
// count calendar days, in America/Vancouver (-8 h, or -7 h in daylight time). Every date or time
// a person reads, and every "which Pacific day is it", goes through this module.

export const PACIFIC_TIME_ZONE = 'America/Vancouver';

const format = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: PACIFIC_TIME_ZONE, ...options });

const partsOf = (f: Intl.DateTimeFormat, d: Date) =>
  Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value])) as Record<
    Intl.DateTimeFormatPartTypes,
    string
  >;

const ymd = format({ year: 'numeric', month: '2-digit', day: '2-digit' });
const wall = format({
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const clockTime = format({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const longDate = format({ dateStyle: 'long' });
// A calendar date stored as UTC noon reads the same day in any zone.
const calendarLongDate = new Intl.DateTimeFormat('en-CA', { dateStyle: 'long', timeZone: 'UTC' });
const fullDate = format({ dateStyle: 'full' });
const mediumDate = format({ dateStyle: 'medium' });
const weekdayDate = format({ weekday: 'long', month: 'long', day: 'numeric' });
const longDateTime = format({ dateStyle: 'long', timeStyle: 'short' });
const mediumDateTime = format({ dateStyle: 'medium', timeStyle: 'short' });

// ───────────────────────── What people read ─────────────────────────

/** The Pacific calendar date of an instant, YYYY-MM-DD ("today" where the clinics are). */
export function pacificDate(d: Date): string {
  // en-CA writes YYYY-MM-DD, and format() is several times faster than formatToParts (queues age
  // thousands of rows); the parts are the fallback should the locale data ever write it otherwise.
  const s = ymd.format(d);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const p = partsOf(ymd, d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "November 22, 2026". */
export const pacificLongDate = (d: Date) => longDate.format(d);

/** A YYYY-MM-DD calendar date as people read it ("November 22, 2027"), whatever the zone. */
export const longCalendarDate = (date: string) =>
  calendarLongDate.format(new Date(`${date}T12:00:00Z`));

/** "Sunday, November 22, 2026". */
export const pacificFullDate = (d: Date) => fullDate.format(d);

/** "Nov 22, 2026". */
export const pacificMediumDate = (d: Date) => mediumDate.format(d);

/** "Tuesday, December 8" (no year: for a day close to today). */
export const pacificWeekdayDate = (d: Date) => weekdayDate.format(d);

/** "14:05". */
export const pacificClock = (d: Date) => clockTime.format(d);

/** "November 22, 2026 at 2:05 p.m.". */
export const pacificDateTime = (d: Date) => longDateTime.format(d);

/** "Nov 22, 2026, 2:05 p.m. Pacific", for dense tables. */
export const pacificMediumDateTime = (d: Date) => `${mediumDateTime.format(d)} Pacific`;

/** "2026-11-22 14:05 Pacific time": sortable, to the minute. */
export const pacificMinute = (d: Date) => `${pacificDate(d)} ${pacificClock(d)} Pacific time`;

// ───────────────────────── Calendar arithmetic ─────────────────────────

/** The Pacific wall-clock hour of an instant, 0–23. */
export const pacificHour = (d: Date) => Number(partsOf(wall, d).hour);

/** The offset of Pacific time from UTC at an instant, in minutes (-480 or -420). */
export function pacificOffsetMinutes(d: Date): number {
  const p = partsOf(wall, d);
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/** The instant `days` Pacific calendar days later at the same wall-clock time (a day across a
 * daylight-time switch is 23 or 25 hours long). */
export function addPacificDays(at: Date, days: number): Date {
  const naive = new Date(at.getTime() + days * 86_400_000);
  return new Date(
    naive.getTime() + (pacificOffsetMinutes(at) - pacificOffsetMinutes(naive)) * 60_000,
  );
}

/** Midnight Pacific at the start of a YYYY-MM-DD calendar date. */
export function startOfPacificDate(date: string): Date {
  const utcMidnight = new Date(`${date}T00:00:00Z`);
  // Midnight is never inside a daylight-time switch (they happen at 02:00), so one correction does.
  const guess = new Date(utcMidnight.getTime() - pacificOffsetMinutes(utcMidnight) * 60_000);
  return new Date(utcMidnight.getTime() - pacificOffsetMinutes(guess) * 60_000);
}
