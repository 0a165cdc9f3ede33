import 'server-only';
import { Prisma, type PersonStatus, type WorksiteStatus } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { ageText, ageTone, businessAge, type AgeTone } from '@/lib/business-days';
import { displayName } from '@/lib/names';
import { requireCapability } from '../authz/guard';
import { db } from '../db';
import { SITE_ADMIN_REQUIRED } from '../people/site-admin-rules';
import { PERSON_STATUS_LABEL } from '../people/team-rules';
import { statusLabel } from '../worksites/rules';
import { LIST_PAGE_SIZE, timeIdCursor } from './list-rules';
import type { StaffCaller } from './queue-queries';

// The team's queue of worksites nobody can administer (docs/decisions/020): each still needs an
// active site admin (it is not closed or declined), and every site admin it has is a person who
// was suspended or inactivated. The database trigger keeps an active site-admin *membership* at
// every such worksite, so the search starts from the few people who are not active, on the
// Person (status, createdAt) index, rather than from every worksite.

const GAPS = Prisma.sql`
  SELECT w.id, w."worksiteCode", w."operatingName", w.status::text AS status,
         -- when the last of its site admins stopped being active
         max(COALESCE(c.at, p."updatedAt")) AS since,
         json_agg(json_build_object('id', p.id, 'legalGivenName', p."legalGivenName", 'legalFamilyName', p."legalFamilyName",
           'preferredGivenName', p."preferredGivenName", 'preferredFamilyName', p."preferredFamilyName", 'status', p.status)
           ORDER BY p."legalFamilyName", p.id) AS admins
    FROM "Person" p
    JOIN "Membership" m ON m."personId" = p.id AND m."isSiteAdmin" AND m.status = 'ACTIVE'
    JOIN "Worksite" w ON w.id = m."worksiteId"
     AND w.status::text IN (${Prisma.join(SITE_ADMIN_REQUIRED)})
    LEFT JOIN LATERAL (
      SELECT max(x."createdAt") AS at FROM "PersonStatusChange" x WHERE x."personId" = p.id AND x."toStatus" <> 'ACTIVE'
    ) c ON true
   WHERE p.status IN ('SUSPENDED', 'INACTIVE')
     AND NOT EXISTS (
       SELECT 1 FROM "Membership" o JOIN "Person" op ON op.id = o."personId"
        WHERE o."worksiteId" = w.id AND o."isSiteAdmin" AND o.status = 'ACTIVE' AND op.status = 'ACTIVE')
   GROUP BY w.id`;

export type NoSiteAdminCount = { count: number; oldestAt: Date | null; oldestDays: number | null; oldestTone: AgeTone };

/** How many worksites have no active site admin, and since when the oldest has had none. */
export async function noSiteAdminCount(caller: StaffCaller | null, now: Date = clock.now()): Promise<NoSiteAdminCount> {
  requireCapability(caller, 'team.queue.read');
  const [r] = await db().$queryRaw<{ n: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS n, min(since) AS oldest FROM (${GAPS}) gaps`;
  const days = r?.oldest ? businessAge(r.oldest, now) : null;
  return { count: r?.n ?? 0, oldestAt: r?.oldest ?? null, oldestDays: days, oldestTone: ageTone(days ?? 0) };
}

export type NoSiteAdminRow = {
  id: string;
  worksiteCode: string;
  operatingName: string;
  statusLabel: string;
  since: Date;
  ageText: string;
  ageTone: AgeTone;
  /** Its site admins, none of whom is active. */
  admins: { id: string; name: string; statusLabel: string }[];
};

type RawAdmin = {
  id: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredGivenName: string | null;
  preferredFamilyName: string | null;
  status: PersonStatus;
};
type RawGap = { id: string; worksiteCode: string; operatingName: string; status: WorksiteStatus; since: Date; admins: RawAdmin[] };

/** One page of the queue, longest without an admin first; keyset on (since, id). */
export async function noSiteAdminPage(
  caller: StaffCaller | null,
  opts: { after?: string | null; pageSize?: number; now?: Date } = {},
): Promise<{ rows: NoSiteAdminRow[]; nextCursor: string | null }> {
  requireCapability(caller, 'team.queue.read');
  const size = opts.pageSize ?? LIST_PAGE_SIZE;
  const now = opts.now ?? clock.now();
  const cursor = timeIdCursor.decode(opts.after);
  const found = await db().$queryRaw<RawGap[]>`
    SELECT * FROM (${GAPS}) gaps
     ${cursor ? Prisma.sql`WHERE (since, id) > (${cursor.at}, ${cursor.id}::uuid)` : Prisma.empty}
     ORDER BY since, id LIMIT ${size + 1}`;
  const page = found.slice(0, size);
  const last = page.at(-1);
  return {
    rows: page.map((g) => {
      const days = businessAge(g.since, now);
      return {
        id: g.id,
        worksiteCode: g.worksiteCode,
        operatingName: g.operatingName,
        statusLabel: statusLabel(g.status),
        since: g.since,
        ageText: ageText(days),
        ageTone: ageTone(days),
        admins: g.admins.map((a) => ({ id: a.id, name: displayName(a), statusLabel: PERSON_STATUS_LABEL[a.status] })),
      };
    }),
    nextCursor: found.length > size && last ? timeIdCursor.encode(last.since, last.id) : null,
  };
}
