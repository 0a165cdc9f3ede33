import 'server-only';
import type {
  MembershipStatus,
  Profession,
  SponsorshipStatus,
} from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { db, type Tx } from '../db';
import { can, type Subject } from '../authz/guard';
import { membershipStatusLabel } from '../memberships/rules';
import { professionLabel } from '../professions/rules';
import { memberOf } from '../worksites/access';
import {
  effectiveMembership,
  mayBeSponsor,
  NO_AUTHORIZER_MESSAGE,
  SPONSORSHIP_STATUS_LABEL,
  sponsorshipActionsFor,
  type EffectiveReason,
  type SponsorshipEvent,
} from './rules';
import { clock } from '@/lib/clock';

type Reader = Pick<Tx, 'sponsorship' | 'membership'>;

const enrolmentSelect = { select: { profession: true, residencyEnd: true, status: true } } as const;

type MembershipWithPerson = {
  status: MembershipStatus;
  kind: 'INDEPENDENT' | 'ON_BEHALF_OF';
  isLocum: boolean;
  locumEndDate: Date | null;
  person: { enrolment: { profession: Profession | null; residencyEnd: Date | null; status: string } | null };
};

/** Whether this (sponsor) membership may sponsor right now: policy, enrolment, effective status. */
function sponsorStillQualifies(m: MembershipWithPerson, now: Date) {
  const e = m.person.enrolment;
  const { status } = effectiveMembership({
    membership: m,
    enrolment: e,
    activeSponsorships: 0,
    now,
  });
  return mayBeSponsor({
    profession: e?.profession,
    enrolmentStatus: e?.status as Parameters<typeof mayBeSponsor>[0]['enrolmentStatus'],
    membershipStatus: status,
  });
}

/**
 * ACTIVE sponsorships of an on-behalf-of membership whose sponsor still qualifies now (an
 * authorizer who left, was inactivated or is no longer fully enrolled sponsors nobody).
 */
export async function activeSponsorCount(tx: Reader, membershipId: string, now = clock.now()) {
  const rows = await tx.sponsorship.findMany({
    where: { oboMembershipId: membershipId, status: 'ACTIVE' },
    include: { sponsorMembership: { include: { person: { include: { enrolment: enrolmentSelect } } } } },
  });
  return rows.filter((s) => sponsorStillQualifies(s.sponsorMembership, now)).length;
}

export type Authorizer = {
  membershipId: string;
  personId: string;
  name: string;
  profession: Profession;
  professionLabel: string;
};

/** Who can sponsor at this worksite now: fully enrolled Physicians, NPs and RNs (policy
 * `mayBeAuthorizer`) with an ACTIVE membership there. Empty: no OBO membership can be approved. */
export async function authorizersAt(
  tx: Reader,
  worksiteId: string,
  now = clock.now(),
): Promise<Authorizer[]> {
  const rows = await tx.membership.findMany({
    where: { worksiteId, status: 'ACTIVE', person: { enrolment: { status: 'APPROVED' } } },
    include: { person: { include: { enrolment: enrolmentSelect } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows
    .filter((m) => sponsorStillQualifies(m, now))
    .map((m) => ({
      membershipId: m.id,
      personId: m.personId,
      name: displayName(m.person),
      profession: m.person.enrolment!.profession!,
      professionLabel: professionLabel(m.person.enrolment!.profession!),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The effective status of one membership now (loads what `effectiveMembership` needs). */
export async function effectiveStatusOf(
  tx: Reader,
  membershipId: string,
  now = clock.now(),
): Promise<{ status: MembershipStatus; reason: EffectiveReason | null } | null> {
  const m = await tx.membership.findUnique({
    where: { id: membershipId },
    include: { person: { include: { enrolment: enrolmentSelect } } },
  });
  if (!m) return null;
  return effectiveMembership({
    membership: m,
    enrolment: m.person.enrolment,
    activeSponsorships:
      m.kind === 'ON_BEHALF_OF' ? await activeSponsorCount(tx, m.id, now) : 0,
    now,
  });
}

/**
 * The effective status of every membership of one person, in one statement whatever their
 * number (the dashboard and the team's person page list them all): the same rule as
 * effectiveStatusOf.
 */
export async function effectiveStatusesOfPerson(
  tx: Pick<Tx, 'membership'>,
  personId: string,
  now = clock.now(),
): Promise<Map<string, { status: MembershipStatus; reason: EffectiveReason | null }>> {
  const memberships = await tx.membership.findMany({
    where: { personId },
    include: { person: { include: { enrolment: enrolmentSelect } }, ...withSponsors },
  });
  return effectiveStatusesFrom(memberships, now);
}

/** What effectiveStatusesFrom needs besides the membership's person and enrolment, for a
 * membership read that joins it. */
export const withSponsors = {
  sponsorshipsAsObo: {
    where: { status: 'ACTIVE' },
    include: { sponsorMembership: { include: { person: { include: { enrolment: enrolmentSelect } } } } },
  },
} as const;

type PersonMembership = MembershipWithPerson & {
  id: string;
  /** Its sponsorships; only ACTIVE ones count. */
  sponsorshipsAsObo: { status: SponsorshipStatus; sponsorMembership: MembershipWithPerson }[];
};

/** effectiveStatusesOfPerson from memberships already read with their sponsorships (pure). */
export function effectiveStatusesFrom(
  memberships: readonly PersonMembership[],
  now: Date,
): Map<string, { status: MembershipStatus; reason: EffectiveReason | null }> {
  return new Map(
    memberships.map((m) => {
      const active =
        m.kind === 'ON_BEHALF_OF'
          ? m.sponsorshipsAsObo.filter((s) => s.status === 'ACTIVE' && sponsorStillQualifies(s.sponsorMembership, now)).length
          : 0;
      return [m.id, effectiveMembership({ membership: m, enrolment: m.person.enrolment, activeSponsorships: active, now })];
    }),
  );
}

export type SponsorshipRow = {
  sponsorshipId: string;
  status: SponsorshipStatus;
  statusLabel: string;
  worksiteId: string;
  worksiteName: string;
  worksiteCode: string;
  otherName: string; // the sponsor for the sponsored user, the sponsored user for the sponsor
  otherProfession: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
  endedAt: Date | null;
  actions: SponsorshipEvent[];
};

const sponsorshipInclude = {
  oboMembership: { include: { worksite: true, person: { include: { enrolment: enrolmentSelect } } } },
  sponsorMembership: { include: { person: { include: { enrolment: enrolmentSelect } } } },
} as const;

type Loaded = Awaited<
  ReturnType<typeof loadSponsorships>
>[number];

function loadSponsorships(where: NonNullable<Parameters<Tx['sponsorship']['findMany']>[0]>['where']) {
  return db().sponsorship.findMany({
    where,
    include: sponsorshipInclude,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

function toRow(s: Loaded, as: 'OBO' | 'AUTHORIZER'): SponsorshipRow {
  const other = as === 'OBO' ? s.sponsorMembership.person : s.oboMembership.person;
  const p = other.enrolment?.profession;
  return {
    sponsorshipId: s.id,
    status: s.status,
    statusLabel: SPONSORSHIP_STATUS_LABEL[s.status],
    worksiteId: s.oboMembership.worksiteId,
    worksiteName: s.oboMembership.worksite.operatingName,
    worksiteCode: s.oboMembership.worksite.worksiteCode,
    otherName: displayName(other),
    otherProfession: p ? professionLabel(p) : null,
    requestedAt: s.createdAt,
    decidedAt: s.decidedAt,
    endedAt: s.endedAt,
    actions: sponsorshipActionsFor(s.status, as),
  };
}

const LIVE_MEMBERSHIP = { status: { notIn: ['ENDED', 'DECLINED'] as MembershipStatus[] } };

/** Requests waiting for this person's answer as an authorizer (dashboard and /sponsorships). */
export async function pendingSponsorRequestsFor(personId: string): Promise<SponsorshipRow[]> {
  const rows = await loadSponsorships({
    status: 'REQUESTED',
    sponsorMembership: { personId, ...LIVE_MEMBERSHIP },
  });
  return rows.map((s) => toRow(s, 'AUTHORIZER'));
}

/** This person's sponsorships on both sides, newest first. */
export async function mySponsorships(viewer: Subject): Promise<{
  asSponsor: SponsorshipRow[];
  asSponsored: SponsorshipRow[];
}> {
  const personId = viewer.id;
  const [asSponsor, asSponsored] = await Promise.all([
    loadSponsorships({ sponsorMembership: { personId } }),
    loadSponsorships({ oboMembership: { personId } }),
  ]);
  return {
    asSponsor: asSponsor.map((s) => toRow(s, 'AUTHORIZER')),
    asSponsored: asSponsored.map((s) => toRow(s, 'OBO')),
  };
}

export type SponsorPage = {
  worksite: { id: string; operatingName: string; worksiteCode: string };
  membership: {
    id: string;
    isOnBehalfOf: boolean;
    status: MembershipStatus;
    statusLabel: string;
    effectiveStatus: MembershipStatus;
    effectiveStatusLabel: string;
  };
  authorizers: Authorizer[];
  noAuthorizerMessage: string | null;
  sponsorships: SponsorshipRow[];
  hasOpenSponsorship: boolean;
};

/** The OBO user's sponsor page at one worksite; null when they are not a member there (the page
 * answers 404, the same as for a worksite that does not exist). */
export async function sponsorPage(viewer: Subject, worksiteId: string, now = clock.now()): Promise<SponsorPage | null> {
  if (!can(viewer, 'worksite.read', { worksiteId })) return null;
  const personId = viewer.id;
  const client = db();
  const m = await memberOf(client, personId, worksiteId);
  if (!m) return null;
  const worksite = await client.worksite.findUniqueOrThrow({ where: { id: worksiteId } });
  const [authorizers, rows, eff] = await Promise.all([
    authorizersAt(client, worksiteId, now),
    loadSponsorships({ oboMembershipId: m.id }),
    effectiveStatusOf(client, m.id, now),
  ]);
  const sponsorships = rows.map((s) => toRow(s, 'OBO'));
  const effectiveStatus = eff?.status ?? m.status;
  return {
    worksite: { id: worksite.id, operatingName: worksite.operatingName, worksiteCode: worksite.worksiteCode },
    membership: {
      id: m.id,
      isOnBehalfOf: m.kind === 'ON_BEHALF_OF',
      status: m.status,
      statusLabel: membershipStatusLabel(m.status),
      effectiveStatus,
      effectiveStatusLabel: membershipStatusLabel(effectiveStatus),
    },
    authorizers: authorizers.filter((a) => a.personId !== personId),
    noAuthorizerMessage: authorizers.length === 0 ? NO_AUTHORIZER_MESSAGE : null,
    sponsorships,
    hasOpenSponsorship: sponsorships.some((s) => s.status === 'REQUESTED' || s.status === 'ACTIVE'),
  };
}

export type PendingItems = {
  sponsorRequests: number;
  joinRequests: { worksiteId: string; worksiteName: string; worksiteCode: string; count: number; href: string }[];
};

/** What waits for this person: sponsorship requests to answer and, for site admins, join
 * requests per worksite. */
export async function pendingItems(viewer: Subject): Promise<PendingItems> {
  const personId = viewer.id;
  const client = db();
  const [sponsorRequests, adminOf] = await Promise.all([
    client.sponsorship.count({
      where: { status: 'REQUESTED', sponsorMembership: { personId, ...LIVE_MEMBERSHIP } },
    }),
    client.membership.findMany({
      where: { personId, isSiteAdmin: true, status: 'ACTIVE' },
      include: { worksite: true },
    }),
  ]);
  const counts = adminOf.length
    ? await client.membership.groupBy({
        by: ['worksiteId'],
        where: { worksiteId: { in: adminOf.map((m) => m.worksiteId) }, status: 'REQUESTED' },
        _count: { _all: true },
      })
    : [];
  const byWorksite = new Map(counts.map((c) => [c.worksiteId, c._count._all]));
  return {
    sponsorRequests,
    joinRequests: adminOf
      .filter((m) => (byWorksite.get(m.worksiteId) ?? 0) > 0)
      .map((m) => ({
        worksiteId: m.worksiteId,
        worksiteName: m.worksite.operatingName,
        worksiteCode: m.worksite.worksiteCode,
        count: byWorksite.get(m.worksiteId)!,
        href: `/worksites/${m.worksiteId}/members`,
      }))
      .sort((a, b) => a.worksiteName.localeCompare(b.worksiteName)),
  };
}
