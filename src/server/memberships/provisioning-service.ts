import 'server-only';
import type { MembershipKind, MembershipStatus, StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import { staffRolesFor } from '../authz/policy';
import { db, type Tx } from '../db';
import { alreadyDecidedError } from '../decisions';
import {
  membershipDeclinedByTeamEmail,
  membershipProvisionedEmail,
} from '../email/templates/membership-join';
import { enqueueWorksiteEmail, portalUrl } from '../email/worksite-email';
import type { RequestContext } from '../request-context';
import { activeSponsorCount, authorizersAt } from '../sponsorships/queries';
import { NO_AUTHORIZER_FOR_APPROVAL_MESSAGE } from '../sponsorships/rules';
import { lockWorksite, memberOf } from '../worksites/access';
import { statusLabel } from '../worksites/rules';
import { membershipKindFor } from './rules';
import type { DeclineMembershipValues, ProvisionValues } from './provisioning-schema';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

// The enrolment team sets up a confirmed membership (SPEC §8: PENDING_REVIEW → ACTIVE), or
// declines it. One transaction per decision with the worksite row locked, so two staff members
// deciding at once queue up and the second finds the membership already decided.

export type StaffCaller = { id: string; staffRoles: readonly StaffRoleKind[] };
type Ctx = Pick<RequestContext, 'requestId' | 'ip'>;

export const PROVISION_ROLES: StaffRoleKind[] = staffRolesFor('membership.provision');
export const OWN_MEMBERSHIP_MESSAGE = 'You cannot decide on your own membership.';
export const OWN_WORKSITE_MESSAGE = 'You cannot decide on a worksite you belong to.';
export const NO_SPONSOR_MESSAGE =
  'This on-behalf-of membership has no active sponsor yet. It can be set up once an authorizer at the worksite has agreed to sponsor the person.';

const notFound = () => new DomainError('NOT_FOUND', 'We could not find that membership.');

function requireTeam(staff: StaffCaller) {
  if (staff.staffRoles.length === 0)
    throw new DomainError('FORBIDDEN', 'This is only available to the enrolment team.');
  if (!staff.staffRoles.some((r) => PROVISION_ROLES.includes(r)))
    throw new DomainError('FORBIDDEN', 'Only the enrolment team can do this.');
}

/** Who moved the membership out of the state the page showed, and when. */
async function alreadyDecided(tx: Tx, membershipId: string): Promise<DomainError> {
  const last = await tx.membershipStatusChange.findFirst({
    where: { membershipId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
  return alreadyDecidedError(tx, { actorId: last?.actorId ?? null, at: last?.createdAt ?? null });
}

/** Loads and checks everything both decisions share; returns the membership read under the lock. */
async function loadForDecision(
  tx: Tx,
  staff: StaffCaller,
  input: { membershipId: string; expectedStatus: MembershipStatus },
) {
  if (!isUuid(input.membershipId)) throw notFound();
  const first = await tx.membership.findUnique({ where: { id: input.membershipId } });
  if (!first) throw notFound();
  const worksite = await lockWorksite(tx, first.worksiteId);
  // Also lock the membership: a sponsorship ending at the same moment waits for this decision.
  await tx.$queryRaw`SELECT id FROM "Membership" WHERE id = ${first.id}::uuid FOR UPDATE`;
  const m = await tx.membership.findUniqueOrThrow({
    where: { id: first.id },
    include: { person: { include: { enrolment: true } } },
  });
  // Nobody sets up their own access, nor access at a worksite where they work.
  if (m.personId === staff.id) throw new DomainError('FORBIDDEN', OWN_MEMBERSHIP_MESSAGE);
  if (await memberOf(tx, staff.id, worksite.id))
    throw new DomainError('FORBIDDEN', OWN_WORKSITE_MESSAGE);
  if (m.status !== input.expectedStatus) throw await alreadyDecided(tx, m.id);
  if (m.status !== 'PENDING_REVIEW')
    throw new DomainError(
      'INVALID_TRANSITION',
      'Only a membership waiting for the enrolment team can be set up or declined here.',
    );
  return { m, worksite };
}

/** Guarded write (still PENDING_REVIEW) plus its history row. */
async function decide(
  tx: Tx,
  membershipId: string,
  staffId: string,
  to: 'ACTIVE' | 'DECLINED',
  data: { kind?: MembershipKind; reason: string },
) {
  const r = await tx.membership.updateMany({
    where: { id: membershipId, status: 'PENDING_REVIEW' },
    data: {
      status: to,
      statusChangedAt: clock.now(),
      ...(data.kind ? { kind: data.kind } : {}),
    },
  });
  if (r.count !== 1) throw await alreadyDecided(tx, membershipId);
  await tx.membershipStatusChange.create({
    data: {
      membershipId,
      fromStatus: 'PENDING_REVIEW',
      toStatus: to,
      reason: data.reason,
      actorId: staffId,
    },
  });
}

const contactOf = (p: { contactEmail: string | null; idpEmail: string | null }) =>
  p.contactEmail ?? p.idpEmail;

/** PENDING_REVIEW → ACTIVE, with the kind re-derived from the person's enrolment now. */
export async function provisionMembership(staff: StaffCaller, input: ProvisionValues, ctx: Ctx) {
  requireTeam(staff);
  return db().$transaction(async (tx) => {
    const { m, worksite } = await loadForDecision(tx, staff, input);
    if (worksite.status !== 'ACTIVE')
      throw new DomainError(
        'INVALID_TRANSITION',
        `This worksite is ${statusLabel(worksite.status).toLowerCase()}, so access there cannot be set up.`,
      );
    // People join before their enrolment is settled; the kind that counts is today's profession.
    const kind = membershipKindFor(m.person.enrolment);
    if (kind === 'ON_BEHALF_OF') {
      if ((await authorizersAt(tx, worksite.id)).length === 0)
        throw new DomainError('CONFLICT', NO_AUTHORIZER_FOR_APPROVAL_MESSAGE);
      if ((await activeSponsorCount(tx, m.id)) === 0)
        throw new DomainError('CONFLICT', NO_SPONSOR_MESSAGE);
    }
    await decide(tx, m.id, staff.id, 'ACTIVE', {
      kind,
      reason: 'Access set up by the enrolment team',
    });
    const to = contactOf(m.person);
    if (to) {
      await enqueueWorksiteEmail(tx, {
        worksite,
        to,
        personId: m.personId,
        dedupeKey: `membership.provisioned:${m.id}:${m.statusChangedAt.toISOString()}`,
        ...membershipProvisionedEmail({
          worksiteName: worksite.operatingName,
          url: portalUrl('/worksites'),
        }),
      });
    }
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'membership.provisioned',
      target: { type: 'MEMBERSHIP', id: m.id },
      worksiteId: worksite.id,
      personId: m.personId,
      before: { status: m.status, kind: m.kind },
      after: { status: 'ACTIVE', kind, emailed: Boolean(to) },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { membershipId: m.id, status: 'ACTIVE' as const, kind };
  });
}

/** PENDING_REVIEW → DECLINED; the person reads the reason. */
export async function declineMembership(
  staff: StaffCaller,
  input: DeclineMembershipValues,
  ctx: Ctx,
) {
  requireTeam(staff);
  const reason = input.reason.trim();
  if (reason.length < 5)
    throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
      reason: 'Give a reason of at least 5 characters; the person will read it.',
    });
  return db().$transaction(async (tx) => {
    const { m, worksite } = await loadForDecision(tx, staff, input);
    await decide(tx, m.id, staff.id, 'DECLINED', { reason });
    const to = contactOf(m.person);
    if (to) {
      await enqueueWorksiteEmail(tx, {
        worksite,
        to,
        personId: m.personId,
        dedupeKey: `membership.declined_by_team:${m.id}:${m.statusChangedAt.toISOString()}`,
        ...membershipDeclinedByTeamEmail({
          worksiteName: worksite.operatingName,
          reason,
          url: portalUrl('/worksites'),
        }),
      });
    }
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'membership.declined_by_team',
      target: { type: 'MEMBERSHIP', id: m.id },
      worksiteId: worksite.id,
      personId: m.personId,
      before: { status: m.status },
      after: { status: 'DECLINED', reason, emailed: Boolean(to) },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { membershipId: m.id, status: 'DECLINED' as const };
  });
}
