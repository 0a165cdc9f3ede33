// What a site admin may do to a member (SPEC §8, §9). Pure: no I/O. The services ask these
// first for a clear message; the database trigger still refuses a worksite with no active admin.
import type {
  EnrolmentStatus,
  MembershipKind,
  MembershipStatus,
  Profession,
} from '@/generated/prisma/client';
import { enrolsAs } from '../professions/rules';
import { LAST_SITE_ADMIN_MESSAGE, type SiteAdminAction } from '../worksites/rules';

export type MemberAction =
  | 'CONFIRM_JOIN' // a join request is confirmed: the person works here
  | 'DECLINE_JOIN' // a join request is declined
  | 'GRANT_ADMIN' // make an active member a site admin
  | 'REMOVE_ADMIN' // take the site admin role away (own role included: stepping down)
  | 'INACTIVATE' // e.g. leave; can be reactivated
  | 'REACTIVATE'
  | 'END_LOCUM'; // a locum's engagement is over

/** Which site-admin permission (worksite rules) each member action needs. */
export const PERMISSION_FOR: Record<MemberAction, SiteAdminAction> = {
  CONFIRM_JOIN: 'DECIDE_JOIN_REQUEST',
  DECLINE_JOIN: 'DECIDE_JOIN_REQUEST',
  GRANT_ADMIN: 'MANAGE_ADMINS',
  REMOVE_ADMIN: 'MANAGE_ADMINS',
  INACTIVATE: 'MANAGE_MEMBERS',
  REACTIVATE: 'MANAGE_MEMBERS',
  END_LOCUM: 'MANAGE_MEMBERS',
};

export type MemberTarget = {
  status: MembershipStatus;
  kind: MembershipKind;
  isSiteAdmin: boolean;
  isLocum: boolean;
};

export type MemberState = { status: MembershipStatus; isSiteAdmin: boolean };

export type MemberDecision =
  | { ok: true; to: MemberState }
  | { ok: false; code: 'INVALID_TRANSITION' | 'CONFLICT' | 'LAST_SITE_ADMIN'; reason: string };

/** A confirmed membership waits for a sponsor (on-behalf-of users) or for the team's set-up. */
export const confirmedStatus = (kind: MembershipKind): MembershipStatus =>
  kind === 'ON_BEHALF_OF' ? 'PENDING_SPONSOR' : 'PENDING_REVIEW';

const isActiveAdmin = (t: Pick<MemberTarget, 'status' | 'isSiteAdmin'>) =>
  t.status === 'ACTIVE' && t.isSiteAdmin;

/** Allowed by the member's state alone (the last-admin rule aside): what the members page offers. */
function byState(action: MemberAction, t: MemberTarget): MemberDecision {
  const refuse = (reason: string): MemberDecision => ({
    ok: false,
    code: 'INVALID_TRANSITION',
    reason,
  });
  switch (action) {
    case 'CONFIRM_JOIN':
      return t.status === 'REQUESTED'
        ? { ok: true, to: { status: confirmedStatus(t.kind), isSiteAdmin: false } }
        : refuse('This join request was already answered.');
    case 'DECLINE_JOIN':
      return t.status === 'REQUESTED'
        ? { ok: true, to: { status: 'DECLINED', isSiteAdmin: false } }
        : refuse('This join request was already answered.');
    case 'GRANT_ADMIN':
      if (t.status !== 'ACTIVE')
        return refuse('Only an active member can be made a site administrator.');
      return t.isSiteAdmin
        ? refuse('This member is already a site administrator.')
        : { ok: true, to: { status: 'ACTIVE', isSiteAdmin: true } };
    case 'REMOVE_ADMIN':
      return isActiveAdmin(t)
        ? { ok: true, to: { status: 'ACTIVE', isSiteAdmin: false } }
        : refuse('This member is not an active site administrator.');
    case 'INACTIVATE':
      // The role is kept: a reactivated site admin is a site admin again.
      return t.status === 'ACTIVE'
        ? { ok: true, to: { status: 'INACTIVE', isSiteAdmin: t.isSiteAdmin } }
        : refuse('Only an active member can be inactivated.');
    case 'REACTIVATE':
      return t.status === 'INACTIVE'
        ? { ok: true, to: { status: 'ACTIVE', isSiteAdmin: t.isSiteAdmin } }
        : refuse('Only an inactive member can be reactivated.');
    case 'END_LOCUM':
      if (!t.isLocum) return refuse('Only a locum’s membership can be ended here.');
      return t.status === 'ACTIVE' || t.status === 'INACTIVE'
        ? { ok: true, to: { status: 'ENDED', isSiteAdmin: false } }
        : refuse('This locum’s membership is not active or inactive, so it cannot be ended.');
  }
}

/**
 * The decision for one member. `activeSiteAdmins` counts the worksite's active site admins now
 * (read with the worksite row locked); a change that would leave none is refused.
 */
export function memberTransition(
  action: MemberAction,
  target: MemberTarget,
  ctx: { activeSiteAdmins: number },
): MemberDecision {
  const d = byState(action, target);
  if (!d.ok) return d;
  const losesAdmin = isActiveAdmin(target) && !isActiveAdmin(d.to);
  if (losesAdmin && ctx.activeSiteAdmins <= 1)
    return { ok: false, code: 'LAST_SITE_ADMIN', reason: LAST_SITE_ADMIN_MESSAGE };
  return d;
}

/** Actions that fit the member's state, for the per-row buttons (the last-admin refusal is
 * shown when it happens, with the message that says how to name a successor). */
export function memberActionsFor(t: MemberTarget): MemberAction[] {
  const all: MemberAction[] = [
    'CONFIRM_JOIN',
    'DECLINE_JOIN',
    'GRANT_ADMIN',
    'REMOVE_ADMIN',
    'INACTIVATE',
    'REACTIVATE',
    'END_LOCUM',
  ];
  // A locum's membership is ended rather than inactivated.
  return all.filter((a) => byState(a, t).ok && !(a === 'INACTIVATE' && t.isLocum));
}

/** Transfer: promote `to` and step down in one go, so the worksite is never without an admin. */
export function transferDecision(
  from: MemberTarget & { id: string },
  to: MemberTarget & { id: string },
): { ok: true } | { ok: false; reason: string } {
  if (from.id === to.id)
    return { ok: false, reason: 'Choose another member to take over the site administrator role.' };
  if (!isActiveAdmin(from))
    return { ok: false, reason: 'Only an active site administrator can transfer the role.' };
  if (to.status !== 'ACTIVE')
    return { ok: false, reason: 'The role can only be transferred to an active member.' };
  if (to.isSiteAdmin)
    return {
      ok: false,
      reason: 'This member is already a site administrator. Remove your own role instead.',
    };
  return { ok: true };
}

const STATUS_LABEL: Record<MembershipStatus, string> = {
  REQUESTED: 'Asked to join',
  INVITED: 'Invited',
  PENDING_SPONSOR: 'Waiting for a sponsor',
  PENDING_REVIEW: 'Being set up by the enrolment team',
  ACTIVE: 'Active',
  INACTIVE: 'Inactive',
  ENDED: 'Ended',
  DECLINED: 'Declined',
};

export const membershipStatusLabel = (s: MembershipStatus) => STATUS_LABEL[s];

export const membershipKindLabel = (k: MembershipKind) =>
  k === 'ON_BEHALF_OF' ? 'On behalf of an authorizer' : 'Independent';

/**
 * The kind of membership a person joins as, from their enrolment profession (policy table,
 * `enrolsAs`). Someone without a submitted enrolment joins as INDEPENDENT: the profession is not
 * settled yet, so the team re-derives the kind when it sets up access (provisioning).
 */
export function membershipKindFor(
  enrolment: { profession: Profession | null; status: EnrolmentStatus } | null,
): MembershipKind {
  if (!enrolment?.profession || enrolment.status === 'DRAFT') return 'INDEPENDENT';
  return enrolsAs(enrolment.profession);
}

/** Where a person already stands at a worksite they ask to join; null: they may ask (again). */
export function joinRefusal(status: MembershipStatus | null): string | null {
  switch (status) {
    case null:
    case 'ENDED':
    case 'DECLINED':
      return null;
    case 'ACTIVE':
    case 'INACTIVE':
      return 'You are already a member of this worksite.';
    case 'REQUESTED':
      return 'Your request is waiting for a site administrator.';
    case 'INVITED':
      return 'You were already invited to this worksite. Use the link in your invitation email to join.';
    case 'PENDING_SPONSOR':
      return 'You are already joining this worksite: your membership is waiting for a sponsor.';
    case 'PENDING_REVIEW':
      return 'You are already joining this worksite: the enrolment team is setting up your access.';
  }
}
