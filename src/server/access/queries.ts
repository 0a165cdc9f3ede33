import 'server-only';
import { Prisma, type Profession } from '@/generated/prisma/client';
import type {
  EnrolmentStatus,
  LocationType,
  MembershipKind,
  MembershipStatus,
  PersonStatus,
  RoleContext,
  WorksiteStatus,
} from '@/generated/prisma/enums';
import { displayName } from '@/lib/names';
import { clock } from '@/lib/clock';
import { hpcaaVersionNumbers, type VersionTerms } from '../agreements/rules';
import { prepared } from '../prepared';
import { remoteAccessPossible } from '../professions/rules';
import { effectiveMembership, mayBeSponsor, type EffectiveReason } from '../sponsorships/rules';
import { stateOf, type ViewerAccountState } from '../viewer-accounts/queries';
import { decideAccess, type AccessDecision, type AccessSnapshot } from './rules';

// Everything an access decision needs, read in ONE statement (decision 026): the access API
// answers in two round trips, and the dashboard's "Can I open CareConnect?" in one. The rules
// stay in TypeScript (rules.ts, sponsorships/rules.ts, agreements/rules.ts); SQL only gathers.

export type PersonRef = { personId: string } | { subject: string };
export type WorksiteRef = { worksiteId: string } | { worksiteCode: string };

// The identity provider's subject; sign-in links it under this provider id.
const LOGIN_PROVIDER = 'bcsc';

const personCond = (p: PersonRef) =>
  'personId' in p
    ? Prisma.sql`pr.id = ${p.personId}::uuid`
    : Prisma.sql`pr.id = (SELECT la."personId" FROM "LoginAccount" la WHERE la.provider = ${LOGIN_PROVIDER} AND la.subject = ${p.subject})`;

const worksiteCond = (w: WorksiteRef) =>
  'worksiteId' in w
    ? Prisma.sql`ws.id = ${w.worksiteId}::uuid`
    : Prisma.sql`ws."worksiteCode" = ${w.worksiteCode}`;

/** The HPCAA versions' terms (a handful of rows), for hpcaaVersionNumbers. The one place the
 * statement knows about agreement versions. */
const HPCAA_VERSIONS = Prisma.sql`(
  SELECT coalesce(json_agg(json_build_object('version', v.version, 'effectiveAt', v."effectiveAt",
           'reacceptRequired', v."reacceptRequired", 'graceDays', v."graceDays")), '[]')
  FROM "AgreementVersion" v WHERE v.kind = 'HPCAA')`;

/** Person-level columns; needs `pr` (Person) joined. */
const PERSON_COLUMNS = Prisma.sql`
  pr.id AS "pId", pr."legalGivenName" AS "pLegalGiven", pr."legalFamilyName" AS "pLegalFamily",
  pr."preferredGivenName" AS "pPreferredGiven", pr."preferredFamilyName" AS "pPreferredFamily",
  pr.status::text AS "pStatus",
  e.id AS "eId", e.status::text AS "eStatus", e.profession::text AS "eProfession", e."residencyEnd"::text AS "eResidencyEnd",
  acc."acceptedAt" AT TIME ZONE 'UTC' AS "accAt", acc.version AS "accVersion",
  ${HPCAA_VERSIONS} AS "hpcaaVersions",
  EXISTS (SELECT 1 FROM "PrivacyCourseCompletion" c WHERE c."personId" = pr.id) AS "courseComplete",
  va.username AS "vaUsername", (va."passwordHash" IS NOT NULL) AS "vaHasPassword",
  va."passwordExpiresAt" AT TIME ZONE 'UTC' AS "vaPasswordExpiresAt", va."lockedUntil" AT TIME ZONE 'UTC' AS "vaLockedUntil"`;

const PERSON_JOINS = Prisma.sql`
  LEFT JOIN "Enrolment" e ON e."personId" = pr.id
  LEFT JOIN LATERAL (
    SELECT a."acceptedAt", v.version FROM "AgreementAcceptance" a
    JOIN "AgreementVersion" v ON v.id = a."agreementVersionId" AND v.kind = 'HPCAA'
    WHERE a."personId" = pr.id ORDER BY a."acceptedAt" DESC, a.id DESC LIMIT 1
  ) acc ON true
  LEFT JOIN "ViewerAccount" va ON va."personId" = pr.id`;

/** Worksite and membership columns; needs `ws` (Worksite) and `m` (Membership) joined. ACTIVE
 * sponsorships come with what decides whether their sponsor still qualifies. */
const PLACE_COLUMNS = Prisma.sql`
  ws.id AS "wId", ws."worksiteCode" AS "wCode", ws."operatingName" AS "wName", ws.status::text AS "wStatus",
  ws."locationType"::text AS "wLocationType", ws."roleContext"::text AS "wRoleContext", ws."pharmanetEnabled" AS "wPharmanet",
  m.id AS "mId", m.status::text AS "mStatus", m.kind::text AS "mKind", m."isLocum" AS "mIsLocum", m."locumEndDate"::text AS "mLocumEnd",
  (SELECT coalesce(json_agg(json_build_object(
            'legalGivenName', sp."legalGivenName", 'legalFamilyName', sp."legalFamilyName",
            'preferredGivenName', sp."preferredGivenName", 'preferredFamilyName', sp."preferredFamilyName",
            'profession', se.profession, 'enrolmentStatus', se.status, 'residencyEnd', se."residencyEnd",
            'status', sm.status, 'kind', sm.kind, 'isLocum', sm."isLocum", 'locumEndDate', sm."locumEndDate")
          ORDER BY s."decidedAt", s."createdAt", s.id), '[]')
     FROM "Sponsorship" s
     JOIN "Membership" sm ON sm.id = s."sponsorMembershipId"
     JOIN "Person" sp ON sp.id = sm."personId"
     LEFT JOIN "Enrolment" se ON se."personId" = sp.id
    WHERE s."oboMembershipId" = m.id AND s.status = 'ACTIVE') AS "sponsors",
  EXISTS (SELECT 1 FROM "RemoteAccessRequest" r WHERE r."membershipId" = m.id AND r.status = 'APPROVED') AS "remoteGranted",
  EXISTS (SELECT 1 FROM "PharmanetUserRequest" q WHERE q."membershipId" = m.id AND q.status = 'APPROVED') AS "pharmanetGranted"`;

type SponsorJson = {
  legalGivenName: string;
  legalFamilyName: string;
  preferredGivenName: string | null;
  preferredFamilyName: string | null;
  profession: Profession | null;
  enrolmentStatus: EnrolmentStatus | null;
  residencyEnd: string | null;
  status: MembershipStatus;
  kind: MembershipKind;
  isLocum: boolean;
  locumEndDate: string | null;
};

type VersionJson = {
  version: number;
  effectiveAt: string;
  reacceptRequired: boolean;
  graceDays: number;
};

/** One row of either statement (person columns null when unknown, place columns when absent). */
export type FactsRow = {
  pId: string | null;
  pLegalGiven: string | null;
  pLegalFamily: string | null;
  pPreferredGiven: string | null;
  pPreferredFamily: string | null;
  pStatus: PersonStatus | null;
  eId: string | null;
  eStatus: EnrolmentStatus | null;
  eProfession: Profession | null;
  eResidencyEnd: string | null; // a date, as text: no time zone to get wrong
  accAt: Date | null;
  accVersion: number | null;
  hpcaaVersions: VersionJson[] | string;
  courseComplete: boolean;
  vaUsername: string | null;
  vaHasPassword: boolean | null;
  vaPasswordExpiresAt: Date | null;
  vaLockedUntil: Date | null;
  wId: string | null;
  wCode: string | null;
  wName: string | null;
  wStatus: WorksiteStatus | null;
  wLocationType: LocationType | null;
  wRoleContext: RoleContext | null;
  wPharmanet: boolean | null;
  mId: string | null;
  mStatus: MembershipStatus | null;
  mKind: MembershipKind | null;
  mIsLocum: boolean | null;
  mLocumEnd: string | null;
  sponsors: SponsorJson[] | string;
  remoteGranted: boolean;
  pharmanetGranted: boolean;
};

const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const day = (v: string | null) => (v === null ? null : new Date(`${v.slice(0, 10)}T00:00:00Z`));

/** The same test as `activeSponsorCount`: the sponsor is still an authorizer, fully enrolled and
 * effectively active at the worksite now. */
function sponsorQualifies(s: SponsorJson, now: Date): boolean {
  const enrolment = { profession: s.profession, residencyEnd: day(s.residencyEnd) };
  const membership = {
    status: s.status,
    kind: s.kind,
    isLocum: s.isLocum,
    locumEndDate: day(s.locumEndDate),
  };
  const { status } = effectiveMembership({ membership, enrolment, activeSponsorships: 0, now });
  return mayBeSponsor({
    profession: s.profession,
    enrolmentStatus: s.enrolmentStatus,
    membershipStatus: status,
  });
}

/** How the business role names a sponsor: physicians with their title. */
const sponsorName = (p: Parameters<typeof displayName>[0], profession: Profession) =>
  profession === 'PHYSICIAN' ? `Dr ${displayName(p)}` : displayName(p);

function personPart(
  r: FactsRow,
  now: Date,
): Pick<AccessSnapshot, 'person' | 'enrolment' | 'hpcaa' | 'courseComplete'> {
  const versions: VersionTerms[] = parsed(r.hpcaaVersions).map((v) => ({
    ...v,
    effectiveAt: new Date(v.effectiveAt),
  }));
  const name = {
    legalGivenName: r.pLegalGiven ?? '',
    legalFamilyName: r.pLegalFamily ?? '',
    preferredGivenName: r.pPreferredGiven,
    preferredFamilyName: r.pPreferredFamily,
  };
  return {
    person: r.pId ? { id: r.pId, name: displayName(name), status: r.pStatus! } : null,
    enrolment: r.eId
      ? {
          id: r.eId,
          status: r.eStatus!,
          profession: r.eProfession,
          residencyEnd: day(r.eResidencyEnd),
        }
      : null,
    hpcaa: {
      acceptance: r.accAt ? { versionNumber: r.accVersion!, acceptedAt: r.accAt } : null,
      ...hpcaaVersionNumbers(versions, now),
    },
    courseComplete: r.courseComplete,
  };
}

function placePart(
  r: FactsRow,
  now: Date,
): Omit<AccessSnapshot, 'now' | 'person' | 'enrolment' | 'hpcaa' | 'courseComplete'> {
  const worksite = r.wId
    ? {
        id: r.wId,
        worksiteCode: r.wCode!,
        operatingName: r.wName!,
        status: r.wStatus!,
        locationType: r.wLocationType!,
        roleContext: r.wRoleContext!,
        pharmanetEnabled: r.wPharmanet!,
      }
    : null;
  if (!r.mId)
    return {
      worksite,
      membership: null,
      sponsors: [],
      remoteGranted: false,
      pharmanetGranted: false,
    };
  return {
    worksite,
    membership: {
      id: r.mId,
      status: r.mStatus!,
      kind: r.mKind!,
      isLocum: r.mIsLocum!,
      locumEndDate: day(r.mLocumEnd),
    },
    sponsors: parsed(r.sponsors)
      .filter((s) => sponsorQualifies(s, now))
      .map((s) => ({ name: sponsorName(s, s.profession!), profession: s.profession! })),
    remoteGranted: r.remoteGranted,
    pharmanetGranted: r.pharmanetGranted,
  };
}

function viewerAccountOf(r: FactsRow, now: Date): ViewerAccountState | null {
  if (!r.vaUsername) return null;
  return stateOf(
    {
      username: r.vaUsername,
      // Only whether one is set: the hash itself never leaves the database here.
      passwordHash: r.vaHasPassword ? 'set' : null,
      passwordExpiresAt: r.vaPasswordExpiresAt,
      lockedUntil: r.vaLockedUntil,
    },
    now,
  );
}

/** The facts statement as a named prepared statement (see prepared()): each pooled connection
 * plans it once (the planning costs about as much as running it). */
const run = (q: Prisma.Sql): Promise<FactsRow[]> => prepared<FactsRow>(q, 'cc_access');

/** The one statement behind loadAccessFacts (exported for EXPLAIN in the benchmark). */
export const factsQuery = (who: PersonRef, where: WorksiteRef) => Prisma.sql`
    WITH pr AS (SELECT pr.* FROM "Person" pr WHERE ${personCond(who)} LIMIT 1),
         ws AS (SELECT ws.* FROM "Worksite" ws WHERE ${worksiteCond(where)} LIMIT 1)
    SELECT ${PERSON_COLUMNS}, ${PLACE_COLUMNS}
    FROM (SELECT 1) one
    LEFT JOIN pr ON true
    ${PERSON_JOINS}
    LEFT JOIN ws ON true
    LEFT JOIN "Membership" m ON m."personId" = pr.id AND m."worksiteId" = ws.id`;

export type AccessFacts = { snapshot: AccessSnapshot; viewerAccount: ViewerAccountState | null };

/**
 * The snapshot for one person at one worksite, and the person's viewer account, in one statement.
 * An unknown person or worksite comes back as null (the decision then says NOT_FOUND without
 * saying which).
 */
export async function loadAccessFacts(
  who: PersonRef,
  where: WorksiteRef,
  now: Date,
): Promise<AccessFacts> {
  const rows = await run(factsQuery(who, where));
  const r = rows[0]!;
  return {
    snapshot: { now, ...personPart(r, now), ...placePart(r, now) },
    viewerAccount: viewerAccountOf(r, now),
  };
}

/** Everything `decideAccess` needs (see loadAccessFacts). */
export async function loadAccessSnapshot(
  who: PersonRef,
  where: WorksiteRef,
  now: Date,
): Promise<AccessSnapshot> {
  return (await loadAccessFacts(who, where, now)).snapshot;
}

export type WorksiteAccess = {
  worksite: { id: string; worksiteCode: string; operatingName: string };
  /** The membership's status that counts now (effectiveMembership, from the same facts), so the
   * dashboard needs no second read of memberships and sponsors. */
  membership: { id: string; status: MembershipStatus; reason: EffectiveReason | null };
  onsite: AccessDecision;
  /** null when the person's profession cannot have remote access at all. */
  remote: AccessDecision | null;
};

/**
 * "Can I open CareConnect?" for the dashboard: the decision at each worksite the person belongs
 * to (memberships they left or that were declined are not listed), onsite and remote, in one
 * statement. The same rules as the API, so the viewer's "Access Denied" can always be explained
 * from this page.
 */
export async function accessForPerson(
  personId: string,
  now: Date = clock.now(),
): Promise<WorksiteAccess[]> {
  const rows = await run(Prisma.sql`
    SELECT ${PERSON_COLUMNS}, ${PLACE_COLUMNS}
    FROM "Person" pr
    ${PERSON_JOINS}
    JOIN "Membership" m ON m."personId" = pr.id AND m.status NOT IN ('ENDED', 'DECLINED')
    JOIN "Worksite" ws ON ws.id = m."worksiteId"
    WHERE ${personCond({ personId })}
    ORDER BY ws."operatingName", m.id`);
  if (rows.length === 0) return [];
  const base = personPart(rows[0]!, now);
  const profession = base.enrolment?.profession;
  const remotePossible = profession != null && remoteAccessPossible(profession);
  return rows.map((r) => {
    const s: AccessSnapshot = { now, ...base, ...placePart(r, now) };
    const w = s.worksite!;
    const m = s.membership!;
    const effective = effectiveMembership({
      membership: m,
      enrolment: s.enrolment,
      activeSponsorships: m.kind === 'ON_BEHALF_OF' ? s.sponsors.length : 0,
      now,
    });
    return {
      worksite: { id: w.id, worksiteCode: w.worksiteCode, operatingName: w.operatingName },
      membership: { id: m.id, ...effective },
      onsite: decideAccess(s, 'onsite'),
      remote: remotePossible ? decideAccess(s, 'remote') : null,
    };
  });
}
