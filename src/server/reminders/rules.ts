// Reminder rules (SPEC §16): pure, no clock, no I/O. Dates are Pacific calendar dates, YYYY-MM-DD.
//
// Decisions (docs/decisions/029-reminders.md):
// - Everything a reminder is about has an "end": the first Pacific day it no longer counts. A
//   reminder "N days before" is due from the start of the Pacific day N days before that end.
// - A scheduler that was down catches up with the latest due threshold only: one email that says
//   how many days are really left, never a burst of stale ones.
// - Nothing is sent on or after the end: from then on the refusal itself tells the person.

export type ReminderKind = 'hpcaa-expiring' | 'locum-ending' | 'viewer-password-expiring' | 'agreement-awaiting';

/** Days before the end at which each kind reminds, largest first. */
export const THRESHOLDS: Record<ReminderKind, readonly number[]> = {
  'hpcaa-expiring': [30, 14, 7, 1],
  'locum-ending': [7],
  'viewer-password-expiring': [14, 7, 1],
  'agreement-awaiting': [7, 1],
};

const DAY_MS = 86_400_000;
const utcDay = (date: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Not a calendar date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
};

/** The calendar date `n` days after `date` (before, when negative). */
export const addDays = (date: string, n: number): string => new Date((utcDay(date) + n) * DAY_MS).toISOString().slice(0, 10);

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysFrom = (from: string, to: string): number => utcDay(to) - utcDay(from);

export type DueReminder = { threshold: number; dueOn: string; daysLeft: number };

/**
 * The reminder due on Pacific day `today` for something that ends on `endsOn`: the smallest
 * threshold whose day has come (the latest one), or null before the first or from the end on.
 */
export function dueReminder(thresholds: readonly number[], endsOn: string, today: string): DueReminder | null {
  const daysLeft = daysFrom(today, endsOn);
  if (daysLeft <= 0) return null;
  const reached = thresholds.filter((t) => t >= daysLeft);
  if (reached.length === 0) return null;
  const threshold = Math.min(...reached);
  return { threshold, dueOn: addDays(endsOn, -threshold), daysLeft };
}

/** A locum's end date is the last day that counts, so it ends the day after. */
export const locumEndsOn = (lastDay: string): string => addDays(lastDay, 1);

/** "in 1 day", "in 14 days", "tomorrow" reads oddly for a deadline; keep it plain. */
export const inDays = (n: number): string => (n === 1 ? 'in 1 day' : `in ${n} days`);

/** One email per address: a locum who is also a site admin of the worksite gets one copy. */
export function distinctRecipients<T extends { email: string }>(list: readonly T[]): T[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = r.email.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
