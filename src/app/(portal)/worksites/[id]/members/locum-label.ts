import type { MembershipStatus } from '@/generated/prisma/client';
import { longCalendarDate, pacificLongDate } from '@/server/agreements/rules';
import { isPastEndDate } from '@/server/sponsorships/rules';

/**
 * "Locum until …" while a locum counts, "Locum ended …" once it does not: after the end date
 * (computed here, as the access API does, with no job) or when a site admin ended it early.
 */
export function locumLabel(
  m: { isLocum: boolean; locumEndDate: string | null; status: MembershipStatus; statusChangedAt: Date },
  now: Date,
): string | null {
  if (!m.isLocum) return null;
  const end = m.locumEndDate;
  if (end && isPastEndDate(new Date(`${end}T00:00:00Z`), now))
    return `Locum ended ${longCalendarDate(end)}`;
  if (m.status === 'ENDED') return `Locum ended ${pacificLongDate(m.statusChangedAt)}`;
  return end ? `Locum until ${longCalendarDate(end)}` : 'Locum';
}
