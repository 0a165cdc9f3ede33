import 'server-only';
import type { MembershipStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import {
  sponsorshipAnsweredEmail,
  sponsorshipEndedEmail,
  sponsorshipRequestedEmail,
} from '../email/templates/sponsorship';
import { portalUrl } from '../email/worksite-email';
import { enqueueNotices } from '../notify';
import { professionLabel } from '../professions/rules';
import type { AuditContext as Ctx } from '../request-context';
import { memberOf } from '../worksites/access';
import { activeSponsorCount, effectiveStatusOf } from './queries';
import { mayBeSponsor, sponsorshipTransition, type SponsorshipActor } from './rules';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

// On-behalf-of sponsorship (SPEC §8). Lock order, everywhere: sponsorship row, then the OBO
// membership row; a request locks only the membership. So answers, endings and provisioning of
// the same membership queue up and never deadlock.


const membershipNotFound = () =>
  new DomainError('NOT_FOUND', 'We could not find your on-behalf-of membership at that worksite.');
const sponsorNotFound = () => new DomainError('NOT_FOUND', 'We could not find that sponsor.');
const sponsorshipNotFound = () =>
  new DomainError('NOT_FOUND', 'We could not find that sponsorship.');
export const NOT_AN_AUTHORIZER_MESSAGE =
  'This person cannot sponsor you: only a fully enrolled physician, nurse practitioner or registered nurse who is active at this worksite can.';

const contactOf = (p: { contactEmail: string | null; idpEmail: string | null }) =>
  p.contactEmail ?? p.idpEmail;

async function lockMembership(tx: Tx, id: string) {
  await tx.$queryRaw`SELECT id FROM "Membership" WHERE id = ${id}::uuid FOR UPDATE`;
}

/** Guarded status change of the OBO membership with its history row and audit event. */
async function moveMembership(
  tx: Tx,
  m: { id: string; personId: string; worksiteId: string },
  from: MembershipStatus,
  to: MembershipStatus,
  p: { actorId: string; action: string; reason: string; ctx: Ctx },
) {
  const r = await tx.membership.updateMany({
    where: { id: m.id, status: from },
    data: { status: to, statusChangedAt: clock.now() },
  });
  if (r.count !== 1) return false;
  await tx.membershipStatusChange.create({
    data: { membershipId: m.id, fromStatus: from, toStatus: to, reason: p.reason, actorId: p.actorId },
  });
  await audit(tx, {
    ...byPerson(p.actorId, p.ctx),
    action: p.action,
    target: { type: 'MEMBERSHIP', id: m.id },
    worksiteId: m.worksiteId,
    personId: m.personId,
    before: { status: from },
    after: { status: to, reason: p.reason },
  });
  return true;
}

/** The OBO user asks an authorizer at the same worksite to sponsor them. */
export async function requestSponsorship(
  personId: string,
  input: { worksiteId: string; sponsorMembershipId: string },
  ctx: Ctx,
) {
  return db().$transaction(async (tx) => {
    const mine = await memberOf(tx, personId, input.worksiteId);
    if (!mine || mine.kind !== 'ON_BEHALF_OF' || mine.status === 'INVITED') throw membershipNotFound();
    await lockMembership(tx, mine.id); // one open request per pair, even for double submits
    const eff = await effectiveStatusOf(tx, mine.id);
    if (!eff || eff.status === 'ENDED' || eff.status === 'DECLINED') throw membershipNotFound();

    // A membership of another worksite answers exactly like a missing one.
    if (!isUuid(input.sponsorMembershipId)) throw sponsorNotFound();
    const sponsor = await tx.membership.findFirst({
      where: { id: input.sponsorMembershipId, worksiteId: mine.worksiteId },
      include: { person: { include: { enrolment: true } } },
    });
    if (!sponsor) throw sponsorNotFound();
    const sponsorEff = await effectiveStatusOf(tx, sponsor.id);
    if (
      sponsor.id === mine.id ||
      !mayBeSponsor({
        profession: sponsor.person.enrolment?.profession,
        enrolmentStatus: sponsor.person.enrolment?.status,
        membershipStatus: sponsorEff?.status ?? sponsor.status,
      })
    )
      throw new DomainError('INVALID_TRANSITION', NOT_AN_AUTHORIZER_MESSAGE);

    const open = await tx.sponsorship.findFirst({
      where: {
        oboMembershipId: mine.id,
        sponsorMembershipId: sponsor.id,
        status: { in: ['REQUESTED', 'ACTIVE'] },
      },
    });
    if (open)
      throw new DomainError(
        'CONFLICT',
        open.status === 'ACTIVE'
          ? `${displayName(sponsor.person)} already sponsors you at this worksite.`
          : `You already asked ${displayName(sponsor.person)}; they have not answered yet.`,
      );

    const s = await tx.sponsorship.create({
      data: { oboMembershipId: mine.id, sponsorMembershipId: sponsor.id, status: 'REQUESTED' },
    });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'sponsorship.requested',
      target: { type: 'SPONSORSHIP', id: s.id },
      worksiteId: mine.worksiteId,
      personId,
      after: { status: 'REQUESTED', oboMembershipId: mine.id, sponsorMembershipId: sponsor.id },
    });
    const to = contactOf(sponsor.person);
    if (to) {
      const [me, worksite] = await Promise.all([
        tx.person.findUniqueOrThrow({ where: { id: personId }, include: { enrolment: true } }),
        tx.worksite.findUniqueOrThrow({ where: { id: mine.worksiteId } }),
      ]);
      const p = me.enrolment?.profession;
      await enqueueNotices(tx, [{
        worksite,
        to: { to, personId: sponsor.personId },
        email: sponsorshipRequestedEmail({
          requesterName: displayName(me),
          requesterProfession: p ? professionLabel(p) : null,
          worksiteName: worksite.operatingName,
          url: portalUrl('/sponsorships'),
        }),
      }]);
    }
    return { sponsorshipId: s.id, status: s.status };
  });
}

/** Locks the sponsorship and loads both sides; who the caller is decides what they may do. */
async function lockSponsorship(tx: Tx, personId: string, sponsorshipId: string) {
  if (!isUuid(sponsorshipId)) throw sponsorshipNotFound();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Sponsorship" WHERE id = ${sponsorshipId}::uuid FOR UPDATE`;
  if (rows.length === 0) throw sponsorshipNotFound();
  const s = await tx.sponsorship.findUniqueOrThrow({
    where: { id: sponsorshipId },
    include: {
      oboMembership: { include: { person: true, worksite: true } },
      sponsorMembership: { include: { person: { include: { enrolment: true } } } },
    },
  });
  const actor: SponsorshipActor =
    s.sponsorMembership.personId === personId
      ? 'AUTHORIZER'
      : s.oboMembership.personId === personId
        ? 'OBO'
        : 'OTHER';
  if (actor === 'OTHER') throw sponsorshipNotFound();
  await lockMembership(tx, s.oboMembershipId);
  return { s, actor };
}

const alreadyAnswered = () =>
  new DomainError(
    'ALREADY_DECIDED',
    'This request was already answered. Reload the page to see where it stands.',
  );

/** The authorizer accepts or declines; the first answer wins, a second one is refused. */
export async function answerSponsorship(
  personId: string,
  input: { sponsorshipId: string; accept: boolean },
  ctx: Ctx,
) {
  return db().$transaction(async (tx) => {
    const { s, actor } = await lockSponsorship(tx, personId, input.sponsorshipId);
    const d = sponsorshipTransition(s.status, input.accept ? 'ACCEPT' : 'DECLINE', actor);
    if (!d.ok) throw new DomainError(d.code, d.reason);
    const obo = s.oboMembership;
    if (input.accept) {
      if (obo.status === 'ENDED' || obo.status === 'DECLINED')
        throw new DomainError('INVALID_TRANSITION', 'This person is no longer a member of the worksite.');
      const sponsorEff = await effectiveStatusOf(tx, s.sponsorMembershipId);
      const e = s.sponsorMembership.person.enrolment;
      if (
        !mayBeSponsor({
          profession: e?.profession,
          enrolmentStatus: e?.status,
          membershipStatus: sponsorEff?.status ?? s.sponsorMembership.status,
        })
      )
        throw new DomainError(
          'INVALID_TRANSITION',
          'You cannot sponsor at this worksite now: you need an approved enrolment and an active membership there.',
        );
    }
    const now = clock.now();
    const r = await tx.sponsorship.updateMany({
      where: { id: s.id, status: 'REQUESTED' },
      data: { status: d.to, decidedAt: now },
    });
    if (r.count !== 1) throw alreadyAnswered();
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: input.accept ? 'sponsorship.accepted' : 'sponsorship.declined',
      target: { type: 'SPONSORSHIP', id: s.id },
      worksiteId: obo.worksiteId,
      personId: obo.personId,
      before: { status: s.status },
      after: { status: d.to },
    });
    let membershipStatus = obo.status;
    if (input.accept && obo.status === 'PENDING_SPONSOR') {
      const moved = await moveMembership(tx, obo, 'PENDING_SPONSOR', 'PENDING_REVIEW', {
        actorId: personId,
        action: 'membership.sponsor_agreed',
        reason: 'A sponsor agreed; waiting for the enrolment team',
        ctx,
      });
      if (moved) membershipStatus = 'PENDING_REVIEW';
    }
    const to = contactOf(obo.person);
    if (to)
      await enqueueNotices(tx, [{
        worksite: obo.worksite,
        to: { to, personId: obo.personId },
        email: sponsorshipAnsweredEmail({
          sponsorName: displayName(s.sponsorMembership.person),
          worksiteName: obo.worksite.operatingName,
          accepted: input.accept,
          url: portalUrl(`/worksites/${obo.worksiteId}/sponsor`),
        }),
      }]);
    return { sponsorshipId: s.id, status: d.to, membershipStatus };
  });
}

/** Either side ends an active sponsorship. If it was the last one the user's access there ends
 * at once (the effective status reads it); an ACTIVE membership also goes back to waiting for a
 * sponsor so the stored status says the same. */
export async function endSponsorship(personId: string, input: { sponsorshipId: string }, ctx: Ctx) {
  return db().$transaction(async (tx) => {
    const { s, actor } = await lockSponsorship(tx, personId, input.sponsorshipId);
    const d = sponsorshipTransition(s.status, 'END', actor);
    if (!d.ok) throw new DomainError(d.code, d.reason);
    const now = clock.now();
    const r = await tx.sponsorship.updateMany({
      where: { id: s.id, status: 'ACTIVE' },
      data: { status: 'ENDED', endedAt: now, endedById: personId },
    });
    if (r.count !== 1)
      throw new DomainError('ALREADY_DECIDED', 'This sponsorship has already ended. Reload the page.');
    const obo = s.oboMembership;
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'sponsorship.ended',
      target: { type: 'SPONSORSHIP', id: s.id },
      worksiteId: obo.worksiteId,
      personId: obo.personId,
      before: { status: 'ACTIVE' },
      after: { status: 'ENDED', endedBy: actor === 'OBO' ? 'sponsored user' : 'sponsor' },
    });
    const remaining = await activeSponsorCount(tx, obo.id, now);
    const lostAccess = remaining === 0;
    let membershipStatus = obo.status;
    if (lostAccess && obo.status === 'ACTIVE') {
      const moved = await moveMembership(tx, obo, 'ACTIVE', 'PENDING_SPONSOR', {
        actorId: personId,
        action: 'membership.sponsor_lost',
        reason: 'The last sponsorship ended',
        ctx,
      });
      if (moved) membershipStatus = 'PENDING_SPONSOR';
    }
    const me = actor === 'OBO' ? obo.person : s.sponsorMembership.person;
    const sponsorName = displayName(s.sponsorMembership.person);
    const oboName = displayName(obo.person);
    const sides = [
      { person: obo.person, toSponsored: true, otherName: sponsorName, url: `/worksites/${obo.worksiteId}/sponsor` },
      { person: s.sponsorMembership.person, toSponsored: false, otherName: oboName, url: '/sponsorships' },
    ];
    for (const side of sides) {
      const to = contactOf(side.person);
      if (!to) continue;
      await enqueueNotices(tx, [{
        worksite: obo.worksite,
        to: { to, personId: side.person.id },
        email: sponsorshipEndedEmail({
          toSponsored: side.toSponsored,
          endedByName: displayName(me),
          otherName: side.otherName,
          worksiteName: obo.worksite.operatingName,
          lostAccess,
          url: portalUrl(side.url),
        }),
      }]);
    }
    return { sponsorshipId: s.id, status: 'ENDED' as const, lostAccess, membershipStatus };
  });
}
