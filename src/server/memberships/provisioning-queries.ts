import 'server-only';
import type { MembershipKind, MembershipStatus } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { can, requireCapability } from '../authz/guard';
import { db } from '../db';
import { mayActOn, worksitesOf } from '../decisions';
import { professionLabel } from '../professions/rules';
import { authorizersAt } from '../sponsorships/queries';
import { NO_AUTHORIZER_FOR_APPROVAL_MESSAGE } from '../sponsorships/rules';
import { membershipKindFor, membershipKindLabel } from './rules';
import {
  NO_SPONSOR_MESSAGE,
  OWN_MEMBERSHIP_MESSAGE,
  OWN_WORKSITE_MESSAGE,
  type StaffCaller,
} from './provisioning-service';
import { clock } from '@/lib/clock';

// What the memberships page shows of the memberships it lists (SPEC §10). The rows, their order,
// ageing and paging are the work list's (src/server/team/queue-queries.ts, domainPage).

export type MembershipQueueRow = {
  id: string;
  membershipId: string;
  status: MembershipStatus; // the page sends it back as expectedStatus
  personName: string;
  profession: string; // "No enrolment yet" when none was submitted
  kind: MembershipKind; // as it will be set up: re-derived from the enrolment now
  kindLabel: string;
  worksiteName: string;
  worksiteCode: string;
  sponsorName: string | null; // on-behalf-of only: the authorizer who agreed to sponsor
  noAuthorizer: boolean; // on-behalf-of at a worksite with no authorizer: cannot be set up
  /** Why this viewer cannot set it up or decline it; null when they can. */
  blockedReason: string | null;
  assignee: { id: string; name: string } | null;
  /** The viewer may assign it to themselves or unassign it. */
  mayAssign: boolean;
};

/** The listed memberships, by id, with what deciding on them needs. */
export async function membershipListDetails(
  viewer: StaffCaller | null,
  ids: string[],
  now: Date = clock.now(),
): Promise<MembershipQueueRow[]> {
  requireCapability(viewer, 'team.queue.read');
  const [found, viewerWorksites] = await Promise.all([
    db().membership.findMany({
      where: { id: { in: ids } },
      include: { person: { include: { enrolment: true } }, worksite: true },
    }),
    worksitesOf(db(), viewer.id),
  ]);
  const mine = new Set(viewerWorksites);
  const kinds = new Map(found.map((m) => [m.id, membershipKindFor(m.person.enrolment)]));
  const obo = found.filter((m) => kinds.get(m.id) === 'ON_BEHALF_OF');

  const sponsorships = obo.length
    ? await db().sponsorship.findMany({
        where: { oboMembershipId: { in: obo.map((m) => m.id) }, status: 'ACTIVE' },
        include: { sponsorMembership: { include: { person: true } } },
        orderBy: { decidedAt: 'asc' },
      })
    : [];
  const sponsorOf = new Map<string, string>();
  for (const s of sponsorships)
    if (!sponsorOf.has(s.oboMembershipId))
      sponsorOf.set(s.oboMembershipId, displayName(s.sponsorMembership.person));

  const assigneeIds = [...new Set(found.map((m) => m.assignedToId).filter((v): v is string => !!v))];
  const assignees = assigneeIds.length ? await db().person.findMany({ where: { id: { in: assigneeIds } } }) : [];
  const assigneeName = new Map(assignees.map((p) => [p.id, displayName(p)]));

  const oboWorksites = [...new Set(obo.map((m) => m.worksiteId))];
  const hasAuthorizer = new Map(
    await Promise.all(
      oboWorksites.map(async (id) => [id, (await authorizersAt(db(), id, now)).length > 0] as const),
    ),
  );
  const isTeam = can(viewer, 'membership.provision');

  const rows = found.map((m): MembershipQueueRow => {
    const kind = kinds.get(m.id)!;
    const e = m.person.enrolment;
    const noAuthorizer = kind === 'ON_BEHALF_OF' && !hasAuthorizer.get(m.worksiteId);
    const sponsorName = kind === 'ON_BEHALF_OF' ? (sponsorOf.get(m.id) ?? null) : null;
    return {
      id: m.id,
      membershipId: m.id,
      status: m.status,
      personName: displayName(m.person),
      profession:
        e?.profession && e.status !== 'DRAFT' ? professionLabel(e.profession) : 'No enrolment yet',
      kind,
      kindLabel: membershipKindLabel(kind),
      worksiteName: m.worksite.operatingName,
      worksiteCode: m.worksite.worksiteCode,
      sponsorName,
      noAuthorizer,
      blockedReason: !isTeam
        ? 'Only the enrolment team can do this.'
        : m.personId === viewer.id
          ? OWN_MEMBERSHIP_MESSAGE
          : mine.has(m.worksiteId)
            ? OWN_WORKSITE_MESSAGE
            : null,
      assignee: m.assignedToId ? { id: m.assignedToId, name: assigneeName.get(m.assignedToId) ?? 'Unknown person' } : null,
      mayAssign: mayActOn(viewer, 'team.assign', m, viewerWorksites),
    };
  });
  return rows;
}

/** Why "Set up access" would be refused for this row, for the page to say before anyone tries. */
export function provisionWarning(r: MembershipQueueRow): string | null {
  if (r.noAuthorizer) return NO_AUTHORIZER_FOR_APPROVAL_MESSAGE;
  if (r.kind === 'ON_BEHALF_OF' && !r.sponsorName) return NO_SPONSOR_MESSAGE;
  return null;
}
