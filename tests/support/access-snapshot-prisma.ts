// The access snapshot as it was read before decision 026 (one Prisma query per relation), kept
// as the reference the one-statement read is compared with (tests/integration/access-snapshot.test.ts).
import type { Prisma, Profession } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { db, type Tx } from '@/server/db';
import { remoteAccessPossible } from '@/server/professions/rules';
import { effectiveStatusesOfPerson } from '@/server/sponsorships/queries';
import { effectiveMembership, mayBeSponsor } from '@/server/sponsorships/rules';
import { decideAccess, type AccessDecision, type AccessSnapshot } from '@/server/access/rules';
import { clock } from '@/lib/clock';
import { hpcaaVersionNumbers, type VersionTerms } from '@/server/agreements/rules';

type Reader = Pick<
  Tx,
  | 'person'
  | 'worksite'
  | 'membership'
  | 'agreementAcceptance'
  | 'agreementVersion'
  | 'privacyCourseCompletion'
>;

export type PersonRef = { personId: string } | { subject: string };
export type WorksiteRef = { worksiteId: string } | { worksiteCode: string };

// The identity provider's subject; sign-in links it under this provider id.
const LOGIN_PROVIDER = 'bcsc';

const personWhere = (p: PersonRef): Prisma.PersonWhereInput =>
  'personId' in p
    ? { id: p.personId }
    : { accounts: { some: { provider: LOGIN_PROVIDER, subject: p.subject } } };

const worksiteWhere = (w: WorksiteRef): Prisma.WorksiteWhereInput =>
  'worksiteId' in w ? { id: w.worksiteId } : { worksiteCode: w.worksiteCode };

const enrolmentSelect = { select: { profession: true, residencyEnd: true, status: true } } as const;

// Everything one membership needs: its sponsors (with what decides whether they still qualify)
// and its approved grants. Loaded as includes so a snapshot costs no extra round.
const membershipInclude = {
  sponsorshipsAsObo: {
    where: { status: 'ACTIVE' },
    orderBy: [{ decidedAt: 'asc' }, { createdAt: 'asc' }],
    include: {
      sponsorMembership: { include: { person: { include: { enrolment: enrolmentSelect } } } },
    },
  },
  remoteAccessRequests: { where: { status: 'APPROVED' }, select: { id: true }, take: 1 },
  pharmanetRequests: { where: { status: 'APPROVED' }, select: { id: true }, take: 1 },
} satisfies Prisma.MembershipInclude;

type MembershipRow = Prisma.MembershipGetPayload<{ include: typeof membershipInclude }>;
type SponsorRow = MembershipRow['sponsorshipsAsObo'][number]['sponsorMembership'];

/** The same test as `activeSponsorCount`: the sponsor is still an authorizer, fully enrolled and
 * effectively active at the worksite now. */
function sponsorQualifies(m: SponsorRow, now: Date): boolean {
  const e = m.person.enrolment;
  const { status } = effectiveMembership({
    membership: m,
    enrolment: e,
    activeSponsorships: 0,
    now,
  });
  return mayBeSponsor({
    profession: e?.profession,
    enrolmentStatus: e?.status,
    membershipStatus: status,
  });
}

/** How the business role names a sponsor: physicians with their title. */
const sponsorName = (p: Parameters<typeof displayName>[0], profession: Profession) =>
  profession === 'PHYSICIAN' ? `Dr ${displayName(p)}` : displayName(p);

function membershipPart(
  m: MembershipRow | null,
  now: Date,
): Pick<AccessSnapshot, 'membership' | 'sponsors' | 'remoteGranted' | 'pharmanetGranted'> {
  if (!m) return { membership: null, sponsors: [], remoteGranted: false, pharmanetGranted: false };
  return {
    membership: {
      id: m.id,
      status: m.status,
      kind: m.kind,
      isLocum: m.isLocum,
      locumEndDate: m.locumEndDate,
    },
    sponsors: m.sponsorshipsAsObo
      .map((s) => s.sponsorMembership)
      .filter((sm) => sponsorQualifies(sm, now))
      .map((sm) => {
        const profession = sm.person.enrolment!.profession!;
        return { name: sponsorName(sm.person, profession), profession };
      }),
    remoteGranted: m.remoteAccessRequests.length > 0,
    pharmanetGranted: m.pharmanetRequests.length > 0,
  };
}

/** Person-level facts, in parallel: the person with their enrolment, the latest HPCAA
 * acceptance, the current HPCAA version and whether the course is recorded. */
function personQueries(tx: Reader, who: Prisma.PersonWhereInput, _now: Date) {
  return [
    tx.person.findFirst({ where: who, include: { enrolment: true } }),
    tx.agreementAcceptance.findFirst({
      where: { person: who, agreementVersion: { kind: 'HPCAA' } },
      orderBy: [{ acceptedAt: 'desc' }, { id: 'desc' }],
      select: { acceptedAt: true, agreementVersion: { select: { version: true } } },
    }),
    // The HPCAA versions' terms (a handful of rows): hpcaaVersionNumbers turns them into the
    // required and current versions. Read-only: none published means nothing is out of date.
    tx.agreementVersion.findMany({
      where: { kind: 'HPCAA' },
      select: { version: true, effectiveAt: true, reacceptRequired: true, graceDays: true },
    }),
    tx.privacyCourseCompletion.findFirst({ where: { person: who }, select: { id: true } }),
  ] as const;
}

type PersonRows = [
  Prisma.PersonGetPayload<{ include: { enrolment: true } }> | null,
  { acceptedAt: Date; agreementVersion: { version: number } } | null,
  VersionTerms[],
  { id: string } | null,
];

function personPart(
  [person, acceptance, versions, course]: PersonRows,
  now: Date,
): Pick<AccessSnapshot, 'person' | 'enrolment' | 'hpcaa' | 'courseComplete'> {
  const e = person?.enrolment ?? null;
  return {
    person: person ? { id: person.id, name: displayName(person), status: person.status } : null,
    enrolment: e
      ? { id: e.id, status: e.status, profession: e.profession, residencyEnd: e.residencyEnd }
      : null,
    hpcaa: {
      acceptance: acceptance
        ? { versionNumber: acceptance.agreementVersion.version, acceptedAt: acceptance.acceptedAt }
        : null,
      ...hpcaaVersionNumbers(versions, now),
    },
    courseComplete: course !== null,
  };
}

const worksiteSelect = {
  id: true,
  worksiteCode: true,
  operatingName: true,
  status: true,
  locationType: true,
  roleContext: true,
  pharmanetEnabled: true,
} satisfies Prisma.WorksiteSelect;

/**
 * Everything `decideAccess` needs, in one round of parallel queries. An unknown person or
 * worksite comes back as null (the decision then says NOT_FOUND without saying which).
 */
export async function loadAccessSnapshotByPrisma(
  tx: Reader,
  who: PersonRef,
  where: WorksiteRef,
  now: Date,
): Promise<AccessSnapshot> {
  const pw = personWhere(who);
  const [person, acceptance, versions, course, worksite, membership] = await Promise.all([
    ...personQueries(tx, pw, now),
    tx.worksite.findFirst({ where: worksiteWhere(where), select: worksiteSelect }),
    tx.membership.findFirst({
      where: { person: pw, worksite: worksiteWhere(where) },
      include: membershipInclude,
    }),
  ]);
  return {
    now,
    ...personPart([person, acceptance, versions, course], now),
    worksite,
    ...membershipPart(membership, now),
  };
}

export type WorksiteAccess = {
  worksite: { id: string; worksiteCode: string; operatingName: string };
  onsite: AccessDecision;
  /** null when the person's profession cannot have remote access at all. */
  remote: AccessDecision | null;
};

/**
 * "Can I open CareConnect?" for the dashboard: the decision at each worksite the person belongs
 * to (memberships they left or that were declined are not listed), onsite and remote. The same
 * rules as the API, so the viewer's "Access Denied" can always be explained from this page.
 */
export async function accessForPersonByPrisma(
  personId: string,
  now: Date = clock.now(),
): Promise<WorksiteAccess[]> {
  const client = db();
  const pw: Prisma.PersonWhereInput = { id: personId };
  const [person, acceptance, versions, course, memberships] = await Promise.all([
    ...personQueries(client, pw, now),
    client.membership.findMany({
      where: { personId, status: { notIn: ['ENDED', 'DECLINED'] } },
      include: { ...membershipInclude, worksite: { select: worksiteSelect } },
      orderBy: [{ worksite: { operatingName: 'asc' } }, { id: 'asc' }],
    }),
  ]);
  if (!person) return [];
  // The membership status that counts now, as the membership pages work it out.
  const effective = await effectiveStatusesOfPerson(client, personId, now);
  const base = personPart([person, acceptance, versions, course], now);
  const profession = base.enrolment?.profession;
  const remotePossible = profession != null && remoteAccessPossible(profession);
  return memberships.map((m) => {
    const s: AccessSnapshot = { now, ...base, worksite: m.worksite, ...membershipPart(m, now) };
    return {
      worksite: {
        id: m.worksite.id,
        worksiteCode: m.worksite.worksiteCode,
        operatingName: m.worksite.operatingName,
      },
      membership: { id: m.id, ...effective.get(m.id)! },
      onsite: decideAccess(s, 'onsite'),
      remote: remotePossible ? decideAccess(s, 'remote') : null,
    };
  });
}
