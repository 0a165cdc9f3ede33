import type { MembershipStatus, PersonStatus, WorksiteStatus } from '@/generated/prisma/enums';

// Who can still administer a worksite, and what the team is asked before suspending the last
// one (SPEC §9 "a worksite always has at least one active site admin"; docs/decisions/020).
// Pure: no I/O, no clock.

/** Worksites that must keep an active site admin: all but closed and declined ones, the same
 * statuses the database trigger on memberships guards. */
export const SITE_ADMIN_REQUIRED: readonly WorksiteStatus[] = [
  'INTAKE_SUBMITTED',
  'AWAITING_DECLARATION',
  'DECLARATION_SUBMITTED',
  'CHANGES_REQUESTED',
  'ACTIVE',
  'SUSPENDED',
];

export type SiteAdminSeat = { personId: string; isSiteAdmin: boolean; status: MembershipStatus; personStatus: PersonStatus };

/**
 * An active site admin holds the role on an active membership *and* is an active person. A
 * suspended (or inactive) person keeps their membership row, role and all, but cannot sign in,
 * so they administer nothing until reinstated.
 */
export const isActiveSiteAdmin = (s: SiteAdminSeat): boolean =>
  s.isSiteAdmin && s.status === 'ACTIVE' && s.personStatus === 'ACTIVE';

export type OrphanedWorksite = { id: string; worksiteCode: string; operatingName: string };
export type WorksiteSeats = OrphanedWorksite & { status: WorksiteStatus; seats: readonly SiteAdminSeat[] };

/** The worksites that would have no active site admin once `personId` stops being active. */
export function worksitesLeftWithoutSiteAdmin(personId: string, worksites: readonly WorksiteSeats[]): OrphanedWorksite[] {
  return worksites
    .filter(
      (w) =>
        SITE_ADMIN_REQUIRED.includes(w.status) &&
        w.seats.some((s) => s.personId === personId && isActiveSiteAdmin(s)) &&
        !w.seats.some((s) => s.personId !== personId && isActiveSiteAdmin(s)),
    )
    .map(({ id, worksiteCode, operatingName }) => ({ id, worksiteCode, operatingName }));
}

/** The refusal code that asks the team member to confirm. */
export const LAST_SITE_ADMIN_CONFIRM = 'LAST_SITE_ADMIN_CONFIRM';

const listed = (names: string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** What the team member reads before confirming a suspension that leaves worksites without an admin. */
export function lastSiteAdminQuestion(personName: string, worksites: readonly OrphanedWorksite[]): string {
  const where = listed(worksites.map((w) => `${w.operatingName} (${w.worksiteCode})`));
  const it = worksites.length > 1 ? 'them' : 'it';
  return `${personName} is the only site administrator of ${where}; after suspension nobody can administer ${it}. Suspend anyway?`;
}
