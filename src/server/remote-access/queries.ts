import 'server-only';
import type { GrantRequestStatus, MembershipStatus, Prisma } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { can, requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';
import { membershipStatusLabel } from '../memberships/rules';
import { mayActOn, worksitesOf, type StaffCaller } from '../decisions';
import { professionLabel } from '../professions/rules';
import { effectiveStatusOf } from '../sponsorships/queries';
import { memberOf } from '../worksites/access';
import { REMOTE_ACCESS_STATUS_LABEL, remoteAccessEligibility } from './rules';

export type RemoteAccessRow = {
  id: string;
  status: GrantRequestStatus;
  statusLabel: string;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
};

export type RemoteAccessPage = {
  worksite: { id: string; operatingName: string; worksiteCode: string };
  membershipId: string;
  effectiveStatus: MembershipStatus;
  effectiveStatusLabel: string;
  canRequest: boolean;
  refusal: string | null; // why not, in plain words
  requests: RemoteAccessRow[];
};

/** The person's remote access at one worksite; null when they are not a member there. */
export async function remoteAccessPage(viewer: Subject, worksiteId: string): Promise<RemoteAccessPage | null> {
  if (!can(viewer, 'worksite.read', { worksiteId })) return null;
  const personId = viewer.id;
  const client = db();
  const m = await memberOf(client, personId, worksiteId);
  if (!m) return null;
  const [worksite, enrolment, eff, requests] = await Promise.all([
    client.worksite.findUniqueOrThrow({ where: { id: worksiteId } }),
    client.enrolment.findUnique({ where: { personId } }),
    effectiveStatusOf(client, m.id),
    client.remoteAccessRequest.findMany({
      where: { membershipId: m.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    }),
  ]);
  const effectiveStatus = eff?.status ?? m.status;
  const open = requests.find((r) => r.status === 'REQUESTED' || r.status === 'APPROVED');
  const e = remoteAccessEligibility({
    profession: enrolment?.profession,
    effectiveStatus,
    openRequest: open?.status ?? null,
  });
  return {
    worksite: { id: worksite.id, operatingName: worksite.operatingName, worksiteCode: worksite.worksiteCode },
    membershipId: m.id,
    effectiveStatus,
    effectiveStatusLabel: membershipStatusLabel(effectiveStatus),
    canRequest: e.ok,
    refusal: e.ok ? null : e.reason,
    requests: requests.map((r) => ({
      id: r.id,
      status: r.status,
      statusLabel: REMOTE_ACCESS_STATUS_LABEL[r.status],
      requestedAt: r.createdAt,
      decidedAt: r.decidedAt,
      decisionReason: r.decisionReason,
    })),
  };
}

export type TeamRemoteAccessRow = RemoteAccessRow & {
  personName: string;
  profession: string | null;
  worksiteId: string;
  worksiteName: string;
  worksiteCode: string;
  membershipStatus: MembershipStatus;
  decidedByName: string | null;
  assignee: { id: string; name: string } | null;
  /** The viewer may assign it to themselves or unassign it. */
  mayAssign: boolean;
};

/**
 * What the remote-access page shows of the listed requests (the rows, their order and paging
 * come from the work list), by id.
 */
export async function remoteAccessListDetails(viewer: StaffCaller | null, ids: string[]): Promise<TeamRemoteAccessRow[]> {
  return teamRows(viewer, { where: { id: { in: ids } } });
}

/** The latest decisions, newest first: a history, not a queue, so not part of the work list. */
export async function recentRemoteAccessDecisions(viewer: StaffCaller | null): Promise<TeamRemoteAccessRow[]> {
  return teamRows(viewer, { where: { status: { in: ['APPROVED', 'DECLINED'] } }, orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }], take: 50 });
}

async function teamRows(
  viewer: StaffCaller | null,
  q: Pick<Prisma.RemoteAccessRequestFindManyArgs, 'where' | 'orderBy' | 'take'>,
): Promise<TeamRemoteAccessRow[]> {
  requireCapability(viewer, 'team.queue.read');
  const [rows, viewerWorksites] = await Promise.all([
    db().remoteAccessRequest.findMany({
      ...q,
      include: { membership: { include: { worksite: true, person: { include: { enrolment: true } } } } },
    }),
    worksitesOf(db(), viewer.id),
  ]);
  // Deciders and assignees, named in one read.
  const deciderIds = [...new Set(rows.flatMap((r) => [r.decidedById, r.assignedToId]).filter((v): v is string => !!v))];
  const deciders = deciderIds.length
    ? await db().person.findMany({ where: { id: { in: deciderIds } } })
    : [];
  const nameOf = new Map(deciders.map((d) => [d.id, displayName(d)]));
  return rows.map((r) => {
    const m = r.membership;
    const prof = m.person.enrolment?.profession;
    return {
      id: r.id,
      status: r.status,
      statusLabel: REMOTE_ACCESS_STATUS_LABEL[r.status],
      requestedAt: r.createdAt,
      decidedAt: r.decidedAt,
      decisionReason: r.decisionReason,
      personName: displayName(m.person),
      profession: prof ? professionLabel(prof) : null,
      worksiteId: m.worksiteId,
      worksiteName: m.worksite.operatingName,
      worksiteCode: m.worksite.worksiteCode,
      membershipStatus: m.status,
      decidedByName: r.decidedById ? (nameOf.get(r.decidedById) ?? null) : null,
      assignee: r.assignedToId ? { id: r.assignedToId, name: nameOf.get(r.assignedToId) ?? 'Unknown person' } : null,
      mayAssign: mayActOn(viewer, 'team.assign', m, viewerWorksites),
    };
  });
}
