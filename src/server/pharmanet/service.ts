import 'server-only';
import type { GrantRequestStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit, byPerson } from '../audit';
import { db } from '../db';
import { decide, lockById, siteAdminsFrom, siteAdminsInclude, type DecisionContext as Ctx, type StaffCaller } from '../decisions';
import {
  pharmanetInstructionsSentEmail,
  pharmanetUserDecidedEmail,
  pharmanetUserRequestedEmail,
  pharmanetWorksiteDecidedEmail,
  pharmanetWorksiteRequestedEmail,
} from '../email/templates/pharmanet';
import { portalUrl } from '../email/worksite-email';
import { enqueueNotices, recipientOf, teamMailbox } from '../notify';
import { professionLabel } from '../professions/rules';
import { effectiveStatusesFrom, effectiveStatusOf, withSponsors } from '../sponsorships/queries';
import { clock } from '@/lib/clock';
import { requireSiteAdmin } from '../worksites/access';
import { userRequestEligibility, userStep, worksiteRequestEligibility, worksiteStep, type WorksiteTeamStep } from './rules';
import { isUuid } from '@/lib/ids';

export type { StaffCaller };

const REQUEST_NOT_FOUND = 'We could not find that PharmaNet request.';
const worksiteNotFound = () => new DomainError('NOT_FOUND', 'We could not find that worksite.');
const requestNotFound = () => new DomainError('NOT_FOUND', REQUEST_NOT_FOUND);
const pageUrl = (worksiteId: string) => portalUrl(`/worksites/${worksiteId}/pharmanet`);
const queueUrl = () => portalUrl('/admin/pharmanet');

// ───────────────────────────── Worksite requests ─────────────────────────────

/** A site admin of an ACTIVE worksite asks the team to enable PharmaNet there. */
export async function requestWorksitePharmanet(personId: string, input: { worksiteId: string }, ctx: Ctx) {
  return db().$transaction(async (tx) => {
    const { worksite } = await requireSiteAdmin(tx, personId, input.worksiteId);
    const open = await tx.pharmanetWorksiteRequest.findFirst({
      where: { worksiteId: worksite.id, status: { in: ['REQUESTED', 'INSTRUCTIONS_SENT', 'APPROVED'] } },
    });
    const e = worksiteRequestEligibility({
      isSiteAdmin: true,
      worksiteStatus: worksite.status,
      pharmanetEnabled: worksite.pharmanetEnabled,
      openRequest: open?.status ?? null,
    });
    if (!e.ok) throw new DomainError(e.code, e.reason);
    const r = await tx.pharmanetWorksiteRequest.create({ data: { worksiteId: worksite.id, requestedById: personId } });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'pharmanet.worksite_requested',
      target: { type: 'PHARMANET_REQUEST', id: r.id },
      worksiteId: worksite.id,
      personId,
      after: { status: 'REQUESTED', kind: 'WORKSITE' },
    });
    const me = await tx.person.findUniqueOrThrow({ where: { id: personId } });
    await enqueueNotices(tx, [{
      worksite,
      to: teamMailbox(),
      email: pharmanetWorksiteRequestedEmail({ requesterName: displayName(me), worksiteName: worksite.operatingName, url: queueUrl() }),
    }]);
    return { requestId: r.id, status: r.status };
  });
}

// Which step writes what: the audit action and whether the worksite becomes PharmaNet-enabled.
const WORKSITE_AUDIT: Record<WorksiteTeamStep, string> = {
  INSTRUCTIONS_SENT: 'pharmanet.instructions_sent',
  APPROVE: 'pharmanet.worksite_approved',
  DECLINE: 'pharmanet.worksite_declined',
};

/** One team step on a worksite request, declared for decide(); the worksite row is locked. */
async function worksiteTeamStep(
  staff: StaffCaller,
  input: { requestId: string; expectedStatus: GrantRequestStatus; reason?: string | null },
  step: WorksiteTeamStep,
  ctx: Ctx,
) {
  const d = await decide(
    staff,
    {
      capability: 'pharmanet.decide',
      reason: { value: input.reason, requiredFor: step === 'DECLINE' ? 'the site administrators' : undefined },
      // The worksite row is locked (steps there queue up), then the request read with its site admins.
      async load(tx) {
        if (!isUuid(input.requestId)) throw requestNotFound();
        const locked = await tx.$queryRaw<{ id: string }[]>`
          SELECT r.id FROM "PharmanetWorksiteRequest" r JOIN "Worksite" w ON w.id = r."worksiteId"
           WHERE r.id = ${input.requestId}::uuid FOR UPDATE OF w`;
        if (locked.length === 0) throw requestNotFound();
        const { worksite, ...r } = await tx.pharmanetWorksiteRequest.findUniqueOrThrow({
          where: { id: input.requestId },
          include: { worksite: { include: { memberships: siteAdminsInclude } } },
        });
        const { memberships, ...w } = worksite;
        return { ...r, worksite: w, siteAdmins: siteAdminsFrom(memberships) };
      },
      parties: (r) => ({ worksiteId: r.worksiteId }),
      status: (r) => r.status,
      expectedStatus: input.expectedStatus,
      transition(r) {
        if (r.decidedAt) return null;
        const to = worksiteStep(r.status, step);
        if (to) return { ok: true, to };
        return {
          ok: false,
          reason:
            step === 'APPROVE'
              ? 'Record that the PRIME enrolment instructions were sent before approving.'
              : 'The PRIME enrolment instructions are already recorded as sent.',
        };
      },
      async check(_tx, r, to) {
        if (to === 'APPROVED' && r.worksite.status !== 'ACTIVE')
          throw new DomainError(
            'INVALID_TRANSITION',
            'This worksite is no longer active, so PharmaNet cannot be enabled. Decline the request instead.',
          );
      },
      update(r, to, { now, reason }) {
        const final = to === 'APPROVED' || to === 'DECLINED';
        return {
          table: 'PharmanetWorksiteRequest',
          id: r.id,
          status: r.status,
          set: { status: to, ...(final ? { decidedById: staff.id, decidedAt: now, decisionReason: reason } : {}) },
        };
      },
      rows: ({ record: r, to }) => (to === 'APPROVED' ? [{ table: 'Worksite', updateId: r.worksiteId, data: { pharmanetEnabled: true } }] : []),
      lastDecision: async (_tx, r) => ({ actorId: r.decidedById, at: r.decidedAt ?? r.updatedAt }),
      notify({ record: r, to, reason }) {
        const worksite = r.worksite;
        const url = pageUrl(worksite.id);
        const email =
          step === 'INSTRUCTIONS_SENT'
            ? pharmanetInstructionsSentEmail({ worksiteName: worksite.operatingName, url })
            : pharmanetWorksiteDecidedEmail({ worksiteName: worksite.operatingName, approved: to === 'APPROVED', reason, url });
        return r.siteAdmins.map((rcpt) => ({ to: rcpt, email, worksite }));
      },
      audit: ({ record: r, from, to, reason }) => ({
        action: WORKSITE_AUDIT[step],
        target: { type: 'PHARMANET_REQUEST', id: r.id },
        worksiteId: r.worksiteId,
        before: { status: from, ...(to === 'APPROVED' ? { pharmanetEnabled: r.worksite.pharmanetEnabled } : {}) },
        after: { status: to, ...(to === 'APPROVED' ? { pharmanetEnabled: true } : {}), ...(reason ? { reason } : {}) },
      }),
    },
    ctx,
  );
  return { requestId: d.record.id, status: d.to, at: d.now, reason: d.reason };
}

type StepInput = { requestId: string; expectedStatus: GrantRequestStatus };

/** The team records that the PRIME enrolment instructions were sent (REQUESTED → INSTRUCTIONS_SENT). */
export const teamMarkInstructionsSent = (staff: StaffCaller, input: StepInput, ctx: Ctx) =>
  worksiteTeamStep(staff, input, 'INSTRUCTIONS_SENT', ctx);

/** The team approves (INSTRUCTIONS_SENT → APPROVED): the worksite becomes PharmaNet-enabled. */
export const teamApproveWorksitePharmanet = (staff: StaffCaller, input: StepInput, ctx: Ctx) =>
  worksiteTeamStep(staff, input, 'APPROVE', ctx);

/** The team declines, with a reason the site admins read. */
export const teamDeclineWorksitePharmanet = (staff: StaffCaller, input: StepInput & { reason: string }, ctx: Ctx) =>
  worksiteTeamStep(staff, input, 'DECLINE', ctx);

// ───────────────────────────── User requests ─────────────────────────────

/** A member asks for their own PharmaNet access at a PharmaNet-enabled worksite. */
export async function requestUserPharmanet(personId: string, input: { worksiteId: string }, ctx: Ctx) {
  return db().$transaction(async (tx) => {
    if (!isUuid(input.worksiteId)) throw worksiteNotFound();
    // Lock the caller's own membership; a worksite they do not belong to answers like a missing one.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Membership" WHERE "worksiteId" = ${input.worksiteId}::uuid AND "personId" = ${personId}::uuid FOR UPDATE`;
    if (rows.length === 0) throw worksiteNotFound();
    const m = await tx.membership.findUniqueOrThrow({ where: { id: rows[0]!.id }, include: { worksite: true, person: true } });
    if (m.status === 'ENDED' || m.status === 'DECLINED') throw worksiteNotFound();
    // One connection per transaction: queries run one after another.
    const enrolment = await tx.enrolment.findUnique({ where: { personId } });
    const eff = await effectiveStatusOf(tx, m.id);
    const open = await tx.pharmanetUserRequest.findFirst({
      where: { membershipId: m.id, status: { in: ['REQUESTED', 'APPROVED'] } },
    });
    const e = userRequestEligibility({
      // A pharmacist hears the designation-order answer even before their enrolment is approved.
      profession: enrolment?.status === 'APPROVED' || enrolment?.profession === 'PHARMACIST' ? enrolment.profession : null,
      membershipStatus: eff?.status ?? m.status,
      worksiteStatus: m.worksite.status,
      pharmanetEnabled: m.worksite.pharmanetEnabled,
      openRequest: open?.status ?? null,
    });
    if (!e.ok) throw new DomainError(e.code, e.reason);
    const r = await tx.pharmanetUserRequest.create({ data: { membershipId: m.id } });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'pharmanet.user_requested',
      target: { type: 'PHARMANET_REQUEST', id: r.id },
      worksiteId: m.worksiteId,
      personId,
      after: { status: 'REQUESTED', kind: 'USER', membershipId: m.id },
    });
    await enqueueNotices(tx, [{
      worksite: m.worksite,
      to: teamMailbox(),
      email: pharmanetUserRequestedEmail({
        requesterName: displayName(m.person),
        profession: professionLabel(enrolment!.profession!),
        worksiteName: m.worksite.operatingName,
        url: queueUrl(),
      }),
    }]);
    return { requestId: r.id, status: r.status };
  });
}

/** The team approves or declines a person's request (a reason is required to decline). */
export async function teamDecideUserPharmanet(
  staff: StaffCaller,
  input: StepInput & { approve: boolean; reason?: string | null },
  ctx: Ctx,
) {
  const d = await decide(
    staff,
    {
      capability: 'pharmanet.decide',
      reason: { value: input.reason, requiredFor: input.approve ? undefined : 'the person' },
      async load(tx) {
        await lockById(tx, 'PharmanetUserRequest', input.requestId, REQUEST_NOT_FOUND);
        return tx.pharmanetUserRequest.findUniqueOrThrow({
          where: { id: input.requestId },
          include: { membership: { include: { worksite: true, person: { include: { enrolment: true } }, ...withSponsors } } },
        });
      },
      parties: (r) => ({ personId: r.membership.personId, worksiteId: r.membership.worksiteId }),
      conflict: { ownRecord: 'You cannot decide on your own request.' },
      status: (r) => r.status,
      expectedStatus: input.expectedStatus,
      transition(r) {
        const to = userStep(r.status, input.approve);
        return to ? { ok: true, to } : null;
      },
      check(_tx, r) {
        if (!input.approve) return;
        const m = r.membership;
        const eff = effectiveStatusesFrom([m], clock.now()).get(m.id);
        const e = userRequestEligibility({
          profession: m.person.enrolment?.profession,
          membershipStatus: eff?.status ?? m.status,
          worksiteStatus: m.worksite.status,
          pharmanetEnabled: m.worksite.pharmanetEnabled,
          openRequest: null,
        });
        if (!e.ok) throw new DomainError('INVALID_TRANSITION', `This request cannot be approved now: ${e.reason} Decline it instead.`);
      },
      update: (r, to, { now, reason }) => ({
        table: 'PharmanetUserRequest',
        id: r.id,
        status: 'REQUESTED',
        set: { status: to, decidedById: staff.id, decidedAt: now, decisionReason: reason },
      }),
      lastDecision: async (_tx, r) => ({ actorId: r.decidedById, at: r.decidedAt ?? r.updatedAt }),
      notify: ({ record: r, reason }) => [
        {
          to: recipientOf(r.membership.person),
          worksite: r.membership.worksite,
          email: pharmanetUserDecidedEmail({
            worksiteName: r.membership.worksite.operatingName,
            approved: input.approve,
            reason,
            url: pageUrl(r.membership.worksiteId),
          }),
        },
      ],
      audit: ({ record: r, from, to, reason }) => ({
        action: input.approve ? 'pharmanet.user_approved' : 'pharmanet.user_declined',
        target: { type: 'PHARMANET_REQUEST', id: r.id },
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
