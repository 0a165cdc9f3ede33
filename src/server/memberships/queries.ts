import 'server-only';
import type { MembershipKind, MembershipStatus, WorksiteStatus } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { db } from '../db';
import { can, type Subject } from '../authz/guard';
import {
  invitationState,
  invitationStateLabel,
  siteAdminInvitationActions,
  type InvitationAction,
  type InvitationState,
} from '../invitations/rules';
import { actorFor, memberOf } from '../worksites/access';
import {
  siteAdminActions,
  statusLabel,
  type SiteAdminAction,
} from '../worksites/rules';
import {
  memberActionsFor,
  membershipKindLabel,
  membershipStatusLabel,
  PERMISSION_FOR,
  type MemberAction,
} from './rules';
import { clock } from '@/lib/clock';

export type MemberRow = {
  membershipId: string;
  name: string;
  status: MembershipStatus;
  statusLabel: string;
  isSiteAdmin: boolean;
  isLocum: boolean;
  locumEndDate: string | null; // YYYY-MM-DD
  statusChangedAt: Date;
  kind: MembershipKind;
  kindLabel: string;
  isSelf: boolean;
  actions: MemberAction[]; // empty unless the viewer is a site admin
};

export type JoinRequestRow = {
  membershipId: string;
  name: string;
  requestedAt: Date;
  actions: MemberAction[];
};

export type InvitationRow = {
  id: string;
  email: string;
  state: InvitationState;
  stateLabel: string;
  sentCount: number;
  expiresAt: Date;
  actions: InvitationAction[];
};

export type MembersPage = {
  worksite: {
    id: string;
    operatingName: string;
    worksiteCode: string;
    status: WorksiteStatus;
    statusLabel: string;
  };
  viewerIsSiteAdmin: boolean;
  can: Record<'invite' | 'decideJoinRequests' | 'manageAdmins' | 'manageMembers', boolean>;
  activeSiteAdmins: number;
  members: MemberRow[];
  joinRequests: JoinRequestRow[];
  invitations: InvitationRow[];
  transferCandidates: { membershipId: string; name: string }[];
};

// Active first, then those waiting, then the past: what a site admin acts on comes first.
const ORDER: Record<MembershipStatus, number> = {
  ACTIVE: 0,
  PENDING_REVIEW: 1,
  PENDING_SPONSOR: 2,
  INVITED: 3,
  INACTIVE: 4,
  ENDED: 5,
  REQUESTED: 6,
  DECLINED: 7,
};

// Inactivating or ending oneself would lock the admin out of this very page; leaving a worksite
// is the member's own step. (The service allows it when another admin remains.)
const SELF_HIDDEN = new Set<MemberAction>(['INACTIVATE', 'END_LOCUM']);

/**
 * The members page. Null unless the viewer is an active member of the worksite (a worksite they
 * may not see looks like one that does not exist). Plain members see who works there, without
 * actions: colleagues know each other, and it tells them whom to ask. Join requests and
 * invitations (other people's email addresses) are for site admins only.
 */
export async function membersPage(
  viewer: Subject,
  worksiteId: string,
  now = clock.now(),
): Promise<MembersPage | null> {
  if (!can(viewer, 'worksite.members.read', { worksiteId })) return null;
  const personId = viewer.id;
  const me = await memberOf(db(), personId, worksiteId);
  const actor = actorFor(me);
  if (actor === 'OTHER') return null;
  const worksite = await db().worksite.findUnique({ where: { id: worksiteId } });
  if (!worksite) return null;
  const allowed = new Set<SiteAdminAction>(siteAdminActions(actor, worksite.status));
  const isAdmin = actor === 'SITE_ADMIN';
  const permitted = (a: MemberAction) => allowed.has(PERMISSION_FOR[a]);

  const rows = await db().membership.findMany({
    where: { worksiteId, status: { not: 'DECLINED' } },
    include: { person: true },
  });
  rows.sort(
    (a, b) =>
      ORDER[a.status] - ORDER[b.status] ||
      displayName(a.person).localeCompare(displayName(b.person)),
  );

  const members: MemberRow[] = rows
    .filter((m) => m.status !== 'REQUESTED')
    .map((m) => ({
      membershipId: m.id,
      name: displayName(m.person),
      status: m.status,
      statusLabel: membershipStatusLabel(m.status),
      isSiteAdmin: m.isSiteAdmin,
      isLocum: m.isLocum,
      locumEndDate: m.locumEndDate ? m.locumEndDate.toISOString().slice(0, 10) : null,
      statusChangedAt: m.statusChangedAt,
      kind: m.kind,
      kindLabel: membershipKindLabel(m.kind),
      isSelf: m.personId === personId,
      actions: isAdmin
        ? memberActionsFor(m).filter(
            (a) => permitted(a) && !(m.personId === personId && SELF_HIDDEN.has(a)),
          )
        : [],
    }));

  const joinRequests: JoinRequestRow[] = isAdmin
    ? rows
        .filter((m) => m.status === 'REQUESTED')
        .map((m) => ({
          membershipId: m.id,
          name: displayName(m.person),
          requestedAt: m.statusChangedAt,
          actions: memberActionsFor(m).filter(permitted),
        }))
    : [];

  const invitations: InvitationRow[] = isAdmin
    ? (
        await db().invitation.findMany({
          where: { worksiteId },
          orderBy: { createdAt: 'desc' },
          take: 200,
        })
      ).map((inv) => {
        const state = invitationState(inv, now);
        return {
          id: inv.id,
          email: inv.email,
          state,
          stateLabel: invitationStateLabel(state),
          sentCount: inv.sentCount,
          expiresAt: inv.expiresAt,
          actions: allowed.has('INVITE') ? siteAdminInvitationActions(state) : [],
        };
      })
    : [];

  return {
    worksite: {
      id: worksite.id,
      operatingName: worksite.operatingName,
      worksiteCode: worksite.worksiteCode,
      status: worksite.status,
      statusLabel: statusLabel(worksite.status),
    },
    viewerIsSiteAdmin: isAdmin,
    can: {
      invite: allowed.has('INVITE'),
      decideJoinRequests: allowed.has('DECIDE_JOIN_REQUEST'),
      manageAdmins: allowed.has('MANAGE_ADMINS'),
      manageMembers: allowed.has('MANAGE_MEMBERS'),
    },
    activeSiteAdmins: rows.filter((m) => m.status === 'ACTIVE' && m.isSiteAdmin).length,
    members,
    joinRequests,
    invitations,
    transferCandidates: allowed.has('MANAGE_ADMINS')
      ? members
          .filter((m) => m.status === 'ACTIVE' && !m.isSiteAdmin && !m.isSelf)
          .map((m) => ({ membershipId: m.membershipId, name: m.name }))
      : [],
  };
}
