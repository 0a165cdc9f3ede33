import 'server-only';
import type { StaffInvitation, StaffRoleKind } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { DomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { displayName } from '@/lib/names';
import { audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import { STAFF_INVITATION_TEMPLATE, staffInvitationEmail } from '../email/templates/staff-invitation';
import { portalUrl } from '../email/worksite-email';
import { env } from '../env';
import { hashInvitationToken, isInvitationTokenShaped, newInvitationToken } from '../invitations/token';
import { enqueueNotices } from '../notify';
import { requireDecider, type StaffCaller } from '../decisions/caller';
import type { AuditContext as Ctx } from '../request-context';
import { credentialBlock, recordBadCredential } from '../throttle/limits';
import { requireStillStaffAdmin, STAFF_ADMIN_ONLY } from './admin-service';
import {
  STALE_STAFF_INVITATION_MESSAGE,
  staffInvitationExpiresAt,
  staffInvitationMay,
  staffInvitationState,
  UNKNOWN_STAFF_INVITATION_MESSAGE,
  type StaffInvitationAction,
} from './invitation-rules';
import { STAFF_ROLES } from './rules';
import { grantStaffRole } from './service';

const notFound = () => new DomainError('NOT_FOUND', 'We could not find that invitation.');
const unknownLink = () => new DomainError('NOT_FOUND', UNKNOWN_STAFF_INVITATION_MESSAGE, undefined, 'UNKNOWN_LINK');
const changedMeanwhile = () =>
  new DomainError('ALREADY_DECIDED', 'This invitation changed while you were looking at it. Reload the page to see where it stands.');

function requireMay(inv: Pick<StaffInvitation, 'status' | 'expiresAt'>, action: StaffInvitationAction, now: Date) {
  const may = staffInvitationMay(action, staffInvitationState(inv, now));
  if (!may.ok) throw new DomainError('INVALID_TRANSITION', may.reason);
}

/**
 * A staff admin invites an email address to take a staff role. The address is only where the
 * link goes; the role goes to whichever BC Services Card identity signs in and accepts it.
 */
export async function inviteStaff(
  admin: StaffCaller,
  input: { email: string; role: StaffRoleKind },
  ctx: Ctx = {},
): Promise<{ invitationId: string; expiresAt: Date }> {
  requireDecider(admin, 'staff.manage', STAFF_ADMIN_ONLY);
  const email = input.email.trim().toLowerCase();
  return db().$transaction(async (tx) => {
    // The admin's row lock queues two invitations from the same admin, so a double submit
    // finds the first one below instead of sending two links.
    await tx.$queryRaw`SELECT id FROM "Person" WHERE id = ${admin.id}::uuid FOR UPDATE`;
    await requireStillStaffAdmin(tx, admin.id);
    const now = clock.now();
    const open = await tx.staffInvitation.findFirst({
      where: { email, role: input.role, status: 'PENDING', expiresAt: { gt: now } },
      select: { id: true },
    });
    if (open) {
      const msg = 'An invitation for this address and role is already waiting. Revoke it first to send a new one.';
      throw new DomainError('CONFLICT', msg, { email: msg });
    }
    const token = newInvitationToken();
    const expiresAt = staffInvitationExpiresAt(now);
    const inv = await tx.staffInvitation.create({
      data: { email, role: input.role, tokenHash: hashInvitationToken(token), expiresAt, invitedById: admin.id },
    });
    const inviter = await tx.person.findUniqueOrThrow({ where: { id: admin.id } });
    const invitation = staffInvitationEmail({
      roleLabel: STAFF_ROLES[input.role].label,
      inviterName: displayName(inviter),
      url: portalUrl(`/staff-invitations/${token}`),
      expiresAt,
      appName: env().APP_NAME,
    });
    await enqueueNotices(tx, [{ to: { to: email, personId: null }, email: invitation, dedupeKey: `${STAFF_INVITATION_TEMPLATE}:${inv.id}` }]);
    await audit(tx, {
      actor: { type: 'STAFF', personId: admin.id },
      action: 'staff.role_invited',
      target: { type: 'STAFF_INVITATION', id: inv.id },
      after: { email, role: input.role, expiresAt: expiresAt.toISOString() },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { invitationId: inv.id, expiresAt };
  });
}

/** Withdraws an invitation that has not been accepted; its link stops working at once. */
export async function revokeStaffInvitation(
  admin: StaffCaller,
  input: { invitationId: string },
  ctx: Ctx = {},
): Promise<{ revoked: true }> {
  requireDecider(admin, 'staff.manage', STAFF_ADMIN_ONLY);
  if (!isUuid(input.invitationId)) throw notFound();
  return db().$transaction(async (tx) => {
    await requireStillStaffAdmin(tx, admin.id);
    const inv = await tx.staffInvitation.findUnique({ where: { id: input.invitationId } });
    if (!inv) throw notFound();
    const now = clock.now();
    requireMay(inv, 'REVOKE', now);
    const r = await tx.staffInvitation.updateMany({
      where: { id: inv.id, status: 'PENDING' },
      data: { status: 'REVOKED', revokedById: admin.id, revokedAt: now },
    });
    if (r.count !== 1) throw changedMeanwhile();
    await audit(tx, {
      actor: { type: 'STAFF', personId: admin.id },
      action: 'staff.role_invitation_revoked',
      target: { type: 'STAFF_INVITATION', id: inv.id },
      before: { status: 'PENDING', email: inv.email, role: inv.role },
      after: { status: 'REVOKED' },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { revoked: true };
  });
}

export type StaffAcceptOutcome = {
  role: StaffRoleKind;
  roleLabel: string;
  /** GRANTED: the role is new; ALREADY_HELD: the person had it, the link is simply used up. */
  outcome: 'GRANTED' | 'ALREADY_HELD';
};

async function lockByToken(tx: Tx, tokenHash: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "StaffInvitation" WHERE "tokenHash" = ${tokenHash} FOR UPDATE`;
  if (rows.length === 0) throw unknownLink();
  return tx.staffInvitation.findUniqueOrThrow({ where: { id: rows[0]!.id } });
}

/**
 * The signed-in person accepts (SPEC §18): the role goes to this identity, whatever address the
 * link was sent to. The link is the proof: single use, 7 days, sent where the admin chose.
 */
export async function acceptStaffInvitation(
  personId: string,
  token: string,
  ctx: Ctx & { clientAddress?: string | null } = {},
): Promise<StaffAcceptOutcome> {
  // Links that are not valid, tried from one address, are slowed down like worksite invitations'.
  const address = ctx.clientAddress ?? null;
  const blocked = await credentialBlock('invitation', address, clock.now());
  if (blocked) throw new DomainError('RATE_LIMITED', blocked.message);
  try {
    return await accept(personId, token, ctx);
  } catch (e) {
    if (e instanceof DomainError && e.detail === 'UNKNOWN_LINK') {
      const nowBlocked = await recordBadCredential('invitation', address, clock.now());
      if (nowBlocked) throw new DomainError('RATE_LIMITED', nowBlocked.message);
    }
    throw e;
  }
}

async function accept(personId: string, token: string, ctx: Ctx): Promise<StaffAcceptOutcome> {
  if (!isInvitationTokenShaped(token)) throw unknownLink();
  const tokenHash = hashInvitationToken(token);
  return db().$transaction(async (tx) => {
    const inv = await lockByToken(tx, tokenHash);
    const answer = (outcome: StaffAcceptOutcome['outcome']): StaffAcceptOutcome => ({
      role: inv.role,
      roleLabel: STAFF_ROLES[inv.role].label,
      outcome,
    });
    // The same person pressing Accept twice (or in two tabs) gets the same answer.
    if (inv.status === 'ACCEPTED' && inv.acceptedById === personId) return answer('GRANTED');
    const now = clock.now();
    requireMay(inv, 'ACCEPT', now);
    // A link sent by someone who has since lost the role grants nothing.
    const inviterStill = await tx.staffRole.count({
      where: { personId: inv.invitedById, role: 'STAFF_ADMIN', person: { status: 'ACTIVE' } },
    });
    if (!inviterStill) throw new DomainError('INVALID_TRANSITION', STALE_STAFF_INVITATION_MESSAGE);

    const r = await tx.staffInvitation.updateMany({
      where: { id: inv.id, status: 'PENDING', tokenHash, expiresAt: { gt: now } },
      data: { status: 'ACCEPTED', acceptedById: personId, acceptedAt: now },
    });
    if (r.count !== 1) throw changedMeanwhile();
    const { created } = await grantStaffRole(tx, {
      personId,
      role: inv.role,
      grantedById: inv.invitedById,
      actor: { type: 'PERSON', personId },
      requestId: ctx.requestId,
    });
    // The identity that received the role, as the identity provider knows it.
    const identity = await tx.loginAccount.findFirst({
      where: { personId },
      select: { issuer: true, subject: true },
      orderBy: { createdAt: 'asc' },
    });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'staff.role_invitation_accepted',
      target: { type: 'STAFF_INVITATION', id: inv.id },
      personId,
      before: { status: 'PENDING' },
      after: {
        status: 'ACCEPTED',
        role: inv.role,
        granted: created,
        invitedById: inv.invitedById,
        issuer: identity?.issuer ?? null,
        subject: identity?.subject ?? null,
      },
    });
    return answer(created ? 'GRANTED' : 'ALREADY_HELD');
  });
}
