import 'server-only';
import type { GrantRequestStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import { decide, lockById, type DecisionContext as Ctx, type StaffCaller } from '../decisions';
import { remoteAccessDecidedEmail, remoteAccessRequestedEmail } from '../email/templates/remote-access';
import { portalUrl } from '../email/worksite-email';
import { professionLabel } from '../professions/rules';
import { enqueueNotices, recipientOf, teamMailbox } from '../notify';
import { effectiveStatusesFrom, effectiveStatusOf, withSponsors } from '../sponsorships/queries';
import { clock } from '@/lib/clock';
import { remoteAccessEligibility } from './rules';
import { isUuid } from '@/lib/ids';

export type { StaffCaller };

const membershipNotFound = () => new DomainError('NOT_FOUND', 'We could not find that membership.');
const REQUEST_NOT_FOUND = 'We could not find that remote access request.';

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
      ...byPerson(personId, ctx),
      action: 'remote_access.requested',
      target: { type: 'REMOTE_ACCESS_REQUEST', id: r.id },
      worksiteId: m.worksiteId,
      personId,
      after: { status: 'REQUESTED', membershipId: m.id },
    });
    await enqueueNotices(tx, [{
      worksite: m.worksite,
      to: teamMailbox(),
      email: remoteAccessRequestedEmail({
        requesterName: displayName(m.person),
        profession: professionLabel(enrolment!.profession!),
        worksiteName: m.worksite.operatingName,
        url: portalUrl('/admin/remote-access'),
      }),
    }]);
    return { requestId: r.id, status: r.status };
  });
}

/** The enrolment team approves or declines (a reason is required to decline). */
export async function decideRemoteAccess(
  staff: StaffCaller,
  input: { requestId: string; expectedStatus: GrantRequestStatus; approve: boolean; reason?: string | null },
  ctx: Ctx,
) {
  const d = await decide(
    staff,
    {
      capability: 'remoteAccess.decide',
      reason: { value: input.reason, requiredFor: input.approve ? undefined : 'the person' },
      async load(tx) {
        await lockById(tx, 'RemoteAccessRequest', input.requestId, REQUEST_NOT_FOUND);
        return tx.remoteAccessRequest.findUniqueOrThrow({
          where: { id: input.requestId },
          include: { membership: { include: { worksite: true, person: { include: { enrolment: true } }, ...withSponsors } } },
        });
      },
      parties: (r) => ({ personId: r.membership.personId, worksiteId: r.membership.worksiteId }),
      conflict: { ownRecord: 'You cannot decide on your own request.' },
      status: (r) => r.status,
      expectedStatus: input.expectedStatus,
      transition: (r) => (r.status === 'REQUESTED' ? { ok: true, to: input.approve ? 'APPROVED' : 'DECLINED' } : null),
      check(_tx, r) {
        if (!input.approve) return;
        const eff = effectiveStatusesFrom([r.membership], clock.now()).get(r.membership.id);
        if (eff?.status !== 'ACTIVE')
          throw new DomainError(
            'INVALID_TRANSITION',
            'This membership is no longer active, so remote access cannot be approved. Decline the request instead.',
          );
      },
      update: (r, to, { now, reason }) => ({
        table: 'RemoteAccessRequest',
        id: r.id,
        status: 'REQUESTED',
        set: { status: to, decidedById: staff.id, decidedAt: now, decisionReason: reason },
      }),
      lastDecision: async (_tx, r) => ({ actorId: r.decidedById, at: r.decidedAt }),
      notify: ({ record: r, reason }) => [
        {
          to: recipientOf(r.membership.person),
          worksite: r.membership.worksite,
          email: remoteAccessDecidedEmail({
            worksiteName: r.membership.worksite.operatingName,
            approved: input.approve,
            reason,
            url: portalUrl(`/worksites/${r.membership.worksiteId}/remote-access`),
          }),
        },
      ],
      audit: ({ record: r, from, to, reason }) => ({
        action: input.approve ? 'remote_access.approved' : 'remote_access.declined',
        target: { type: 'REMOTE_ACCESS_REQUEST', id: r.id },
        worksiteId: r.membership.worksiteId,
        personId: r.membership.personId,
        before: { status: from },
        after: { status: to, ...(reason ? { reason } : {}) },
      }),
    },
    ctx,
  );
  return { requestId: d.record.id, status: d.to, at: d.now, reason: d.reason };
}
