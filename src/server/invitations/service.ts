import 'server-only';
import type { Invitation, Worksite } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { type Actor, type AuditInput, audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import { invitationEmail, INVITATION_TEMPLATE } from '../email/templates/invitation';
import { portalUrl } from '../email/worksite-email';
import { env } from '../env';
import { confirmedStatus } from '../memberships/rules';
import { enqueueNotices } from '../notify';
import type { RequestContext } from '../request-context';
import { credentialBlock, limitInvitationResend, limitInvitations, recordBadCredential } from '../throttle/limits';
import { lockWorksite, requireSiteAdmin } from '../worksites/access';
import { siteAdminMay, statusLabel } from '../worksites/rules';
import {
  invitationExpiresAt,
  invitationMay,
  invitationState,
  UNKNOWN_INVITATION_MESSAGE,
  type InvitationAction,
} from './rules';
import { hashInvitationToken, isInvitationTokenShaped, newInvitationToken } from './token';
import { isUuid } from '@/lib/ids';
import { outboxRows, stampedAudit } from '../decisions/decide';
import type { RowWrite } from '../decisions/write';
import { uuid7 } from '../notes/ids';
import { clock } from '@/lib/clock';
import { END_DATE_IN_PAST, endDateInPast } from '@/lib/end-date';

const dateOnly = (d: string) => new Date(`${d}T00:00:00Z`);

type WorksiteRef = Pick<Worksite, 'id' | 'worksiteCode' | 'operatingName'>;

const invitationNotFound = () => new DomainError('NOT_FOUND', 'We could not find that invitation.');

/** The invitation email to one address, as a notice (its link carries the token). */
const invitationNotice = (p: {
  worksite: WorksiteRef;
  invitationId: string;
  email: string;
  sentCount: number;
  inviterName: string | null;
  token: string;
  expiresAt: Date;
}) => ({
  worksite: p.worksite,
  to: { to: p.email, personId: null },
  email: invitationEmail({
    worksiteName: p.worksite.operatingName,
    inviterName: p.inviterName,
    url: portalUrl(`/invitations/${p.token}`),
    expiresAt: p.expiresAt,
    appName: env().APP_NAME,
  }),
  dedupeKey: `${INVITATION_TEMPLATE}:${p.invitationId}:${p.sentCount}`,
});

async function emailInvitation(
  tx: Tx,
  p: {
    worksite: WorksiteRef;
    invitation: Pick<Invitation, 'id' | 'email' | 'sentCount' | 'invitedById'>;
    token: string;
    expiresAt: Date;
  },
) {
  const inviter = p.invitation.invitedById
    ? await tx.person.findUnique({ where: { id: p.invitation.invitedById } })
    : null;
  await enqueueNotices(tx, [
    invitationNotice({
      worksite: p.worksite,
      invitationId: p.invitation.id,
      email: p.invitation.email,
      sentCount: p.invitation.sentCount,
      inviterName: inviter ? displayName(inviter) : null,
      token: p.token,
      expiresAt: p.expiresAt,
    }),
  ]);
}

/** The audit row of a new invitation. */
const invitationCreated = (p: {
  actor: Actor;
  invitationId: string;
  worksiteId: string;
  email: string;
  expiresAt: Date;
  locumEndDate?: string | null;
  requestId?: string;
  ip?: string | null;
}): AuditInput => ({
  actor: p.actor,
  action: 'invitation.created',
  target: { type: 'INVITATION', id: p.invitationId },
  worksiteId: p.worksiteId,
  after: { email: p.email, expiresAt: p.expiresAt.toISOString(), ...(p.locumEndDate && { locumEndDate: p.locumEndDate }) },
  requestId: p.requestId ?? null,
  ip: p.ip ?? null,
});

/**
 * Invites an email address to a worksite: a 14-day single-use link by email. Call it with the
 * worksite row locked (two callers then cannot both create one for the same address). A pending,
 * unexpired invitation for the same address is reused and no second email goes out. A site
 * admin's invitation counts against their and the worksite's limits (`throttledFor`); the
 * team's, from a registration it reviewed, does not.
 */
export async function createInvitation(
  tx: Tx,
  p: {
    worksite: WorksiteRef;
    email: string;
    invitedById: string | null;
    actor: Actor;
    requestId?: string;
    ip?: string | null;
    throttledFor?: string;
    locumEndDate?: string | null; // set: the invitee joins as a locum until this day
  },
): Promise<{ invitationId: string; reused: boolean }> {
  const email = p.email.trim().toLowerCase();
  const now = clock.now();
  const existing = await tx.invitation.findFirst({
    where: {
      worksiteId: p.worksite.id,
      email: { equals: email, mode: 'insensitive' },
      status: 'PENDING',
      expiresAt: { gt: now },
    },
    select: { id: true },
  });
  const locum = { isLocum: !!p.locumEndDate, locumEndDate: p.locumEndDate ? dateOnly(p.locumEndDate) : null };
  if (existing) {
    // The waiting link stays; what the admin says now about the locum is what counts.
    if (p.locumEndDate !== undefined) await tx.invitation.update({ where: { id: existing.id }, data: locum });
    return { invitationId: existing.id, reused: true };
  }
  if (p.throttledFor) await limitInvitations(tx, { personId: p.throttledFor, worksiteId: p.worksite.id }, now);

  const token = newInvitationToken();
  const expiresAt = invitationExpiresAt(now);
  const invitation = await tx.invitation.create({
    data: {
      worksiteId: p.worksite.id,
      email,
      tokenHash: hashInvitationToken(token),
      expiresAt,
      invitedById: p.invitedById,
      ...locum,
    },
  });
  await emailInvitation(tx, { worksite: p.worksite, invitation, token, expiresAt });
  await audit(
    tx,
    invitationCreated({ ...p, invitationId: invitation.id, worksiteId: p.worksite.id, email, expiresAt, locumEndDate: locum.isLocum ? p.locumEndDate : null }),
  );
  return { invitationId: invitation.id, reused: false };
}

/**
 * New invitations for many addresses at once, as rows for one write (the team's approval inviting
 * a declaration's expected users, decision 027): each address gets what createInvitation writes —
 * the invitation, its email and its audit row — without a statement each.
 */
export function invitationRows(p: {
  worksite: WorksiteRef;
  emails: readonly string[];
  inviter: { id: string; name: string } | null;
  actor: Actor;
  requestId?: string;
  ip?: string | null;
  now: Date;
}): RowWrite[] {
  const expiresAt = invitationExpiresAt(p.now);
  return p.emails.flatMap((raw) => {
    const email = raw.trim().toLowerCase();
    const id = uuid7(p.now);
    const token = newInvitationToken();
    const notice = invitationNotice({ worksite: p.worksite, invitationId: id, email, sentCount: 1, inviterName: p.inviter?.name ?? null, token, expiresAt });
    return [
      {
        table: 'Invitation',
        data: { id, worksiteId: p.worksite.id, email, tokenHash: hashInvitationToken(token), expiresAt, invitedById: p.inviter?.id ?? null, updatedAt: p.now },
      },
      ...outboxRows([notice], p.now),
      {
        table: 'AuditEvent',
        data: stampedAudit(p.now, invitationCreated({ ...p, invitationId: id, worksiteId: p.worksite.id, email, expiresAt })),
      },
    ];
  });
}

function requireInviting(worksite: Worksite) {
  if (!siteAdminMay('INVITE', 'SITE_ADMIN', worksite.status)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Invitations can only be sent while the worksite is active. It is ${statusLabel(worksite.status).toLowerCase()} now.`,
    );
  }
}

/** A site admin invites someone by email (SPEC §8). */
export async function inviteByEmail(
  personId: string,
  input: { worksiteId: string; email: string; isLocum?: boolean; locumEndDate?: string },
  ctx: RequestContext,
) {
  const locumEndDate = input.isLocum && input.locumEndDate ? input.locumEndDate : null;
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    requireInviting(worksite);
    if (locumEndDate && endDateInPast(locumEndDate, clock.now()))
      throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
        locumEndDate: END_DATE_IN_PAST,
      });
    const email = input.email.trim().toLowerCase();
    // A current member with this address needs no invitation. (Emails are not identities, so this
    // only catches the obvious case; accepting checks the membership itself.)
    const member = await tx.membership.findFirst({
      where: {
        worksiteId: worksite.id,
        status: { notIn: ['ENDED', 'DECLINED'] },
        person: {
          OR: [
            { contactEmail: { equals: email, mode: 'insensitive' } },
            { idpEmail: { equals: email, mode: 'insensitive' } },
          ],
        },
      },
      select: { id: true },
    });
    if (member) {
      throw new DomainError(
        'CONFLICT',
        'Someone with this email is already a member of this worksite.',
        {
          email: 'Someone with this email is already a member of this worksite.',
        },
      );
    }
    return createInvitation(tx, {
      worksite,
      email,
      invitedById: personId,
      actor: { type: 'PERSON', personId },
      requestId: ctx.requestId,
      ip: ctx.ip,
      throttledFor: personId,
      locumEndDate,
    });
  });
}

/** An invitation of this worksite, or NOT_FOUND exactly like a missing one. */
async function invitationOf(tx: Tx, worksiteId: string, invitationId: string) {
  if (!isUuid(invitationId)) throw invitationNotFound();
  const inv = await tx.invitation.findFirst({ where: { id: invitationId, worksiteId } });
  if (!inv) throw invitationNotFound();
  return inv;
}

function requireInvitationAction(inv: Invitation, action: InvitationAction, now: Date) {
  const may = invitationMay(action, invitationState(inv, now));
  if (!may.ok) throw new DomainError('INVALID_TRANSITION', may.reason);
}

const changedMeanwhile = () =>
  new DomainError(
    'ALREADY_DECIDED',
    'This invitation changed while you were looking at it. Reload the page to see where it stands.',
  );

/** New link and 14 more days; the previous link stops working because its hash is replaced. */
export async function resendInvitation(
  personId: string,
  input: { worksiteId: string; invitationId: string },
  ctx: RequestContext,
) {
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    requireInviting(worksite);
    const inv = await invitationOf(tx, worksite.id, input.invitationId);
    const now = clock.now();
    requireInvitationAction(inv, 'RESEND', now);
    await limitInvitationResend(tx, inv.id, now);
    await limitInvitations(tx, { personId, worksiteId: worksite.id }, now);
    const token = newInvitationToken();
    const expiresAt = invitationExpiresAt(now);
    const r = await tx.invitation.updateMany({
      where: { id: inv.id, status: 'PENDING', tokenHash: inv.tokenHash },
      data: { tokenHash: hashInvitationToken(token), expiresAt, sentCount: { increment: 1 } },
    });
    if (r.count !== 1) throw changedMeanwhile();
    const sentCount = inv.sentCount + 1;
    await emailInvitation(tx, { worksite, invitation: { ...inv, sentCount }, token, expiresAt });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'invitation.resent',
      target: { type: 'INVITATION', id: inv.id },
      worksiteId: worksite.id,
      before: { expiresAt: inv.expiresAt.toISOString(), sentCount: inv.sentCount },
      after: { expiresAt: expiresAt.toISOString(), sentCount },
    });
    return { sentCount, expiresAt };
  });
}

export async function revokeInvitation(
  personId: string,
  input: { worksiteId: string; invitationId: string },
  ctx: RequestContext,
) {
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    requireInviting(worksite);
    const inv = await invitationOf(tx, worksite.id, input.invitationId);
    requireInvitationAction(inv, 'REVOKE', clock.now());
    const r = await tx.invitation.updateMany({
      where: { id: inv.id, status: 'PENDING' },
      data: { status: 'REVOKED' },
    });
    if (r.count !== 1) throw changedMeanwhile();
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'invitation.revoked',
      target: { type: 'INVITATION', id: inv.id },
      worksiteId: worksite.id,
      before: { status: 'PENDING' },
      after: { status: 'REVOKED' },
    });
    return { revoked: true };
  });
}

export type AcceptOutcome = {
  worksiteId: string;
  operatingName: string;
  worksiteCode: string;
  /** JOINED: a membership now waits for the team; ALREADY_MEMBER: nothing needed to change. */
  outcome: 'JOINED' | 'ALREADY_MEMBER';
};

const unknownInvitation = () => new DomainError('NOT_FOUND', UNKNOWN_INVITATION_MESSAGE, undefined, 'UNKNOWN_LINK');

/**
 * The invited person accepts (SPEC §8). The invitation's email need not match the signed-in
 * person's: people use different addresses at work and with their BC Services Card, and the
 * link itself is the proof (single use, 14 days, sent to the address the site admin chose).
 * The accepted invitation counts as the site admin's confirmation, so the membership goes
 * straight to the team's set-up (or to finding a sponsor, for on-behalf-of users).
 */
export async function acceptInvitation(
  personId: string,
  token: string,
  ctx: RequestContext & { clientAddress?: string | null },
): Promise<AcceptOutcome> {
  // Links that are not valid, tried from one address, are slowed down (docs/security.md).
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

async function accept(personId: string, token: string, ctx: RequestContext): Promise<AcceptOutcome> {
  if (!isInvitationTokenShaped(token)) throw unknownInvitation();
  const tokenHash = hashInvitationToken(token);
  return db().$transaction(async (tx) => {
    const found = await tx.invitation.findUnique({
      where: { tokenHash },
      select: { id: true, worksiteId: true },
    });
    if (!found) throw unknownInvitation();
    // Worksite first, then the invitation: the same order as the site-admin actions, so an
    // accept racing a resend or revoke waits instead of deadlocking. The worksite lock also
    // serializes accepts of different invitations by the same person at the same worksite.
    const worksite = await lockWorksite(tx, found.worksiteId);
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Invitation" WHERE id = ${found.id}::uuid AND "tokenHash" = ${tokenHash} FOR UPDATE`;
    if (locked.length === 0) throw unknownInvitation(); // resent meanwhile: this link is dead
    const inv = await tx.invitation.findUniqueOrThrow({ where: { id: found.id } });
    const result = (outcome: AcceptOutcome['outcome']): AcceptOutcome => ({
      worksiteId: worksite.id,
      operatingName: worksite.operatingName,
      worksiteCode: worksite.worksiteCode,
      outcome,
    });

    const now = clock.now();
    const state = invitationState(inv, now);
    // The same person pressing Accept twice (or two tabs) gets the same answer, not an error.
    if (state === 'ACCEPTED' && inv.acceptedById === personId) return result('JOINED');
    requireInvitationAction(inv, 'ACCEPT', now);
    if (worksite.status !== 'ACTIVE') {
      throw new DomainError(
        'INVALID_TRANSITION',
        `${worksite.operatingName} is not taking new members right now (it is ${statusLabel(worksite.status).toLowerCase()}). Contact its site administrator.`,
      );
    }

    const existing = await tx.membership.findUnique({
      where: { personId_worksiteId: { personId, worksiteId: worksite.id } },
    });
    let outcome: AcceptOutcome['outcome'] = 'JOINED';
    let membershipId: string;
    if (!existing) {
      // INDEPENDENT until enrolment records the profession (which decides on-behalf-of).
      const to = confirmedStatus('INDEPENDENT');
      const m = await tx.membership.create({
        data: {
          personId,
          worksiteId: worksite.id,
          status: to,
          kind: 'INDEPENDENT',
          confirmedById: inv.invitedById,
          isLocum: inv.isLocum,
          locumEndDate: inv.locumEndDate,
        },
      });
      await tx.membershipStatusChange.create({
        data: {
          membershipId: m.id,
          fromStatus: null,
          toStatus: to,
          reason: 'Accepted an invitation',
          actorId: personId,
        },
      });
      membershipId = m.id;
    } else if (existing.status === 'INACTIVE') {
      throw new DomainError(
        'INVALID_TRANSITION',
        'Your membership at this worksite was inactivated by a site administrator. Ask them to reactivate it instead.',
      );
    } else if (['ENDED', 'DECLINED', 'REQUESTED', 'INVITED'].includes(existing.status)) {
      // One row per person and worksite: re-joining reopens it; the history keeps the past.
      const to = confirmedStatus(existing.kind);
      const r = await tx.membership.updateMany({
        where: { id: existing.id, status: existing.status },
        data: {
          status: to,
          statusChangedAt: now,
          isSiteAdmin: false,
          // On-behalf-of users depend on their sponsor, so they are never locums.
          isLocum: inv.isLocum && existing.kind === 'INDEPENDENT',
          locumEndDate: existing.kind === 'INDEPENDENT' ? inv.locumEndDate : null,
          confirmedById: inv.invitedById,
        },
      });
      if (r.count !== 1) throw changedMeanwhile();
      await tx.membershipStatusChange.create({
        data: {
          membershipId: existing.id,
          fromStatus: existing.status,
          toStatus: to,
          reason: 'Accepted an invitation',
          actorId: personId,
        },
      });
      membershipId = existing.id;
    } else {
      outcome = 'ALREADY_MEMBER'; // pending or active already: the invitation is simply used up
      membershipId = existing.id;
    }

    const r = await tx.invitation.updateMany({
      where: { id: inv.id, status: 'PENDING' },
      data: { status: 'ACCEPTED', acceptedById: personId, acceptedAt: now },
    });
    if (r.count !== 1) throw changedMeanwhile();
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'invitation.accepted',
      target: { type: 'INVITATION', id: inv.id },
      worksiteId: worksite.id,
      personId,
      before: { status: 'PENDING', membershipStatus: existing?.status ?? null },
      after: { status: 'ACCEPTED', membershipId, outcome },
    });
    return result(outcome);
  });
}
