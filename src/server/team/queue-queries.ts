import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { ageText, ageTone, businessAge, type AgeTone } from '@/lib/business-days';
import { requireCapability } from '../authz/guard';
import type { StaffCaller } from '../decisions/caller';
import { displayName } from '@/lib/names';
import { db } from '../db';
import { prepared, utcInstant } from '../prepared';
import {
  dateBounds,
  LIST_PAGE_SIZE,
  QUEUE_SOURCES,
  queueParts,
  timeIdCursor,
  type QueueType,
  type QueueView,
} from './list-rules';
import { clock } from '@/lib/clock';
import { sponsorWaitText, type SponsorWait } from '../sponsorships/rules';
import { sponsorWaits } from '../sponsorships/wait-queries';

// The unified work list: every queue's items in one keyset-paged list (SPEC §10).

export type { StaffCaller };

export type QueueItem = {
  type: QueueType;
  typeLabel: string;
  id: string;
  status: string;
  statusLabel: string;
  waitingSince: Date;
  ageDays: number;
  ageTone: AgeTone;
  ageText: string;
  /** What the item is about, for its link: the worksite for worksite requests, else the person. */
  subject: string;
  personName: string | null;
  worksiteName: string | null;
  worksiteCode: string | null;
  assigneeName: string | null;
  assignedToMe: boolean;
  href: string;
  /** Why it waits, when the status alone does not say (a membership waiting for a sponsor). */
  reason?: SponsorWait;
  reasonText?: string;
};

export type QueuePage = { rows: QueueItem[]; nextCursor: string | null };

const ident = (name: string) => Prisma.raw(`"${name}"`);

/**
 * One (type, status) part of the list as a SQL fragment over its table `t`, with extra
 * conditions. Every part is `status = …` on an index that starts (status, since, id), so each is
 * one index range whatever the table size. Identifiers come from QUEUE_SOURCES, never from input.
 */
export function partFrom(type: QueueType, status: string, extra: Prisma.Sql[] = []): Prisma.Sql {
  const s = QUEUE_SOURCES[type];
  const conds = [
    Prisma.sql`t.status = CAST(${status} AS ${ident(s.statusEnum)})`,
    ...(type === 'closure' ? [Prisma.sql`t."closureRequestedAt" IS NOT NULL`] : []),
    // An open closure request lists the worksite as a closure request, never twice.
    ...(type === 'worksite' && QUEUE_SOURCES.closure.statuses.includes(status as 'ACTIVE')
      ? [Prisma.sql`t."closureRequestedAt" IS NULL`]
      : []),
    ...extra,
  ];
  return Prisma.sql`FROM ${ident(s.table)} t WHERE ${Prisma.join(conds, ' AND ')}`;
}

// Who and where each item is about, as plain keys, so the page's joins are simple lookups.
// Requests on a membership read its person and worksite per returned row (after the LIMIT).
const viaMembership = Prisma.sql`(SELECT m."personId" FROM "Membership" m WHERE m.id = t."membershipId") AS "personId",
  (SELECT m."worksiteId" FROM "Membership" m WHERE m.id = t."membershipId") AS "worksiteId", NULL::uuid AS "enrolmentId"`;
const REFS: Record<QueueType, Prisma.Sql> = {
  intake: Prisma.sql`NULL::uuid AS "personId", t.id AS "worksiteId", NULL::uuid AS "enrolmentId"`,
  declaration: Prisma.sql`NULL::uuid AS "personId", t.id AS "worksiteId", NULL::uuid AS "enrolmentId"`,
  worksite: Prisma.sql`NULL::uuid AS "personId", t.id AS "worksiteId", NULL::uuid AS "enrolmentId"`,
  closure: Prisma.sql`t."closureRequestedById" AS "personId", t.id AS "worksiteId", NULL::uuid AS "enrolmentId"`,
  enrolment: Prisma.sql`t."personId", NULL::uuid AS "worksiteId", NULL::uuid AS "enrolmentId"`,
  membership: Prisma.sql`t."personId", t."worksiteId", NULL::uuid AS "enrolmentId"`,
  'waiting-sponsor': Prisma.sql`t."personId", t."worksiteId", NULL::uuid AS "enrolmentId"`,
  'remote-access': viaMembership,
  'pharmanet-worksite': Prisma.sql`t."requestedById" AS "personId", t."worksiteId", NULL::uuid AS "enrolmentId"`,
  'pharmanet-user': viaMembership,
  // A profession change is decided on the person's enrolment page.
  'profession-change': Prisma.sql`t."personId", NULL::uuid AS "worksiteId",
    (SELECT e.id FROM "Enrolment" e WHERE e."personId" = t."personId") AS "enrolmentId"`,
};

type RawItem = {
  type: QueueType;
  id: string;
  since: Date;
  status: string;
  assignedToId: string | null;
  legalGivenName: string | null;
  legalFamilyName: string | null;
  preferredGivenName: string | null;
  preferredFamilyName: string | null;
  worksiteName: string | null;
  worksiteCode: string | null;
  enrolmentId: string | null;
  personId: string | null;
  worksiteId: string | null;
  assigneeGiven: string | null;
  assigneeFamily: string | null;
  assigneePrefGiven: string | null;
  assigneePrefFamily: string | null;
};

/** The page's SQL (exported for EXPLAIN in tests); null when the filter selects no queue. */
export function queueSql(callerId: string, f: QueueView, size: number): Prisma.Sql | null {
  const parts = queueParts(f);
  if (parts.length === 0) return null;
  const desc = f.sort === 'newest';
  const cursor = timeIdCursor.decode(f.after);
  const { from, to } = dateBounds(f);
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  // The limit is part of the statement, not a parameter: with it unknown, PostgreSQL estimates a
  // generic plan as reading far more rows and plans the statement anew on every run.
  if (!Number.isInteger(size) || size < 1) throw new Error(`Page size must be a positive integer, not ${size}`);
  const limit = Prisma.raw(String(size + 1));

  const subqueries = parts.map(({ type, status }) => {
    const since = Prisma.raw(`t."${QUEUE_SOURCES[type].since}"`);
    const extra: Prisma.Sql[] = [];
    if (f.assignee === 'me') extra.push(Prisma.sql`t."assignedToId" = ${callerId}::uuid`);
    if (f.assignee === 'nobody') extra.push(Prisma.sql`t."assignedToId" IS NULL`);
    if (from) extra.push(Prisma.sql`${since} >= ${utcInstant(from)}`);
    if (to) extra.push(Prisma.sql`${since} < ${utcInstant(to)}`);
    if (cursor)
      extra.push(
        desc
          ? Prisma.sql`(${since}, t.id) < (${utcInstant(cursor.at)}, ${cursor.id}::uuid)`
          : Prisma.sql`(${since}, t.id) > (${utcInstant(cursor.at)}, ${cursor.id}::uuid)`,
      );
    return Prisma.sql`(SELECT ${type}::text AS type, t.id, ${since} AS since, t.status::text AS status,
        t."assignedToId", ${REFS[type]}
      ${partFrom(type, status, extra)}
      ORDER BY ${since} ${dir}, t.id ${dir} LIMIT ${limit})`;
  });

  return Prisma.sql`
    WITH page AS (
      SELECT * FROM (${Prisma.join(subqueries, ' UNION ALL ')}) u
      ORDER BY since ${dir}, id ${dir} LIMIT ${limit}
    )
    SELECT page.type, page.id, page.since AT TIME ZONE 'UTC' AS since, page.status, page."assignedToId", page."enrolmentId", page."personId", page."worksiteId",
           p."legalGivenName", p."legalFamilyName", p."preferredGivenName", p."preferredFamilyName",
           w."operatingName" AS "worksiteName", w."worksiteCode",
           a."legalGivenName" AS "assigneeGiven", a."legalFamilyName" AS "assigneeFamily",
           a."preferredGivenName" AS "assigneePrefGiven", a."preferredFamilyName" AS "assigneePrefFamily"
      FROM page
      LEFT JOIN "Person" p ON p.id = page."personId"
      LEFT JOIN "Worksite" w ON w.id = page."worksiteId"
      LEFT JOIN "Person" a ON a.id = page."assignedToId"
     ORDER BY page.since ${dir}, page.id ${dir}`;
}

/**
 * One page of the work list. Keyset on (waiting since, id): an item that starts waiting while
 * someone pages has the newest time, so oldest-first pages never skip or repeat a row; newest-
 * first pages simply do not show it until the list is opened again.
 */
export async function queuePage(
  caller: StaffCaller | null,
  f: QueueView,
  opts: { pageSize?: number; now?: Date } = {},
): Promise<QueuePage> {
  requireCapability(caller, 'team.queue.read');
  const size = opts.pageSize ?? LIST_PAGE_SIZE;
  const now = opts.now ?? clock.now();
  const sql = queueSql(caller.id, f, size);
  if (!sql) return { rows: [], nextCursor: null };
  // Every open of the work list runs it: through the driver as a prepared statement (one per
  // filter shape, never per value), at about half Prisma's CPU for its 51 rows.
  const found = await prepared<RawItem>(sql, 'queue');
  const page = found.slice(0, size);
  const last = page.at(-1);
  const waiting = page.filter((r) => r.type === 'waiting-sponsor' && r.personId && r.worksiteId);
  const waits = await sponsorWaits(db(), waiting.map((r) => ({ id: r.id, personId: r.personId!, worksiteId: r.worksiteId! })), now);
  return {
    rows: page.map((r) => withReason(toItem(r, caller.id, now), waits.get(r.id))),
    nextCursor: found.length > size && last ? timeIdCursor.encode(last.since, last.id) : null,
  };
}

const withReason = (item: QueueItem, w: SponsorWait | undefined): QueueItem =>
  w ? { ...item, reason: w, reasonText: sponsorWaitText(w) } : item;

function toItem(r: RawItem, me: string, now: Date): QueueItem {
  const s = QUEUE_SOURCES[r.type];
  const days = businessAge(r.since, now);
  const person = r.legalGivenName !== null ? displayName({ legalGivenName: r.legalGivenName, legalFamilyName: r.legalFamilyName ?? '', preferredGivenName: r.preferredGivenName, preferredFamilyName: r.preferredFamilyName }) : null;
  const assignee = r.assigneeGiven !== null ? displayName({ legalGivenName: r.assigneeGiven, legalFamilyName: r.assigneeFamily ?? '', preferredGivenName: r.assigneePrefGiven, preferredFamilyName: r.assigneePrefFamily }) : null;
  return {
    type: r.type,
    typeLabel: s.label,
    id: r.id,
    status: r.status,
    statusLabel: s.statusLabel(r.status),
    waitingSince: r.since,
    ageDays: days,
    ageTone: ageTone(days),
    ageText: ageText(days),
    subject: (s.table === 'Worksite' || r.type === 'pharmanet-worksite' ? r.worksiteName : person) ?? person ?? r.worksiteName ?? s.label,
    personName: person,
    worksiteName: r.worksiteName,
    worksiteCode: r.worksiteCode,
    assigneeName: assignee,
    assignedToMe: r.assignedToId === me,
    href: s.href(r.id, r.enrolmentId, r.personId),
  };
}

/**
 * A per-domain page (enrolments, remote access, …): the work list's rows, ageing and cursor for
 * the view, each row joined with what that page shows besides, read by id for the page's rows
 * only. A row whose details are gone (the record was deleted between reads) is left out.
 */
export async function domainPage<D extends { id: string }>(
  caller: StaffCaller | null,
  view: QueueView,
  details: (ids: string[]) => Promise<D[]>,
  opts: { pageSize?: number; now?: Date } = {},
): Promise<{ rows: (QueueItem & { detail: D })[]; nextCursor: string | null }> {
  const page = await queuePage(caller, view, opts);
  if (page.rows.length === 0) return { rows: [], nextCursor: page.nextCursor };
  const byId = new Map((await details(page.rows.map((r) => r.id))).map((d) => [d.id, d]));
  return {
    rows: page.rows.flatMap((r) => {
      const detail = byId.get(r.id);
      return detail ? [{ ...r, detail }] : [];
    }),
    nextCursor: page.nextCursor,
  };
}
