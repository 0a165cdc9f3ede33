import 'server-only';
import type { EnrolmentStatus, MembershipStatus, Profession } from '@/generated/prisma/client';
import { businessAge } from '@/lib/business-days';
import { clock } from '@/lib/clock';
import { displayName } from '@/lib/names';
import { can, type Subject } from '../authz/guard';
import { db, type Tx } from '../db';
import { actorFor, memberOf } from '../worksites/access';
import { effectiveMembership, mayBeSponsor, sponsorWait, sponsorWaitText, type SponsorWait } from './rules';

// Why on-behalf-of memberships wait for a sponsor (SPEC §8), for several memberships at once:
// the team's work list, the site admin's members page and the person's dashboard.

type Reader = Pick<Tx, 'sponsorship' | 'membership'>;
type Candidate = {
  status: MembershipStatus;
  kind: 'INDEPENDENT' | 'ON_BEHALF_OF';
  isLocum: boolean;
  locumEndDate: Date | null;
  person: { enrolment: { profession: Profession | null; residencyEnd: Date | null; status: EnrolmentStatus } | null };
};
const withEnrolment = {
  person: { include: { enrolment: { select: { profession: true, residencyEnd: true, status: true } } } },
} as const;

// The same test as the sponsor page's authorizer list: policy, enrolment and effective status.
function qualifies(m: Candidate, now: Date) {
  const e = m.person.enrolment;
  const { status } = effectiveMembership({ membership: m, enrolment: e, activeSponsorships: 0, now });
  return mayBeSponsor({ profession: e?.profession, enrolmentStatus: e?.status, membershipStatus: status });
}

/** The reason each membership waits, in two queries whatever their number. */
export async function sponsorWaits(
  tx: Reader,
  memberships: readonly { id: string; personId: string; worksiteId: string }[],
  now = clock.now(),
): Promise<Map<string, SponsorWait>> {
  if (memberships.length === 0) return new Map();
  const [sponsors, requests] = await Promise.all([
    tx.membership.findMany({
      where: { worksiteId: { in: [...new Set(memberships.map((m) => m.worksiteId))] }, status: 'ACTIVE', person: { enrolment: { status: 'APPROVED' } } },
      include: withEnrolment,
    }),
    tx.sponsorship.findMany({
      where: { oboMembershipId: { in: memberships.map((m) => m.id) }, status: 'REQUESTED' },
      include: { sponsorMembership: { include: withEnrolment } },
    }),
  ]);
  const able = sponsors.filter((s) => qualifies(s, now));
  return new Map(
    memberships.map((m) => [
      m.id,
      sponsorWait({
        authorizers: able.filter((s) => s.worksiteId === m.worksiteId && s.personId !== m.personId).length,
        openRequests: requests
          .filter((r) => r.oboMembershipId === m.id)
          .map((r) => ({ at: r.createdAt, sponsorQualifies: qualifies(r.sponsorMembership, now) })),
      }),
    ]),
  );
}

export type WaitingMember = { membershipId: string; name: string; reasonText: string; ageDays: number } & SponsorWait;

/** Members of a worksite waiting for a sponsor, with why, for the members page. Colleagues see
 * the same as the site admin (names and statuses are on that page already). */
export async function waitingForSponsorAt(viewer: Subject, worksiteId: string, now = clock.now()): Promise<WaitingMember[]> {
  if (!can(viewer, 'worksite.members.read', { worksiteId })) return [];
  const client = db();
  if (actorFor(await memberOf(client, viewer.id, worksiteId)) === 'OTHER') return [];
  const rows = await client.membership.findMany({
    where: { worksiteId, kind: 'ON_BEHALF_OF', status: 'PENDING_SPONSOR' },
    include: { person: true },
    orderBy: [{ statusChangedAt: 'asc' }, { id: 'asc' }],
  });
  const waits = await sponsorWaits(client, rows, now);
  return rows.map((m) => {
    const w = waits.get(m.id)!;
    return { membershipId: m.id, name: displayName(m.person), ...w, reasonText: sponsorWaitText(w), ageDays: businessAge(m.statusChangedAt, now) };
  });
}
