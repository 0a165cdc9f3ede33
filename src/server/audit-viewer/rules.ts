// Pure helpers for the audit viewer: page size, cursors and Pacific-day bounds.
import { pacificDate, pacificHour } from '@/lib/pacific';

export const AUDIT_PAGE_SIZE = 50;

/** Cursors are the last id shown; anything else is ignored rather than trusted. */
export function parseCursor(v: string | null | undefined): bigint | null {
  return v && /^[1-9][0-9]{0,18}$/.test(v) ? BigInt(v) : null;
}

/** Midnight at the start of a YYYY-MM-DD day in British Columbia, whichever offset applies. */
export function pacificDayStart(day: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  for (const offset of ['-08:00', '-07:00']) {
    const d = new Date(`${day}T00:00:00${offset}`);
    if (Number.isNaN(d.getTime())) return null;
    if (pacificHour(d) === 0) return d;
  }
  return null;
}

/** The first instant after a Pacific day, so "to" includes the whole day. */
export function pacificDayEnd(day: string): Date | null {
  const start = pacificDayStart(day);
  if (!start) return null;
  const next = new Date(start.getTime() + 26 * 3600_000); // always lands on the next day
  return pacificDayStart(pacificDate(next));
}

/** A chain head as people compare it by eye: the first 12 hex digits. */
export const shortHash = (hash: string) => `${hash.slice(0, 12)}…`;

/** How long the oldest unsealed row has waited, in words. */
export const unsealedAgeText = (seconds: number) =>
  seconds <= 0 ? 'Nothing is waiting to be sealed' : `The oldest unsealed event has waited ${seconds} s`;
