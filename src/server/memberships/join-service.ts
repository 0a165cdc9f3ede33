import 'server-only';
import type { Prisma, Worksite } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import { joinRequestedEmail } from '../email/templates/membership-join';
import { portalUrl } from '../email/worksite-email';
import { enqueueNotices } from '../notify';
import { claimKey, completeKey } from '../enrolments/idempotency';
import type { AuditContext as Ctx } from '../request-context';
import { lockWorksite, siteAdminContacts } from '../worksites/access';
import { normalizeWorksiteCode } from '../worksites/code';
import { limitJoinRequests } from '../throttle/limits';
import { joinRefusal, membershipKindFor } from './rules';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

// Asking to join a worksite (SPEC §8): by Worksite ID, or from the address lookup. Only ACTIVE
// worksites can be found or joined; any other worksite answers exactly like one that does not
// exist, so the lookup cannot be used to learn about worksites still in review or closed.

export type JoinTarget = { worksiteCode: string } | { worksiteId: string };
export type JoinInput = JoinTarget & { submissionKey?: string };
export type JoinResult = {
  membershipId: string;
  worksiteName: string;
  worksiteCode: string;
};

export const JOIN_NOT_FOUND_MESSAGE =
  'We could not find a worksite with that Worksite ID. Check the ID with someone who works there.';
const notFound = () => new DomainError('NOT_FOUND', JOIN_NOT_FOUND_MESSAGE);

async function findJoinable(tx: Tx, target: JoinTarget): Promise<Worksite> {
  let w: Worksite | null;
  if ('worksiteCode' in target) {
    const code = normalizeWorksiteCode(target.worksiteCode);
    if (!code) {
      throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
        worksiteCode: 'Enter a Worksite ID of 7 letters and numbers, for example K7M3QPX',
      });
    }
    w = await tx.worksite.findUnique({ where: { worksiteCode: code } });
  } else {
    w = isUuid(target.worksiteId)
      ? await tx.worksite.findUnique({ where: { id: target.worksiteId } })
      : null;
  }
  if (!w || w.status !== 'ACTIVE') throw notFound();
  return w;
}

const resultOf = (membershipId: string, w: Worksite): JoinResult => ({
  membershipId,
  worksiteName: w.operatingName,
  worksiteCode: w.worksiteCode,
});

/**
 * A REQUESTED membership for the person (a new one, or their ENDED/DECLINED one reopened), and
 * an email to each site admin. One transaction with the worksite row locked, so two requests at
 * once give one membership; the same form sent twice answers with the first result.
 */
export async function requestToJoin(
  personId: string,
  input: JoinInput,
  ctx: Ctx,
): Promise<JoinResult> {
  return db().$transaction(async (tx) => {
    const found = await findJoinable(tx, input);
    const key = input.submissionKey ? `membership.join:${found.id}:${input.submissionKey}` : null;
    if (key) {
      const claim = await claimKey(tx, key, personId, 'membership.join');
      if (!claim.claimed) return resultOf(claim.resultId, found);
    }
    const worksite = await lockWorksite(tx, found.id);
    if (worksite.status !== 'ACTIVE') throw notFound();

    const person = await tx.person.findUniqueOrThrow({
      where: { id: personId },
      include: { enrolment: true },
    });
    const existing = await tx.membership.findUnique({
      where: { personId_worksiteId: { personId, worksiteId: worksite.id } },
    });
    const refusal = joinRefusal(existing?.status ?? null);
    if (refusal) throw new DomainError('CONFLICT', refusal);
    // Each request emails the site admins; counted only if this transaction commits.
    await limitJoinRequests(tx, personId, clock.now());

    const kind = membershipKindFor(person.enrolment);
    const fresh: Prisma.MembershipUncheckedUpdateManyInput = {
      status: 'REQUESTED',
      kind,
      isSiteAdmin: false,
      isLocum: false,
      locumEndDate: null,
      confirmedById: null,
      assignedToId: null,
      statusChangedAt: clock.now(),
    };
    let membershipId: string;
    if (existing) {
      // Reopened: nothing of the old membership (role, locum flag) carries over.
      const r = await tx.membership.updateMany({
        where: { id: existing.id, status: existing.status },
        data: fresh,
      });
      if (r.count !== 1) throw new DomainError('CONFLICT', 'Please try again.');
      membershipId = existing.id;
    } else {
      const m = await tx.membership.create({
        data: { personId, worksiteId: worksite.id, status: 'REQUESTED', kind },
      });
      membershipId = m.id;
    }
    const change = await tx.membershipStatusChange.create({
      data: {
        membershipId,
        fromStatus: existing?.status ?? null,
        toStatus: 'REQUESTED',
        reason: 'Asked to join',
        actorId: personId,
      },
    });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'membership.requested',
      target: { type: 'MEMBERSHIP', id: membershipId },
      worksiteId: worksite.id,
      personId,
      before: existing ? { status: existing.status } : null,
      after: { status: 'REQUESTED', kind, via: 'worksiteCode' in input ? 'worksite_id' : 'lookup' },
    });
    const email = joinRequestedEmail({
      personName: displayName(person),
      worksiteName: worksite.operatingName,
      url: portalUrl(`/worksites/${worksite.id}/members`),
    });
    for (const admin of await siteAdminContacts(tx, worksite.id)) {
      await enqueueNotices(tx, [{
        worksite,
        to: { to: admin.email, personId: admin.personId },
        dedupeKey: `${email.template}:${change.id}:${admin.personId}`,
        email,
      }]);
    }
    if (key) await completeKey(tx, key, membershipId);
    return resultOf(membershipId, worksite);
  });
}
