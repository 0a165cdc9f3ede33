// HPCAA policy (SPEC §7 step 4): pure, no clock, no I/O.
//
// Decisions:
// - An acceptance lasts 12 calendar months, counted on the Pacific calendar date it was given:
//   accepted on 22 Nov 2026 → expired from 22 Nov 2027 (Pacific) on. A date that does not exist
//   in the target month (29 Feb) moves to the month's last day.
// - "Superseded" (the acceptance is older than the required version, SPEC §15) wins over
//   "expired": the person must read the new text either way, and the notice says it changed.
// - A new version is signed from its effective instant; earlier acceptances keep counting until
//   the grace period ends (effective + graceDays Pacific calendar days, same wall-clock time), and
//   forever when the version does not require re-acceptance (docs/decisions/028).

import { addPacificDays, pacificDate } from '@/lib/pacific';

export type HpcaaState = 'accepted' | 'missing' | 'expired' | 'superseded';

export type HpcaaAcceptanceRef = { versionNumber: number; acceptedAt: Date };

export const HPCAA_VALID_MONTHS = 12;
// Pacific days and instants come from the one Pacific-time module; re-exported for the pages.
export { pacificDate as pacificDateOf, pacificLongDate, addPacificDays, startOfPacificDate, longCalendarDate } from '@/lib/pacific';

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
  addCalendarMonths(pacificDate(acceptedAt), HPCAA_VALID_MONTHS);

export function hpcaaState(p: {
  acceptance: HpcaaAcceptanceRef | null;
  /** requiredVersion(versions, now): an acceptance of an older version no longer counts. */
  requiredVersion: number;
  now: Date;
}): HpcaaState {
  if (!p.acceptance) return 'missing';
  if (p.acceptance.versionNumber < p.requiredVersion) return 'superseded';
  // ISO dates compare correctly as strings.
  if (pacificDate(p.now) >= hpcaaExpiresOn(p.acceptance.acceptedAt)) return 'expired';
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
  superseded: 'New version — accept again (access paused)',
  'not-needed': 'Not needed for this profession',
};

// ───────────────────────── Versions (SPEC §15) ─────────────────────────

/** What the rules need to know about a published version (HPCAA or declaration). */
export type VersionTerms = { version: number; effectiveAt: Date; reacceptRequired: boolean; graceDays: number };

export const MAX_GRACE_DAYS = 365;

/** From this instant an acceptance of an earlier version no longer counts. */
export const acceptBy = (v: Pick<VersionTerms, 'effectiveAt' | 'graceDays'>): Date => addPacificDays(v.effectiveAt, v.graceDays);

const newest = <T extends VersionTerms>(vs: readonly T[]): T | null =>
  vs.reduce<T | null>((best, v) => (best === null || v.version > best.version ? v : best), null);

/** The version a new acceptance signs now: the highest in effect (null when none is). */
export const currentVersionOf = <T extends VersionTerms>(versions: readonly T[], now: Date): T | null =>
  newest(versions.filter((v) => v.effectiveAt.getTime() <= now.getTime()));

/** The version number a new acceptance signs now; 0 when none is in effect. */
export const currentVersion = (versions: readonly VersionTerms[], now: Date): number => currentVersionOf(versions, now)?.version ?? 0;

/** The lowest version an acceptance must be of to count now: the highest version that requires
 * re-acceptance and whose grace period is over; 0 when there is none. */
export const requiredVersion = (versions: readonly VersionTerms[], now: Date): number =>
  newest(versions.filter((v) => v.reacceptRequired && acceptBy(v).getTime() <= now.getTime()))?.version ?? 0;

/** The version people who accepted an older one are asked to accept now (in effect and requiring
 * re-acceptance), or null. They keep access until `acceptBy`. */
export const askedVersionOf = <T extends VersionTerms>(versions: readonly T[], now: Date): T | null =>
  newest(versions.filter((v) => v.reacceptRequired && v.effectiveAt.getTime() <= now.getTime()));

export type ReacceptancePrompt = { version: number; effectiveAt: Date; acceptBy: Date; overdue: boolean };

/**
 * What a person who accepted `acceptedVersion` is asked: accept the newest in-effect version that
 * requires it, by its deadline (`overdue` once past it, when access is paused). Null when nothing is
 * asked — including for someone who never accepted (the checklist asks them).
 */
export function reacceptancePrompt(versions: readonly VersionTerms[], acceptedVersion: number | null, now: Date): ReacceptancePrompt | null {
  if (acceptedVersion === null) return null;
  const asked = askedVersionOf(versions, now);
  if (!asked || acceptedVersion >= asked.version) return null;
  const by = acceptBy(asked);
  return { version: asked.version, effectiveAt: asked.effectiveAt, acceptBy: by, overdue: by.getTime() <= now.getTime() };
}

/** The last Pacific date on which accepting keeps access without a break (the day before the
 * deadline when it falls at midnight). */
export const lastDayToAccept = (deadline: Date): string => pacificDate(new Date(deadline.getTime() - 1));

/** An effective date (YYYY-MM-DD, Pacific) may be today or later, never in the past. */
export const effectiveDateInPast = (date: string, now: Date): boolean => date < pacificDate(now);

/** The two numbers the access decision needs from the versions' terms. */
export const hpcaaVersionNumbers = (versions: readonly VersionTerms[], now: Date) => ({
  requiredVersion: requiredVersion(versions, now),
  currentVersion: currentVersion(versions, now),
});

export type AgreementSection = { heading: string | null; paragraphs: string[] };

/** The stored text: sections separated by a blank line, a section's first line its heading. */
export function agreementSections(body: string): AgreementSection[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
    .filter((lines) => lines.length > 0)
    .map((lines) =>
      lines.length > 1 ? { heading: lines[0]!, paragraphs: lines.slice(1) } : { heading: null, paragraphs: lines },
    );
}
