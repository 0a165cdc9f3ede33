import 'server-only';
import type { GrantRequestStatus, StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit } from '../audit';
import { db, type Tx } from '../db';
import { alreadyDecidedError } from '../decisions';
import { remoteAccessDecidedEmail, remoteAccessRequestedEmail } from '../email/templates/remote-access';
import { enqueueWorksiteEmail, portalUrl } from '../email/worksite-email';
import { env } from '../env';
import { professionLabel } from '../professions/rules';
import type { RequestContext } from '../request-context';
import { effectiveStatusOf } from '../sponsorships/queries';
import { memberOf } from '../worksites/access';
import { remoteAccessEligibility } from './rules';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

type Ctx = Pick<RequestContext, 'requestId' | 'ip'>;
export type StaffCaller = { id: string; staffRoles: readonly StaffRoleKind[] };

const membershipNotFound = () => new DomainError('NOT_FOUND', 'We could not find that membership.');
const requestNotFound = () =>
  new DomainError('NOT_FOUND', 'We could not find that remote access request.');
const contactOf = (p: { contactEmail: string | null; idpEmail: string | null }) =>
  p.contactEmail ?? p.idpEmail;

/** Whether this membership may ask now; the membership row is locked by the caller. */
async function eligibility(tx: Tx, m: { id: string; personId: string }) {
  const [enrolment, eff, open] = await Promise.all([
    tx.enrolment.findUnique({ where: { personId: m.personId } }),
    effectiveStatusOf(tx, m.id),
    tx.remoteAccessRequest.findFirst({
      where: { membershipId: m.id, status: { in: ['REQUESTED', 'APPROVED'] } },
    }),
  ]);
  return {
    enrolment,
    result: remoteAccessEligibility({
      profession: enrolment?.profession,
      effectiveStatus: eff?.status ?? 'ENDED',
      openRequest: open?.status ?? null,
    }),
  };
}

/** A physician or NP with an ACTIVE membership asks for remote access at that worksite. */
export async function requestRemoteAccess(personId: string, input: { membershipId: string }, ctx: Ctx) {
  return db().$transaction(async (tx) => {
    if (!isUuid(input.membershipId)) throw membershipNotFound();
    // Someone else's membership id answers exactly like a missing one.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Membership" WHERE id = ${input.membershipId}::uuid AND "personId" = ${personId}::uuid FOR UPDATE`;
    if (rows.length === 0) throw membershipNotFound();
    const m = await tx.membership.findUniqueOrThrow({
      where: { id: input.membershipId },
      include: { worksite: true, person: true },
    });
    if (m.status === 'ENDED' || m.status === 'DECLINED') throw membershipNotFound();
    const { enrolment, result } = await eligibility(tx, m);
    if (!result.ok) throw new DomainError(result.code, result.reason);
    const r = await tx.remoteAccessRequest.create({ data: { membershipId: m.id } });
    await audit(tx, {
      actor: { type: 'PERSON', personId },
      action: 'remote_access.requested',
      target: { type: 'REMOTE_ACCESS_REQUEST', id: r.id },
      worksiteId: m.worksiteId,
      personId,
      after: { status: 'REQUESTED', membershipId: m.id },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    await enqueueWorksiteEmail(tx, {
      worksite: m.worksite,
      to: env().TEAM_MAILBOX,
      ...remoteAccessRequestedEmail({
        requesterName: displayName(m.person),
        profession: professionLabel(enrolment!.profession!),
        worksiteName: m.worksite.operatingName,
        url: portalUrl('/admin/remote-access'),
      }),
    });
    return { requestId: r.id, status: r.status };
  });
}

async function alreadyDecided(tx: Tx, r: { decidedById: string | null; decidedAt: Date | null }) {
  return alreadyDecidedError(tx, { actorId: r.decidedById, at: r.decidedAt });
}

/** The enrolment team approves or declines (a reason is required to decline). */
export async function decideRemoteAccess(
  staff: StaffCaller,
  input: { requestId: string; expectedStatus: GrantRequestStatus; approve: boolean; reason?: string | null },
  ctx: Ctx,
) {
  if (!staff.staffRoles.includes('ENROLMENT_TEAM'))
    throw new DomainError('FORBIDDEN', 'Only the enrolment team can do this.');
  const reason = input.reason?.trim() || null;
  if (!input.approve && !reason)
    throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
      reason: 'Tell the person why remote access is declined',
    });
  return db().$transaction(async (tx) => {
    if (!isUuid(input.requestId)) throw requestNotFound();
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "RemoteAccessRequest" WHERE id = ${input.requestId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw requestNotFound();
    const r = await tx.remoteAccessRequest.findUniqueOrThrow({
      where: { id: input.requestId },
      include: { membership: { include: { worksite: true, person: true } } },
    });
    const m = r.membership;
    if (m.personId === staff.id)
      throw new DomainError('FORBIDDEN', 'You cannot decide on your own request.');
    if (await memberOf(tx, staff.id, m.worksiteId))
      throw new DomainError('FORBIDDEN', 'You cannot decide on a worksite you belong to.');
    if (r.status !== input.expectedStatus || r.status !== 'REQUESTED') throw await alreadyDecided(tx, r);
    if (input.approve) {
      const eff = await effectiveStatusOf(tx, m.id);
      if (eff?.status !== 'ACTIVE')
        throw new DomainError(
          'INVALID_TRANSITION',
          'This membership is no longer active, so remote access cannot be approved. Decline the request instead.',
        );
    }
    const to: GrantRequestStatus = input.approve ? 'APPROVED' : 'DECLINED';
    const now = clock.now();
    const u = await tx.remoteAccessRequest.updateMany({
      where: { id: r.id, status: 'REQUESTED' },
      data: { status: to, decidedById: staff.id, decidedAt: now, decisionReason: reason },
    });
    if (u.count !== 1) throw await alreadyDecided(tx, r);
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: input.approve ? 'remote_access.approved' : 'remote_access.declined',
      target: { type: 'REMOTE_ACCESS_REQUEST', id: r.id },
      worksiteId: m.worksiteId,
      personId: m.personId,
      before: { status: r.status },
      after: { status: to, ...(reason ? { reason } : {}) },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    const email = contactOf(m.person);
    if (email)
      await enqueueWorksiteEmail(tx, {
        worksite: m.worksite,
        to: email,
        personId: m.personId,
        ...remoteAccessDecidedEmail({
          worksiteName: m.worksite.operatingName,
          approved: input.approve,
          reason,
          url: portalUrl(`/worksites/${m.worksiteId}/remote-access`),
        }),
      });
    return { requestId: r.id, status: to };
  });
}
