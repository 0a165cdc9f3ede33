import 'server-only';
import { Prisma, type Membership, type MembershipStatus, type Worksite } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { type Actor, audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import { membershipEndedEmail, membershipInactivatedEmail } from '../email/templates/membership';
import { portalUrl } from '../email/worksite-email';
import { enqueueNotices } from '../notify';
import type { RequestContext } from '../request-context';
import { requireSiteAdmin } from '../worksites/access';
import { siteAdminMay, statusLabel } from '../worksites/rules';
import { guardLastSiteAdmin } from './last-admin';
import {
  memberTransition,
  PERMISSION_FOR,
  transferDecision,
  type MemberAction,
  type MemberState,
  membershipKindFor,
} from './rules';
import { isUuid } from '@/lib/ids';
import { stampedAudit } from '../decisions/decide';
import type { RowWrite } from '../decisions/write';
import { uuid7 } from '../notes/ids';
import { clock } from '@/lib/clock';

type Ids = { worksiteId: string; membershipId: string };

const memberNotFound = () => new DomainError('NOT_FOUND', 'We could not find that member.');
const changedMeanwhile = () =>
  new DomainError(
    'ALREADY_DECIDED',
    'This membership changed while you were looking at it. Reload the page to see where it stands.',
  );

/** A membership of this worksite, or NOT_FOUND exactly like a missing one (ids are never trusted). */
async function membershipOf(tx: Tx, worksiteId: string, membershipId: string) {
  if (!isUuid(membershipId)) throw memberNotFound();
  const m = await tx.membership.findFirst({
    where: { id: membershipId, worksiteId },
    include: { person: true },
  });
  if (!m) throw memberNotFound();
  return m;
}

const countActiveSiteAdmins = (tx: Tx, worksiteId: string) =>
  tx.membership.count({ where: { worksiteId, isSiteAdmin: true, status: 'ACTIVE' } });

function requirePermission(action: MemberAction, worksite: Worksite) {
  if (!siteAdminMay(PERMISSION_FOR[action], 'SITE_ADMIN', worksite.status)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `This cannot be done while the worksite is ${statusLabel(worksite.status).toLowerCase()}.`,
    );
  }
}

/** Guarded write (the row must still be as read) plus the history row, inside the caller's transaction. */
async function applyChange(
  tx: Tx,
  m: Pick<Membership, 'id' | 'status' | 'isSiteAdmin'>,
  to: MemberState,
  p: { actorId: string | null; reason: string; data?: Prisma.MembershipUpdateManyMutationInput },
) {
  const r = await guardLastSiteAdmin(() =>
    tx.membership.updateMany({
      where: { id: m.id, status: m.status, isSiteAdmin: m.isSiteAdmin },
      data: {
        status: to.status,
        isSiteAdmin: to.isSiteAdmin,
        ...(to.status !== m.status ? { statusChangedAt: clock.now() } : {}),
        ...p.data,
      },
    }),
  );
  if (r.count !== 1) throw changedMeanwhile();
  // Role changes keep the status but still get a row, so the membership's timeline is complete.
  await tx.membershipStatusChange.create({
    data: {
      membershipId: m.id,
      fromStatus: m.status,
      toStatus: to.status,
      reason: p.reason,
      actorId: p.actorId,
    },
  });
}

const AUDIT_ACTION: Record<MemberAction, string> = {
  CONFIRM_JOIN: 'membership.confirmed',
  DECLINE_JOIN: 'membership.declined',
  GRANT_ADMIN: 'membership.site_admin_granted',
  REMOVE_ADMIN: 'membership.site_admin_removed',
  INACTIVATE: 'membership.inactivated',
  REACTIVATE: 'membership.reactivated',
  END_LOCUM: 'membership.ended',
};

const HISTORY_REASON: Record<MemberAction, string> = {
  CONFIRM_JOIN: 'Join request confirmed by a site administrator',
  DECLINE_JOIN: 'Join request declined by a site administrator',
  GRANT_ADMIN: 'Made a site administrator',
  REMOVE_ADMIN: 'Site administrator role removed',
  INACTIVATE: 'Inactivated by a site administrator',
  REACTIVATE: 'Reactivated by a site administrator',
  END_LOCUM: 'Locum membership ended by a site administrator',
};

const contactOf = (p: { contactEmail: string | null; idpEmail: string | null }) =>
  p.contactEmail ?? p.idpEmail;

async function changeMember(
  action: MemberAction,
  personId: string,
  input: Ids,
  ctx: RequestContext,
) {
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    requirePermission(action, worksite);
    let target = await membershipOf(tx, worksite.id, input.membershipId);
    if (action === 'CONFIRM_JOIN') {
      // The kind stored at request time may predate the enrolment; the profession decides now
      // whether the person works on behalf of an authorizer (and so needs a sponsor next).
      const enrolment = await tx.enrolment.findUnique({ where: { personId: target.personId } });
      target = { ...target, kind: membershipKindFor(enrolment) };
    }
    const d = memberTransition(action, target, {
      activeSiteAdmins: await countActiveSiteAdmins(tx, worksite.id),
    });
    if (!d.ok) throw new DomainError(d.code, d.reason);
    await applyChange(tx, target, d.to, {
      actorId: personId,
      reason: HISTORY_REASON[action],
      data: action === 'CONFIRM_JOIN' ? { confirmedById: personId, kind: target.kind } : undefined,
    });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: AUDIT_ACTION[action],
      target: { type: 'MEMBERSHIP', id: target.id },
      worksiteId: worksite.id,
      personId: target.personId,
      before: { status: target.status, isSiteAdmin: target.isSiteAdmin },
      after: { status: d.to.status, isSiteAdmin: d.to.isSiteAdmin },
    });
    const to = contactOf(target.person);
    if ((action === 'INACTIVATE' || action === 'END_LOCUM') && to) {
      const me = await tx.person.findUniqueOrThrow({ where: { id: personId } });
      const build = action === 'INACTIVATE' ? membershipInactivatedEmail : membershipEndedEmail;
      const email = build({
        worksiteName: worksite.operatingName,
        byName: displayName(me),
        url: portalUrl('/worksites'),
      });
      await enqueueNotices(tx, [{ worksite, to: { to, personId: target.personId }, email }]);
    }
    return { membershipId: target.id, status: d.to.status, isSiteAdmin: d.to.isSiteAdmin };
  });
}

export const confirmJoinRequest = (personId: string, input: Ids, ctx: RequestContext) =>
  changeMember('CONFIRM_JOIN', personId, input, ctx);
export const declineJoinRequest = (personId: string, input: Ids, ctx: RequestContext) =>
  changeMember('DECLINE_JOIN', personId, input, ctx);
export const grantSiteAdmin = (personId: string, input: Ids, ctx: RequestContext) =>
  changeMember('GRANT_ADMIN', personId, input, ctx);
export const removeSiteAdmin = (personId: string, input: Ids, ctx: RequestContext) =>
  changeMember('REMOVE_ADMIN', personId, input, ctx);
export const inactivateMember = (personId: string, input: Ids, ctx: RequestContext) =>
  changeMember('INACTIVATE', personId, input, ctx);
export const reactivateMember = (personId: string, input: Ids, ctx: RequestContext) =>
  changeMember('REACTIVATE', personId, input, ctx);
export const endLocum = (personId: string, input: Ids, ctx: RequestContext) =>
  changeMember('END_LOCUM', personId, input, ctx);

/** Promote another member and step down in one transaction: promote first, so the trigger never
 * sees a worksite without an active site admin. */
export async function transferSiteAdmin(personId: string, input: Ids, ctx: RequestContext) {
  return db().$transaction(async (tx) => {
    const { worksite, membership: me } = await requireSiteAdmin(tx, personId, input.worksiteId);
    requirePermission('GRANT_ADMIN', worksite);
    const target = await membershipOf(tx, worksite.id, input.membershipId);
    const t = transferDecision(me, target);
    if (!t.ok) throw new DomainError('INVALID_TRANSITION', t.reason);
    await applyChange(
      tx,
      target,
      { status: 'ACTIVE', isSiteAdmin: true },
      { actorId: personId, reason: 'Site administrator role transferred to this member' },
    );
    await applyChange(
      tx,
      me,
      { status: 'ACTIVE', isSiteAdmin: false },
      { actorId: personId, reason: 'Transferred the site administrator role and stepped down' },
    );
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'membership.site_admin_transferred',
      target: { type: 'MEMBERSHIP', id: target.id },
      worksiteId: worksite.id,
      personId: target.personId,
      before: { fromMembershipId: me.id, fromIsSiteAdmin: true, toIsSiteAdmin: false },
      after: { toMembershipId: target.id, fromIsSiteAdmin: false, toIsSiteAdmin: true },
    });
    return { membershipId: target.id };
  });
}

const OPEN_STATUSES: MembershipStatus[] = [
  'REQUESTED',
  'INVITED',
  'PENDING_SPONSOR',
  'PENDING_REVIEW',
  'ACTIVE',
  'INACTIVE',
];

/**
 * What closing a worksite ends: its open memberships (declined join requests stay as they are),
 * with whom to email, and its pending invitations, both locked. A fragment read with the
 * worksite's lock (`lockWith`, alias `w`), so it costs no statement of its own (decision 027).
 */
export const closureRead = Prisma.sql`
      (SELECT coalesce(json_agg(x ORDER BY x."createdAt", x.id), '[]') FROM (
         SELECT m.id, m."personId", m.status, m."isSiteAdmin", m."createdAt", pr."contactEmail", pr."idpEmail"
         FROM "Membership" m JOIN "Person" pr ON pr.id = m."personId"
         WHERE m."worksiteId" = w.id AND m.status::text = ANY(${OPEN_STATUSES})
         FOR UPDATE OF m) x) AS members,
      (SELECT coalesce(json_agg(x.id ORDER BY x.id), '[]') FROM (
         SELECT i.id FROM "Invitation" i WHERE i."worksiteId" = w.id AND i.status = 'PENDING'
         FOR UPDATE OF i) x) AS invitations`;
export type ClosureRead = { members: OpenMember[]; invitations: string[] };

/**
 * The team closed the worksite: every open membership ends and pending invitations are revoked,
 * as rows written in the closing decision's one statement. The last-admin trigger fires at the
 * end of that statement, so it sees the worksite CLOSED and lets the last admin's membership end.
 * Also returns whom to email (people without any email address are ended but not listed).
 */
export function closureRows(
  read: ClosureRead,
  p: { worksiteId: string; actorId: string; reason: string; requestId?: string; ip?: string | null; now: Date },
): { rows: RowWrite[]; ended: { personId: string; email: string }[] } {
  const { now } = p;
  const actor: Actor = { type: 'STAFF', personId: p.actorId };
  const stamp = { actor, worksiteId: p.worksiteId, requestId: p.requestId ?? null, ip: p.ip ?? null };
  const rows: RowWrite[] = [];
  for (const m of read.members) {
    rows.push(
      {
        table: 'Membership',
        updateId: m.id,
        data: { status: 'ENDED', isSiteAdmin: false, statusChangedAt: now, updatedAt: now },
      },
      {
        table: 'MembershipStatusChange',
        data: { id: uuid7(now), membershipId: m.id, fromStatus: m.status, toStatus: 'ENDED', reason: p.reason, actorId: p.actorId, createdAt: now },
      },
      {
        table: 'AuditEvent',
        data: stampedAudit(now, {
          ...stamp,
          action: 'membership.ended',
          target: { type: 'MEMBERSHIP', id: m.id },
          personId: m.personId,
          before: { status: m.status, isSiteAdmin: m.isSiteAdmin },
          after: { status: 'ENDED', isSiteAdmin: false, reason: p.reason },
        }),
      },
    );
  }
  for (const id of read.invitations) {
    rows.push(
      { table: 'Invitation', updateId: id, data: { status: 'REVOKED', updatedAt: now } },
      {
        table: 'AuditEvent',
        data: stampedAudit(now, {
          ...stamp,
          action: 'invitation.revoked',
          target: { type: 'INVITATION', id },
          before: { status: 'PENDING' },
          after: { status: 'REVOKED', reason: 'Worksite closed' },
        }),
      },
    );
  }
  const ended = read.members.flatMap((m) => {
    const email = contactOf(m);
    return email ? [{ personId: m.personId, email }] : [];
  });
  return { rows, ended };
}

type OpenMember = {
  id: string;
  personId: string;
  status: MembershipStatus;
  isSiteAdmin: boolean;
  contactEmail: string | null;
  idpEmail: string | null;
};
