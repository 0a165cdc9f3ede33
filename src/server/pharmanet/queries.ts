import 'server-only';
import type { GrantRequestStatus, Prisma, WorksiteStatus } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { can, requireCapability, type Subject } from '../authz/guard';
import { db, type Tx } from '../db';
import { mayActOn, worksitesOf, type Parties, type StaffCaller } from '../decisions';
import { professionLabel } from '../professions/rules';
import { effectiveStatusOf } from '../sponsorships/queries';
import { actorFor, memberOf } from '../worksites/access';
import { isOpen, PHARMANET_STATUS_LABEL, userRequestEligibility, worksiteRequestEligibility } from './rules';

/**
 * Whether this membership holds PharmaNet access: its worksite is PharmaNet-enabled and the
 * person's own request there was approved. The access decision reads it; one query.
 */
export async function pharmanetGranted(tx: Pick<Tx, 'pharmanetUserRequest'>, membershipId: string): Promise<boolean> {
  const hit = await tx.pharmanetUserRequest.findFirst({
    where: { membershipId, status: 'APPROVED', membership: { worksite: { pharmanetEnabled: true } } },
    select: { id: true },
  });
  return hit !== null;
}

export type PharmanetRow = {
  id: string;
  status: GrantRequestStatus;
  statusLabel: string;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
};

const row = (r: {
  id: string;
  status: GrantRequestStatus;
  createdAt: Date;
  decidedAt: Date | null;
  decisionReason: string | null;
}): PharmanetRow => ({
  id: r.id,
  status: r.status,
  statusLabel: PHARMANET_STATUS_LABEL[r.status],
  requestedAt: r.createdAt,
  decidedAt: r.decidedAt,
  decisionReason: r.decisionReason,
});

export type WorksitePharmanetPage = {
  worksite: { id: string; operatingName: string; worksiteCode: string; status: WorksiteStatus; pharmanetEnabled: boolean };
  isSiteAdmin: boolean;
  /** Only for site admins: the worksite's own requests. */
  siteRequest: { canRequest: boolean; refusal: string | null; requests: PharmanetRow[] } | null;
  me: { isPharmacist: boolean; canRequest: boolean; refusal: string | null; requests: PharmanetRow[] };
};

/** The PharmaNet page of one worksite for one of its members; null when they are not a member. */
export async function worksitePharmanet(viewer: Subject, worksiteId: string): Promise<WorksitePharmanetPage | null> {
  if (!can(viewer, 'worksite.read', { worksiteId })) return null;
  const personId = viewer.id;
  const client = db();
  const m = await memberOf(client, personId, worksiteId);
  if (!m) return null;
  const isSiteAdmin = actorFor(m) === 'SITE_ADMIN';
  const [worksite, enrolment, eff, mine, theirs] = await Promise.all([
    client.worksite.findUniqueOrThrow({ where: { id: worksiteId } }),
    client.enrolment.findUnique({ where: { personId } }),
    effectiveStatusOf(client, m.id),
    client.pharmanetUserRequest.findMany({ where: { membershipId: m.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
    isSiteAdmin
      ? client.pharmanetWorksiteRequest.findMany({ where: { worksiteId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
      : Promise.resolve([]),
  ]);
  const profession =
    enrolment?.status === 'APPROVED' || enrolment?.profession === 'PHARMACIST' ? enrolment.profession : null;
  const mine_ = userRequestEligibility({
    profession,
    membershipStatus: eff?.status ?? m.status,
    worksiteStatus: worksite.status,
    pharmanetEnabled: worksite.pharmanetEnabled,
    openRequest: mine.find((r) => isOpen(r.status))?.status ?? null,
  });
  const site = isSiteAdmin
    ? worksiteRequestEligibility({
        isSiteAdmin,
        worksiteStatus: worksite.status,
        pharmanetEnabled: worksite.pharmanetEnabled,
        openRequest: theirs.find((r) => isOpen(r.status))?.status ?? null,
      })
    : null;
  return {
    worksite: {
      id: worksite.id,
      operatingName: worksite.operatingName,
      worksiteCode: worksite.worksiteCode,
      status: worksite.status,
      pharmanetEnabled: worksite.pharmanetEnabled,
    },
    isSiteAdmin,
    siteRequest: site
      ? { canRequest: site.ok, refusal: site.ok ? null : site.reason, requests: theirs.map(row) }
      : null,
    me: {
      isPharmacist: enrolment?.profession === 'PHARMACIST',
      canRequest: mine_.ok,
      refusal: mine_.ok ? null : mine_.reason,
      requests: mine.map(row),
    },
  };
}

export type TeamPharmanetRow = PharmanetRow & {
  kind: 'WORKSITE' | 'USER';
  /** The person asking (the site admin for a worksite request). */
  personName: string;
  profession: string | null;
  worksiteId: string;
  worksiteName: string;
  worksiteCode: string;
  decidedByName: string | null;
  assignee: { id: string; name: string } | null;
  /** The viewer may assign it to themselves or unassign it. */
  mayAssign: boolean;
};

type Find<A extends { where?: unknown; orderBy?: unknown; take?: number }> = Pick<A, 'where' | 'orderBy' | 'take'>;
const DECIDED: GrantRequestStatus[] = ['APPROVED', 'DECLINED', 'REVOKED'];

// The PharmaNet page lists the work list's rows (their order and paging); these add what the
// page shows of them, by id.

/** What the page shows of the listed worksite requests. */
export async function pharmanetWorksiteListDetails(viewer: StaffCaller | null, ids: string[]): Promise<TeamPharmanetRow[]> {
  return (await teamRows(viewer, { where: { id: { in: ids } } }, null)).worksites;
}

/** What the page shows of the listed personal requests. */
export async function pharmanetUserListDetails(viewer: StaffCaller | null, ids: string[]): Promise<TeamPharmanetRow[]> {
  return (await teamRows(viewer, null, { where: { id: { in: ids } } })).users;
}

/** The latest decisions of both kinds, newest first: a history, not a queue. */
export async function recentPharmanetDecisions(viewer: StaffCaller | null): Promise<TeamPharmanetRow[]> {
  const latest = { where: { status: { in: DECIDED } }, orderBy: [{ decidedAt: 'desc' as const }, { id: 'desc' as const }], take: 50 };
  const { worksites, users } = await teamRows(viewer, latest, latest);
  return [...worksites, ...users].sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0)).slice(0, 50);
}

async function teamRows(
  viewer: StaffCaller | null,
  w: Find<Prisma.PharmanetWorksiteRequestFindManyArgs> | null,
  u: Find<Prisma.PharmanetUserRequestFindManyArgs> | null,
): Promise<{ worksites: TeamPharmanetRow[]; users: TeamPharmanetRow[] }> {
  requireCapability(viewer, 'team.queue.read');
  const client = db();
  const [wOpen, uOpen, viewerWorksites] = await Promise.all([
    w ? client.pharmanetWorksiteRequest.findMany({ ...w, include: { worksite: true } }) : [],
    u
      ? client.pharmanetUserRequest.findMany({
          ...u,
          include: { membership: { include: { worksite: true, person: { include: { enrolment: true } } } } },
        })
      : [],
    worksitesOf(client, viewer.id),
  ]);
  const ids = new Set<string>();
  for (const r of wOpen) ids.add(r.requestedById);
  for (const r of [...wOpen, ...uOpen]) for (const id of [r.decidedById, r.assignedToId]) if (id) ids.add(id);
  const people = ids.size ? await client.person.findMany({ where: { id: { in: [...ids] } } }) : [];
  const nameOf = new Map(people.map((p) => [p.id, displayName(p)]));

  // The same parties the assignment service checks: the worksite, and for a user request the person too.
  const assignment = (r: { assignedToId: string | null }, parties: Parties) => ({
    assignee: r.assignedToId ? { id: r.assignedToId, name: nameOf.get(r.assignedToId) ?? 'Unknown person' } : null,
    mayAssign: mayActOn(viewer, 'team.assign', parties, viewerWorksites),
  });

  type W = (typeof wOpen)[number];
  type U = (typeof uOpen)[number];
  const fromWorksite = (r: W): TeamPharmanetRow => ({
    ...row(r),
    kind: 'WORKSITE',
    personName: nameOf.get(r.requestedById) ?? '—',
    profession: null,
    worksiteId: r.worksiteId,
    worksiteName: r.worksite.operatingName,
    worksiteCode: r.worksite.worksiteCode,
    decidedByName: r.decidedById ? (nameOf.get(r.decidedById) ?? null) : null,
    ...assignment(r, { worksiteId: r.worksiteId }),
  });
  const fromUser = (r: U): TeamPharmanetRow => {
    const prof = r.membership.person.enrolment?.profession;
    return {
      ...row(r),
      kind: 'USER',
      personName: displayName(r.membership.person),
      profession: prof ? professionLabel(prof) : null,
      worksiteId: r.membership.worksiteId,
      worksiteName: r.membership.worksite.operatingName,
      worksiteCode: r.membership.worksite.worksiteCode,
      decidedByName: r.decidedById ? (nameOf.get(r.decidedById) ?? null) : null,
      ...assignment(r, r.membership),
    };
  };
  return { worksites: wOpen.map(fromWorksite), users: uOpen.map(fromUser) };
}
