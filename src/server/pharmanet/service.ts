import 'server-only';
import type { GrantRequestStatus, StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit } from '../audit';
import { db, type Tx } from '../db';
import { alreadyDecidedError } from '../decisions';
import {
  pharmanetInstructionsSentEmail,
  pharmanetUserDecidedEmail,
  pharmanetUserRequestedEmail,
  pharmanetWorksiteDecidedEmail,
  pharmanetWorksiteRequestedEmail,
} from '../email/templates/pharmanet';
import { enqueueWorksiteEmail, portalUrl } from '../email/worksite-email';
import { env } from '../env';
import { professionLabel } from '../professions/rules';
import type { RequestContext } from '../request-context';
import { effectiveStatusOf } from '../sponsorships/queries';
import { lockWorksite, memberOf, requireSiteAdmin, siteAdminContacts } from '../worksites/access';
import { userRequestEligibility, userStep, worksiteRequestEligibility, worksiteStep, type WorksiteTeamStep } from './rules';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

type Ctx = Pick<RequestContext, 'requestId' | 'ip'>;
export type StaffCaller = { id: string; staffRoles: readonly StaffRoleKind[] };
type Worksite = { id: string; worksiteCode: string; operatingName: string };

const worksiteNotFound = () => new DomainError('NOT_FOUND', 'We could not find that worksite.');
const requestNotFound = () => new DomainError('NOT_FOUND', 'We could not find that PharmaNet request.');
const pageUrl = (worksiteId: string) => portalUrl(`/worksites/${worksiteId}/pharmanet`);
const queueUrl = () => portalUrl('/admin/pharmanet');

function requireTeam(staff: StaffCaller) {
  if (!staff.staffRoles.includes('ENROLMENT_TEAM'))
    throw new DomainError('FORBIDDEN', 'Only the enrolment team can do this.');
}

/** Staff who work at the worksite do not decide for it (separation of duties). */
async function refuseOwnWorksite(tx: Tx, staff: StaffCaller, worksiteId: string) {
  if (await memberOf(tx, staff.id, worksiteId))
    throw new DomainError('FORBIDDEN', 'You cannot decide on a worksite you belong to.');
}

async function alreadyDecided(tx: Tx, r: { decidedById: string | null; decidedAt: Date | null; updatedAt: Date }) {
  return alreadyDecidedError(tx, { actorId: r.decidedById, at: r.decidedAt ?? r.updatedAt });
}

async function emailSiteAdmins(tx: Tx, worksite: Worksite, built: ReturnType<typeof pharmanetInstructionsSentEmail>) {
  for (const c of await siteAdminContacts(tx, worksite.id))
    await enqueueWorksiteEmail(tx, { worksite, to: c.email, personId: c.personId, ...built });
}

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
      actor: { type: 'PERSON', personId },
      action: 'pharmanet.worksite_requested',
      target: { type: 'PHARMANET_REQUEST', id: r.id },
      worksiteId: worksite.id,
      personId,
      after: { status: 'REQUESTED', kind: 'WORKSITE' },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    const me = await tx.person.findUniqueOrThrow({ where: { id: personId } });
    await enqueueWorksiteEmail(tx, {
      worksite,
      to: env().TEAM_MAILBOX,
      ...pharmanetWorksiteRequestedEmail({ requesterName: displayName(me), worksiteName: worksite.operatingName, url: queueUrl() }),
    });
    return { requestId: r.id, status: r.status };
  });
}

/** One guarded team step on a worksite request; the worksite row is locked first. */
async function worksiteTeamStep(
  staff: StaffCaller,
  input: { requestId: string; expectedStatus: GrantRequestStatus; reason?: string | null },
  step: WorksiteTeamStep,
  ctx: Ctx,
) {
  requireTeam(staff);
  const reason = input.reason?.trim() || null;
  if (step === 'DECLINE' && !reason)
    throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
      reason: 'Tell the site administrators why PharmaNet is declined',
    });
  return db().$transaction(async (tx) => {
    if (!isUuid(input.requestId)) throw requestNotFound();
    const found = await tx.pharmanetWorksiteRequest.findUnique({ where: { id: input.requestId } });
    if (!found) throw requestNotFound();
    const worksite = await lockWorksite(tx, found.worksiteId);
    await refuseOwnWorksite(tx, staff, worksite.id);
    const r = await tx.pharmanetWorksiteRequest.findUniqueOrThrow({ where: { id: found.id } });
    if (r.status !== input.expectedStatus || r.decidedAt) throw await alreadyDecided(tx, r);
    const to = worksiteStep(r.status, step);
    if (!to)
      throw new DomainError(
        'INVALID_TRANSITION',
        step === 'APPROVE'
          ? 'Record that the PRIME enrolment instructions were sent before approving.'
          : 'The PRIME enrolment instructions are already recorded as sent.',
      );
    if (step === 'APPROVE' && worksite.status !== 'ACTIVE')
      throw new DomainError(
        'INVALID_TRANSITION',
        'This worksite is no longer active, so PharmaNet cannot be enabled. Decline the request instead.',
      );
    const now = clock.now();
    const final = to === 'APPROVED' || to === 'DECLINED';
    const u = await tx.pharmanetWorksiteRequest.updateMany({
      where: { id: r.id, status: r.status },
      data: { status: to, ...(final ? { decidedById: staff.id, decidedAt: now, decisionReason: reason } : {}) },
    });
    if (u.count !== 1) throw await alreadyDecided(tx, r);
    if (to === 'APPROVED') await tx.worksite.update({ where: { id: worksite.id }, data: { pharmanetEnabled: true } });
    const action =
      step === 'INSTRUCTIONS_SENT' ? 'pharmanet.instructions_sent' : step === 'APPROVE' ? 'pharmanet.worksite_approved' : 'pharmanet.worksite_declined';
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action,
      target: { type: 'PHARMANET_REQUEST', id: r.id },
      worksiteId: worksite.id,
      before: { status: r.status, ...(to === 'APPROVED' ? { pharmanetEnabled: worksite.pharmanetEnabled } : {}) },
      after: { status: to, ...(to === 'APPROVED' ? { pharmanetEnabled: true } : {}), ...(reason ? { reason } : {}) },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    const url = pageUrl(worksite.id);
    await emailSiteAdmins(
      tx,
      worksite,
      step === 'INSTRUCTIONS_SENT'
        ? pharmanetInstructionsSentEmail({ worksiteName: worksite.operatingName, url })
        : pharmanetWorksiteDecidedEmail({ worksiteName: worksite.operatingName, approved: to === 'APPROVED', reason, url }),
    );
    return { requestId: r.id, status: to };
  });
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
      actor: { type: 'PERSON', personId },
      action: 'pharmanet.user_requested',
      target: { type: 'PHARMANET_REQUEST', id: r.id },
      worksiteId: m.worksiteId,
      personId,
      after: { status: 'REQUESTED', kind: 'USER', membershipId: m.id },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    await enqueueWorksiteEmail(tx, {
      worksite: m.worksite,
      to: env().TEAM_MAILBOX,
      ...pharmanetUserRequestedEmail({
        requesterName: displayName(m.person),
        profession: professionLabel(enrolment!.profession!),
        worksiteName: m.worksite.operatingName,
        url: queueUrl(),
      }),
    });
    return { requestId: r.id, status: r.status };
  });
}

/** The team approves or declines a person's request (a reason is required to decline). */
export async function teamDecideUserPharmanet(
  staff: StaffCaller,
  input: StepInput & { approve: boolean; reason?: string | null },
  ctx: Ctx,
) {
  requireTeam(staff);
  const reason = input.reason?.trim() || null;
  if (!input.approve && !reason)
    throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
      reason: 'Tell the person why PharmaNet access is declined',
    });
  return db().$transaction(async (tx) => {
    if (!isUuid(input.requestId)) throw requestNotFound();
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "PharmanetUserRequest" WHERE id = ${input.requestId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw requestNotFound();
    const r = await tx.pharmanetUserRequest.findUniqueOrThrow({
      where: { id: input.requestId },
      include: { membership: { include: { worksite: true, person: true } } },
    });
    const m = r.membership;
    if (m.personId === staff.id) throw new DomainError('FORBIDDEN', 'You cannot decide on your own request.');
    await refuseOwnWorksite(tx, staff, m.worksiteId);
    const to = userStep(r.status, input.approve);
    if (r.status !== input.expectedStatus || !to) throw await alreadyDecided(tx, r);
    if (input.approve) {
      const eff = await effectiveStatusOf(tx, m.id);
      const enrolment = await tx.enrolment.findUnique({ where: { personId: m.personId } });
      const e = userRequestEligibility({
        profession: enrolment?.profession,
        membershipStatus: eff?.status ?? m.status,
        worksiteStatus: m.worksite.status,
        pharmanetEnabled: m.worksite.pharmanetEnabled,
        openRequest: null,
      });
      if (!e.ok)
        throw new DomainError('INVALID_TRANSITION', `This request cannot be approved now: ${e.reason} Decline it instead.`);
    }
    const u = await tx.pharmanetUserRequest.updateMany({
      where: { id: r.id, status: 'REQUESTED' },
      data: { status: to, decidedById: staff.id, decidedAt: clock.now(), decisionReason: reason },
    });
    if (u.count !== 1) throw await alreadyDecided(tx, r);
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: input.approve ? 'pharmanet.user_approved' : 'pharmanet.user_declined',
      target: { type: 'PHARMANET_REQUEST', id: r.id },
      worksiteId: m.worksiteId,
      personId: m.personId,
      before: { status: r.status },
      after: { status: to, ...(reason ? { reason } : {}) },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    const email = m.person.contactEmail ?? m.person.idpEmail;
    if (email)
      await enqueueWorksiteEmail(tx, {
        worksite: m.worksite,
        to: email,
        personId: m.personId,
        ...pharmanetUserDecidedEmail({
          worksiteName: m.worksite.operatingName,
          approved: input.approve,
          reason,
          url: pageUrl(m.worksiteId),
        }),
      });
    return { requestId: r.id, status: to };
  });
}
