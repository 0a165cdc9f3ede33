import 'server-only';
import {
  Prisma,
  type MembershipKind,
  type MembershipStatus,
  type PersonStatus,
  type StaffRoleKind,
} from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { prepared } from '../prepared';

// Who is asking, in one statement: the session (when read by token), the person, their staff
// roles and their open memberships. Every signed-in request starts with it, so it is the one
// read that every page pays (docs/decisions/027-round-trip-budget.md), so it goes through the pg
// driver as a prepared statement rather than Prisma's raw query.

export type ViewerMembership = {
  worksiteId: string;
  status: MembershipStatus;
  isSiteAdmin: boolean;
  kind: MembershipKind;
};

export type ViewerPerson = {
  id: string;
  displayName: string;
  status: PersonStatus;
  contactEmail: string | null;
  idpEmail: string | null;
  staffRoles: StaffRoleKind[];
  /** Every membership that has not ended or been declined, by worksite id. */
  memberships: ViewerMembership[];
};

export type SessionRow = {
  sessionId: string;
  expires: Date;
  absoluteEnd: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
};

type Raw = SessionRow & {
  personId: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredGivenName: string | null;
  preferredFamilyName: string | null;
  contactEmail: string | null;
  idpEmail: string | null;
  status: PersonStatus;
  staffRoles: StaffRoleKind[];
  memberships: ViewerMembership[];
};

const PERSON_COLUMNS = Prisma.sql`
  p.id AS "personId", p."legalGivenName", p."legalFamilyName", p."preferredGivenName",
  p."preferredFamilyName", p."contactEmail", p."idpEmail", p.status::text AS status,
  COALESCE((SELECT array_agg(r.role::text ORDER BY r.role) FROM "StaffRole" r WHERE r."personId" = p.id), '{}') AS "staffRoles",
  COALESCE((
    SELECT json_agg(json_build_object('worksiteId', m."worksiteId", 'status', m.status, 'isSiteAdmin', m."isSiteAdmin", 'kind', m.kind) ORDER BY m."worksiteId")
    FROM "Membership" m WHERE m."personId" = p.id AND m.status NOT IN ('ENDED', 'DECLINED')
  ), '[]'::json) AS memberships`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toPerson = (r: Raw): ViewerPerson => ({
  id: r.personId,
  displayName: displayName(r),
  status: r.status,
  contactEmail: r.contactEmail,
  idpEmail: r.idpEmail,
  staffRoles: r.staffRoles,
  memberships: r.memberships,
});

/** The session with the token's hash and its person, or null when there is no such row. */
export async function sessionAndViewer(
  tokenHash: string,
): Promise<{ session: SessionRow; person: ViewerPerson } | null> {
  const [r] = await prepared<Raw>(
    Prisma.sql`
    SELECT s.id AS "sessionId", s.expires AT TIME ZONE 'UTC' AS expires,
      s."absoluteEnd" AT TIME ZONE 'UTC' AS "absoluteEnd", s."lastSeenAt" AT TIME ZONE 'UTC' AS "lastSeenAt",
      s."endedAt" AT TIME ZONE 'UTC' AS "endedAt", ${PERSON_COLUMNS}
    FROM "Session" s JOIN "Person" p ON p.id = s."personId"
    WHERE s."tokenHash" = ${tokenHash}`,
    'cc_session',
  );
  if (!r) return null;
  const { sessionId, expires, absoluteEnd, lastSeenAt, endedAt } = r;
  return { session: { sessionId, expires, absoluteEnd, lastSeenAt, endedAt }, person: toPerson(r) };
}

/** The person with roles and memberships, whatever their status, or null. */
export async function viewerPerson(personId: string): Promise<ViewerPerson | null> {
  if (!UUID.test(personId)) return null;
  const [r] = await prepared<Raw>(Prisma.sql`SELECT ${PERSON_COLUMNS} FROM "Person" p WHERE p.id = ${personId}::uuid`, 'cc_viewer');
  return r ? toPerson(r) : null;
}
