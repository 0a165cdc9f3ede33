import 'server-only';
import { Prisma, type EnrolmentStatus, type Profession, type WorksiteStatus } from '@/generated/prisma/client';
import { displayName, legalName } from '@/lib/names';
import { db } from '../db';
import { enrolmentStatusLabel } from '../enrolments/rules';
import { professionLabel } from '../professions/rules';
import { statusLabel as worksiteStatusLabel } from '../worksites/rules';
import { LIST_PAGE_SIZE, likePrefix, searchKeys, textIdCursor, type SearchInput, type SearchKeys } from './list-rules';
import { requireCapability } from '../authz/guard';
import type { StaffCaller } from './queue-queries';

// Search for the team (SPEC §10). Every key is one index: the conditions are ORed on the table
// itself so PostgreSQL combines index scans (BitmapOr) instead of reading the whole table. The
// expression indexes live in migration 20261202002504_team_lists; keep the expressions identical.

export type PersonHit = {
  id: string;
  name: string;
  legalName: string;
  email: string | null;
  signInEmail: string | null;
  status: string;
  profession: string | null;
  licence: string | null;
  enrolmentStatus: string | null;
  href: string;
};

export type WorksiteHit = {
  id: string;
  worksiteCode: string;
  operatingName: string;
  legalName: string;
  city: string;
  email: string;
  status: string;
  statusLabel: string;
  href: string;
};

export type SearchResult =
  | { kind: 'people'; rows: PersonHit[]; nextCursor: string | null }
  | { kind: 'worksites'; rows: WorksiteHit[]; nextCursor: string | null };

const SHOWN_NAME = Prisma.raw(`lower(coalesce(nullif(btrim(p."preferredGivenName"), ''), p."legalGivenName") || ' ' ||
  coalesce(nullif(btrim(p."preferredFamilyName"), ''), p."legalFamilyName"))`);
const PERSON_SORT = Prisma.raw(`lower(p."legalFamilyName" || ', ' || p."legalGivenName")`);
const WORKSITE_SORT = Prisma.raw(`lower(w."operatingName")`);

function personMatch(k: SearchKeys): Prisma.Sql {
  const or: Prisma.Sql[] = [];
  if (k.namePrefix) {
    const like = likePrefix(k.namePrefix);
    or.push(
      Prisma.sql`lower(p."legalGivenName" || ' ' || p."legalFamilyName") LIKE ${like}`,
      Prisma.sql`${SHOWN_NAME} LIKE ${like}`,
      Prisma.sql`lower(p."legalFamilyName") LIKE ${like}`,
      Prisma.sql`lower(p."preferredFamilyName") LIKE ${like}`,
    );
  }
  if (k.email) or.push(Prisma.sql`lower(p."contactEmail") = ${k.email}`, Prisma.sql`lower(p."idpEmail") = ${k.email}`);
  // An init-plan array, so the licence match is one more index scan in the same BitmapOr.
  if (k.licence)
    or.push(Prisma.sql`p.id = ANY (ARRAY(SELECT "personId" FROM "Enrolment" WHERE upper("licenceNumber") = ${k.licence}))`);
  return Prisma.sql`(${Prisma.join(or, ' OR ')})`;
}

function worksiteMatch(k: SearchKeys): Prisma.Sql {
  const or: Prisma.Sql[] = [];
  if (k.namePrefix) {
    const like = likePrefix(k.namePrefix);
    or.push(Prisma.sql`lower(w."legalName") LIKE ${like}`, Prisma.sql`lower(w."operatingName") LIKE ${like}`);
  }
  if (k.email) or.push(Prisma.sql`lower(w.email) = ${k.email}`);
  if (k.worksiteCode) or.push(Prisma.sql`w."worksiteCode" = ${k.worksiteCode}`);
  return Prisma.sql`(${Prisma.join(or, ' OR ')})`;
}

type PersonRaw = {
  id: string;
  sort: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredGivenName: string | null;
  preferredFamilyName: string | null;
  contactEmail: string | null;
  idpEmail: string | null;
  status: string;
  profession: Profession | null;
  college: string | null;
  licenceNumber: string | null;
  enrolmentStatus: EnrolmentStatus | null;
};

export function peopleSql(k: SearchKeys, after: string | undefined, size: number): Prisma.Sql {
  const cursor = textIdCursor.decode(after);
  const keyset = cursor ? Prisma.sql`AND (${PERSON_SORT}, p.id) > (${cursor.text}, ${cursor.id}::uuid)` : Prisma.empty;
  // The page is cut from Person alone, then joined to its enrolments: joining first made
  // PostgreSQL read every enrolment to sort a common prefix such as "sm" (found by the benchmark).
  return Prisma.sql`
    SELECT h.*, e.profession, e.college, e."licenceNumber", e.status AS "enrolmentStatus"
      FROM (SELECT p.id, ${PERSON_SORT} AS sort, p."legalGivenName", p."legalFamilyName", p."preferredGivenName",
                   p."preferredFamilyName", p."contactEmail", p."idpEmail", p.status::text AS status
              FROM "Person" p
             WHERE ${personMatch(k)} ${keyset}
             ORDER BY ${PERSON_SORT}, p.id LIMIT ${size + 1}) h
      LEFT JOIN "Enrolment" e ON e."personId" = h.id
     ORDER BY h.sort, h.id`;
}

export function worksitesSql(k: SearchKeys, after: string | undefined, size: number): Prisma.Sql {
  const cursor = textIdCursor.decode(after);
  const keyset = cursor ? Prisma.sql`AND (${WORKSITE_SORT}, w.id) > (${cursor.text}, ${cursor.id}::uuid)` : Prisma.empty;
  return Prisma.sql`
    SELECT w.id, ${WORKSITE_SORT} AS sort, w."worksiteCode", w."operatingName", w."legalName", w.city, w.email,
           w.status::text AS status
      FROM "Worksite" w
     WHERE ${worksiteMatch(k)} ${keyset}
     ORDER BY ${WORKSITE_SORT}, w.id LIMIT ${size + 1}`;
}

const personStatus: Record<string, string> = { ACTIVE: 'Active', SUSPENDED: 'Suspended', INACTIVE: 'Inactive' };

/** People or worksites matching the term, ordered by name, keyset-paged on (name, id). */
export async function search(caller: StaffCaller | null, input: SearchInput, opts: { pageSize?: number } = {}): Promise<SearchResult> {
  requireCapability(caller, 'team.search');
  const size = opts.pageSize ?? LIST_PAGE_SIZE;
  const keys = searchKeys(input.kind, input.q);
  if (input.kind === 'worksites') {
    if (!keys) return { kind: 'worksites', rows: [], nextCursor: null };
    const found = await db().$queryRaw<(Omit<WorksiteHit, 'statusLabel' | 'href'> & { sort: string })[]>(worksitesSql(keys, input.after, size));
    const page = found.slice(0, size);
    const last = page.at(-1);
    return {
      kind: 'worksites',
      rows: page.map(({ sort: _sort, ...w }) => ({
        ...w,
        statusLabel: worksiteStatusLabel(w.status as WorksiteStatus),
        href: `/admin/worksites/${w.id}`,
      })),
      nextCursor: found.length > size && last ? textIdCursor.encode(last.sort, last.id) : null,
    };
  }
  if (!keys) return { kind: 'people', rows: [], nextCursor: null };
  const found = await db().$queryRaw<PersonRaw[]>(peopleSql(keys, input.after, size));
  const page = found.slice(0, size);
  const last = page.at(-1);
  return {
    kind: 'people',
    rows: page.map((p) => ({
      id: p.id,
      name: displayName(p),
      legalName: legalName(p),
      email: p.contactEmail,
      signInEmail: p.idpEmail,
      status: personStatus[p.status] ?? p.status,
      profession: p.profession ? professionLabel(p.profession) : null,
      licence: p.licenceNumber ? `${p.college ?? ''} ${p.licenceNumber}`.trim() : null,
      enrolmentStatus: p.enrolmentStatus ? enrolmentStatusLabel(p.enrolmentStatus) : null,
      href: `/admin/people/${p.id}`,
    })),
    nextCursor: found.length > size && last ? textIdCursor.encode(last.sort, last.id) : null,
  };
}
