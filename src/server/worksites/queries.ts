import 'server-only';
import type {
  LocationType,
  Membership,
  Profession,
  RoleContext,
  WorksiteStatus,
} from '@/generated/prisma/client';
import { remoteAccessPossible } from '../professions/rules';
import { db } from '../db';
import { can, type Subject } from '../authz/guard';
import { isUuid } from '@/lib/ids';
import { actorFor } from './access';
import {
  needsDeclaration,
  nextStep,
  siteAdminActions,
  statusLabel,
  worksiteTransition,
  type SiteAdminAction,
} from './rules';
import {
  LOCATION_TYPE_LABEL,
  PROFESSION_LABEL,
  ROLE_CONTEXT_LABEL,
  type IntakeInput,
} from './schema';

const MEMBERSHIP_ROLE: Record<Membership['status'], string> = {
  REQUESTED: 'Asked to join',
  INVITED: 'Invited',
  PENDING_SPONSOR: 'Waiting for a sponsor',
  PENDING_REVIEW: 'Waiting for the enrolment team',
  ACTIVE: 'Member',
  INACTIVE: 'Inactive member',
  ENDED: 'Former member',
  DECLINED: 'Join request declined',
};

export const roleLabel = (m: Pick<Membership, 'status' | 'isSiteAdmin'>) =>
  m.status === 'ACTIVE' && m.isSiteAdmin ? 'Site administrator' : MEMBERSHIP_ROLE[m.status];

export type MyWorksiteRow = {
  id: string;
  operatingName: string;
  worksiteCode: string;
  status: WorksiteStatus;
  statusLabel: string;
  role: string;
};

/** The worksites on the person's list: every one where their membership has not ended. */
export async function myWorksites(viewer: Subject): Promise<MyWorksiteRow[]> {
  const personId = viewer.id;
  const rows = await db().membership.findMany({
    where: { personId, status: { notIn: ['ENDED', 'DECLINED'] } },
    include: { worksite: true },
    orderBy: [{ worksite: { operatingName: 'asc' } }, { worksiteId: 'asc' }],
  });
  return rows.map((m) => ({
    id: m.worksiteId,
    operatingName: m.worksite.operatingName,
    worksiteCode: m.worksite.worksiteCode,
    status: m.worksite.status,
    statusLabel: statusLabel(m.worksite.status),
    role: roleLabel(m),
  }));
}

/** What the worksite page may offer; site-admin actions plus the two steps of the lifecycle. */
export type WorksitePageAction =
  | SiteAdminAction
  | 'COMPLETE_DECLARATION'
  | 'EDIT_AND_RESUBMIT'
  | 'FIND_SPONSOR' // an on-behalf-of member chooses or sees their authorizer
  | 'REMOTE_ACCESS' // a physician or NP may ask for access from a home office
  | 'PHARMANET'; // the worksite's PharmaNet request (site admin) or the person's own

// Reasons are shown for the states a person has to act on or understand.
const REASON_STATES: WorksiteStatus[] = ['CHANGES_REQUESTED', 'DECLINED', 'SUSPENDED'];

export type WorksitePage = {
  id: string;
  worksiteCode: string;
  legalName: string;
  operatingName: string;
  locationType: LocationType;
  locationTypeLabel: string;
  roleContext: RoleContext;
  roleContextLabel: string;
  street: string;
  city: string;
  province: string;
  postalCode: string;
  phone: string;
  email: string;
  emrVendor: string | null;
  needsDeclaration: boolean;
  status: WorksiteStatus;
  statusLabel: string;
  nextStep: string;
  /** The latest reason for the current state, when it is one people must read. */
  reason: { text: string; at: Date } | null;
  closureRequestedAt: Date | null;
  /** Only site admins see the people listed at intake (their names and emails). */
  expectedUsers: Array<{
    id: string;
    name: string;
    email: string;
    profession: Profession | null;
    professionLabel: string | null;
    invited: boolean;
  }> | null;
  isSiteAdmin: boolean;
  myRole: string;
  actions: WorksitePageAction[];
  memberCount: number;
};

/** The worksite page, or null when it does not exist or the person may not see it (same answer). */
export async function worksitePage(
  viewer: Subject,
  worksiteId: string,
): Promise<WorksitePage | null> {
  if (!can(viewer, 'worksite.read', { worksiteId })) return null;
  const personId = viewer.id;
  if (!isUuid(worksiteId)) return null;
  // One statement (relation joins): the worksite, the viewer's membership and enrolment, the
  // latest status change, the people expected at intake and the active member count.
  const found = await db().worksite.findUnique({
    where: { id: worksiteId },
    include: {
      memberships: { where: { personId }, include: { person: { select: { enrolment: { select: { profession: true } } } } } },
      statusChanges: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 },
      expectedUsers: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      _count: { select: { memberships: { where: { status: 'ACTIVE' } } } },
    },
  });
  const mine = found?.memberships[0];
  if (!found || !mine || mine.status === 'ENDED' || mine.status === 'DECLINED') return null;
  const { memberships: _m, statusChanges, expectedUsers, _count, ...w } = found;
  const { person, ...membership } = mine;
  const actor = actorFor(membership);
  const isSiteAdmin = actor === 'SITE_ADMIN';
  const ctx = {
    locationType: w.locationType,
    reviewStateBeforeChanges: w.reviewStateBeforeChanges,
  };

  const actions: WorksitePageAction[] = [...siteAdminActions(actor, w.status)];
  if (worksiteTransition(w.status, 'SUBMIT_DECLARATION', actor, ctx).ok)
    actions.push('COMPLETE_DECLARATION');
  if (worksiteTransition(w.status, 'RESUBMIT_INTAKE', actor, ctx).ok)
    actions.push('EDIT_AND_RESUBMIT');
  if (w.status === 'ACTIVE' && membership.kind === 'ON_BEHALF_OF') actions.push('FIND_SPONSOR');
  if (w.status === 'ACTIVE' && membership.status === 'ACTIVE') actions.push('PHARMANET');
  const enrolment = person.enrolment;
  if (w.status === 'ACTIVE' && membership.status === 'ACTIVE' && enrolment?.profession && remoteAccessPossible(enrolment.profession)) {
    actions.push('REMOTE_ACCESS');
  }

  // The change that brought the worksite into its current state carries the reason.
  const last = REASON_STATES.includes(w.status) && statusChanges[0]?.toStatus === w.status ? statusChanges[0] : null;
  const memberCount = _count.memberships;
  const expected = isSiteAdmin ? expectedUsers : null;

  return {
    id: w.id,
    worksiteCode: w.worksiteCode,
    legalName: w.legalName,
    operatingName: w.operatingName,
    locationType: w.locationType,
    locationTypeLabel: LOCATION_TYPE_LABEL[w.locationType],
    roleContext: w.roleContext,
    roleContextLabel: ROLE_CONTEXT_LABEL[w.roleContext],
    street: w.street,
    city: w.city,
    province: w.province,
    postalCode: w.postalCode,
    phone: w.phone,
    email: w.email,
    emrVendor: w.emrVendor,
    needsDeclaration: needsDeclaration(w.locationType),
    status: w.status,
    statusLabel: statusLabel(w.status),
    nextStep: nextStep(w.status, w.locationType, w.reviewStateBeforeChanges),
    reason: last?.reason ? { text: last.reason, at: last.createdAt } : null,
    closureRequestedAt: w.closureRequestedAt,
    expectedUsers:
      expected?.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        profession: u.profession,
        professionLabel: u.profession ? PROFESSION_LABEL[u.profession] : null,
        invited: u.invitedAt !== null,
      })) ?? null,
    isSiteAdmin,
    myRole: roleLabel(membership),
    actions,
    memberCount,
  };
}

export type IntakeEdit = {
  worksiteId: string;
  worksiteCode: string;
  operatingName: string;
  status: WorksiteStatus;
  /** False when the worksite is not waiting for a corrected intake from this person. */
  canResubmit: boolean;
  reason: { text: string; at: Date } | null;
  /** The form's values, without the submission key (the page makes a new one per render). */
  values: Omit<IntakeInput, 'submissionKey'>;
};

/** The current intake for the "edit and resubmit" page; null exactly like worksitePage. */
export async function intakeForEdit(
  viewer: Subject,
  worksiteId: string,
): Promise<IntakeEdit | null> {
  const page = await worksitePage(viewer, worksiteId);
  if (!page) return null;
  return {
    worksiteId: page.id,
    worksiteCode: page.worksiteCode,
    operatingName: page.operatingName,
    status: page.status,
    canResubmit: page.actions.includes('EDIT_AND_RESUBMIT'),
    reason: page.reason,
    values: {
      legalName: page.legalName,
      operatingName: page.operatingName,
      locationType: page.locationType,
      roleContext: page.roleContext,
      street: page.street,
      city: page.city,
      province: page.province,
      postalCode: page.postalCode,
      phone: page.phone,
      email: page.email,
      emrVendor: page.emrVendor ?? '',
      expectedUsers: (page.expectedUsers ?? []).map((u) => ({
        name: u.name,
        email: u.email,
        profession: u.profession ?? '',
      })),
    },
  };
}
