import 'server-only';
import type { MembershipStatus, StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { staffRolesFor } from '../authz/policy';
import type { Tx } from '../db';
import { decide, OWN_WORKSITE_MESSAGE, type DecidingStaff, type DecisionContext as Ctx, type StaffCaller } from '../decisions';
import {
  membershipDeclinedByTeamEmail,
  membershipProvisionedEmail,
} from '../email/templates/membership-join';
import { portalUrl } from '../email/worksite-email';
import { recipientOf } from '../notify';
import { activeSponsorCount, authorizersAt } from '../sponsorships/queries';
import { NO_AUTHORIZER_FOR_APPROVAL_MESSAGE } from '../sponsorships/rules';
import { statusLabel } from '../worksites/rules';
import { membershipKindFor } from './rules';
import type { DeclineMembershipValues, ProvisionValues } from './provisioning-schema';
import { isUuid } from '@/lib/ids';

// The enrolment team sets up a confirmed membership (SPEC §8: PENDING_REVIEW → ACTIVE), or
// declines it. One transaction per decision with the worksite row locked, so two staff members
// deciding at once queue up and the second finds the membership already decided.

export type { StaffCaller };

export const PROVISION_ROLES: StaffRoleKind[] = staffRolesFor('membership.provision');
export const OWN_MEMBERSHIP_MESSAGE = 'You cannot decide on your own membership.';
export { OWN_WORKSITE_MESSAGE };
export const NO_SPONSOR_MESSAGE =
  'This on-behalf-of membership has no active sponsor yet. It can be set up once an authorizer at the worksite has agreed to sponsor the person.';

const NOT_FOUND = 'We could not find that membership.';

/** Locks the worksite (decisions there queue up) and the membership (a sponsorship ending at the
 * same moment waits for this decision) in one statement, then reads what the decision needs. */
async function load(tx: Tx, membershipId: string) {
  if (!isUuid(membershipId)) throw new DomainError('NOT_FOUND', NOT_FOUND);
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM "Worksite" w JOIN "Membership" m ON m."worksiteId" = w.id
     WHERE m.id = ${membershipId}::uuid FOR UPDATE OF w, m`;
  if (locked.length === 0) throw new DomainError('NOT_FOUND', NOT_FOUND);
  const m = await tx.membership.findUniqueOrThrow({
    where: { id: membershipId },
    include: { worksite: true, person: { include: { enrolment: true } } },
  });
  // People join before their enrolment is settled; the kind that counts is today's profession.
  return { ...m, kindNow: membershipKindFor(m.person.enrolment) };
}
type Loaded = Awaited<ReturnType<typeof load>>;
type To = 'ACTIVE' | 'DECLINED';

/** What both team decisions on a confirmed membership share: PENDING_REVIEW → `to`. */
function membershipDecision(
  input: { membershipId: string; expectedStatus: MembershipStatus },
  to: To,
  historyReason: (reason: string | null) => string,
) {
  return {
    capability: 'membership.provision' as const,
    load: (tx: Tx) => load(tx, input.membershipId),
    parties: (m: Loaded) => ({ personId: m.personId, worksiteId: m.worksiteId }),
    conflict: { ownRecord: OWN_MEMBERSHIP_MESSAGE, ownWorksite: OWN_WORKSITE_MESSAGE },
    status: (m: Loaded) => m.status,
    expectedStatus: input.expectedStatus,
    transition: (m: Loaded) =>
      m.status === 'PENDING_REVIEW'
        ? { ok: true as const, to }
        : { ok: false as const, reason: 'Only a membership waiting for the enrolment team can be set up or declined here.' },
    history: (m: Loaded, _to: MembershipStatus, d: { reason: string | null; actorId: string }) => ({
      table: 'MembershipStatusChange',
      data: { membershipId: m.id, fromStatus: 'PENDING_REVIEW', toStatus: to, reason: historyReason(d.reason), actorId: d.actorId },
    }),
    async lastDecision(tx: Tx, m: Loaded) {
      const last = await tx.membershipStatusChange.findFirst({
        where: { membershipId: m.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return { actorId: last?.actorId ?? null, at: last?.createdAt ?? null };
    },
  };
}

/** PENDING_REVIEW → ACTIVE, with the kind re-derived from the person's enrolment now. */
export async function provisionMembership(staff: DecidingStaff, input: ProvisionValues, ctx: Ctx) {
  const d = await decide(
    staff,
    {
      ...membershipDecision(input, 'ACTIVE', () => 'Access set up by the enrolment team'),
      async check(tx, m) {
        if (m.worksite.status !== 'ACTIVE')
          throw new DomainError(
            'INVALID_TRANSITION',
            `This worksite is ${statusLabel(m.worksite.status).toLowerCase()}, so access there cannot be set up.`,
          );
        if (m.kindNow === 'ON_BEHALF_OF') {
          if ((await authorizersAt(tx, m.worksiteId)).length === 0) throw new DomainError('CONFLICT', NO_AUTHORIZER_FOR_APPROVAL_MESSAGE);
          if ((await activeSponsorCount(tx, m.id)) === 0) throw new DomainError('CONFLICT', NO_SPONSOR_MESSAGE);
        }
      },
      update: (m, to, { now }) => ({ table: 'Membership', id: m.id, status: 'PENDING_REVIEW', set: { status: to, statusChangedAt: now, kind: m.kindNow } }),
      notify: ({ record: m }) => [
        {
          to: recipientOf(m.person),
          worksite: m.worksite,
          dedupeKey: `membership.provisioned:${m.id}:${m.statusChangedAt.toISOString()}`,
          email: membershipProvisionedEmail({ worksiteName: m.worksite.operatingName, url: portalUrl('/worksites') }),
        },
      ],
      audit: ({ record: m, from }, emailed) => ({
        action: 'membership.provisioned',
        target: { type: 'MEMBERSHIP', id: m.id },
        worksiteId: m.worksiteId,
        personId: m.personId,
        before: { status: from, kind: m.kind },
        after: { status: 'ACTIVE', kind: m.kindNow, emailed: emailed > 0 },
      }),
    },
    ctx,
  );
  return { membershipId: d.record.id, status: 'ACTIVE' as const, kind: d.record.kindNow, at: d.now, reason: d.reason };
}

/** PENDING_REVIEW → DECLINED; the person reads the reason. */
export async function declineMembership(staff: DecidingStaff, input: DeclineMembershipValues, ctx: Ctx) {
  const d = await decide(
    staff,
    {
      ...membershipDecision(input, 'DECLINED', (reason) => reason!),
      reason: { value: input.reason, requiredFor: 'the person' },
      update: (m, to, { now }) => ({ table: 'Membership', id: m.id, status: 'PENDING_REVIEW', set: { status: to, statusChangedAt: now } }),
      notify: ({ record: m, reason }) => [
        {
          to: recipientOf(m.person),
          worksite: m.worksite,
          dedupeKey: `membership.declined_by_team:${m.id}:${m.statusChangedAt.toISOString()}`,
          email: membershipDeclinedByTeamEmail({ worksiteName: m.worksite.operatingName, reason: reason!, url: portalUrl('/worksites') }),
        },
      ],
      audit: ({ record: m, from, reason }, emailed) => ({
        action: 'membership.declined_by_team',
        target: { type: 'MEMBERSHIP', id: m.id },
        worksiteId: m.worksiteId,
        personId: m.personId,
        before: { status: from },
        after: { status: 'DECLINED', reason, emailed: emailed > 0 },
      }),
    },
    ctx,
  );
  return { membershipId: d.record.id, status: 'DECLINED' as const, at: d.now, reason: d.reason };
}
