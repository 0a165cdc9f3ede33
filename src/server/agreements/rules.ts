// HPCAA policy (SPEC §7 step 4): pure, no clock, no I/O.
//
// Decisions:
// - An acceptance lasts 12 calendar months, counted on the Pacific calendar date it was given:
//   accepted on 22 Nov 2026 → expired from 22 Nov 2027 (Pacific) on. A date that does not exist
//   in the target month (29 Feb) moves to the month's last day.
// - "Superseded" (a newer version is published) wins over "expired": the person must read the
//   new text either way, and the notice should say that the text changed.

export type HpcaaState = 'accepted' | 'missing' | 'expired' | 'superseded';

export type HpcaaAcceptanceRef = { versionNumber: number; acceptedAt: Date };

export const HPCAA_VALID_MONTHS = 12;
const TIME_ZONE = 'America/Vancouver';

const ymd = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Pacific calendar date of an instant, YYYY-MM-DD. */
export function pacificDateOf(d: Date): string {
  const p = Object.fromEntries(ymd.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

const longDate = new Intl.DateTimeFormat('en-CA', { dateStyle: 'long', timeZone: TIME_ZONE });

/** "November 22, 2026", in Pacific time. */
export const pacificLongDate = (d: Date) => longDate.format(d);

/** A YYYY-MM-DD calendar date as people read it ("November 22, 2027"). */
export const longCalendarDate = (date: string) =>
  new Intl.DateTimeFormat('en-CA', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));

/** The calendar date `months` later, clamping the day to the target month's length. */
export function addCalendarMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(ty, 4)}-${pad(tm)}-${pad(Math.min(d, last))}`;
}

/** The Pacific date from which an acceptance no longer counts, YYYY-MM-DD. */
export const hpcaaExpiresOn = (acceptedAt: Date): string =>
  addCalendarMonths(pacificDateOf(acceptedAt), HPCAA_VALID_MONTHS);

export function hpcaaState(p: {
  acceptance: HpcaaAcceptanceRef | null;
  currentVersion: number;
  now: Date;
}): HpcaaState {
  if (!p.acceptance) return 'missing';
  if (p.acceptance.versionNumber < p.currentVersion) return 'superseded';
  // ISO dates compare correctly as strings.
  if (pacificDateOf(p.now) >= hpcaaExpiresOn(p.acceptance.acceptedAt)) return 'expired';
  return 'accepted';
}

/** Names compared the way people type them: case, accents' composition and spacing ignored,
 * curly and straight apostrophes the same. */
export function normalizeTypedName(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleLowerCase('en-CA');
}

/** The typed name must be the person's legal name or their preferred (display) name. */
export function typedNameMatches(typed: string, names: readonly string[]): boolean {
  const t = normalizeTypedName(typed);
  return t.length > 0 && names.some((n) => normalizeTypedName(n) === t);
}

export const HPCAA_STATE_LABEL: Record<HpcaaState | 'not-needed', string> = {
  accepted: 'Accepted',
  missing: 'Not accepted yet',
  expired: 'Expired — accept again',
  superseded: 'New version — accept again',
  'not-needed': 'Not needed for this profession',
};
