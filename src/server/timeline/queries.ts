import 'server-only';
import { displayName } from '@/lib/names';
import {
  Prisma,
  type EnrolmentStatus,
  type MembershipStatus,
  type WorksiteStatus,
} from '@/generated/prisma/client';
import type { Tx } from '../db';
import { enrolmentStatusLabel } from '../enrolments/rules';
import { membershipStatusLabel } from '../memberships/rules';
import { PERSON_STATUS_LABEL } from '../people/team-rules';
import { statusLabel as worksiteStatusLabel } from '../worksites/rules';
import {
  TIMELINE_PAGE,
  auditActionLabel,
  isSignificantAuditAction,
  mergeTimeline,
  SIGNIFICANT_AUDIT_PREFIXES,
  type TimelineEntry,
} from './rules';

// The timeline of a person or a worksite, merged from the status histories, notes, the outbox
// and the audit log, in one statement (docs/decisions/027-round-trip-budget.md): each source's
// newest rows, with the name of whoever acted.

type Client = Pick<Tx, '$queryRaw'>;

/** The page shows the newest 50 entries, and everything (up to a limit) after "Show older". */
const TIMELINE_ALL = 1000;
/** `older`: the whole history (up to TIMELINE_ALL) instead of the newest page. */
export type TimelineRange = { older?: boolean };
// One past the page, so the page knows there is more: the newest n of each source are enough
// for the newest n of the merge.
const perSource = (r: TimelineRange) => (r.older ? TIMELINE_ALL : TIMELINE_PAGE) + 1;
const PORTAL = 'The portal';

type Raw = {
  kind: TimelineEntry['kind'];
  src: string | null;
  id: string;
  at: Date;
  actorId: string | null;
  d: Record<string, string | number | null>;
  legalGivenName: string | null;
  legalFamilyName: string | null;
  preferredGivenName: string | null;
  preferredFamilyName: string | null;
};

const significant = (alias: string) =>
  Prisma.sql`(${Prisma.join(
    SIGNIFICANT_AUDIT_PREFIXES.map(
      (p) =>
        Prisma.sql`${Prisma.raw(alias)}.action LIKE ${`${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`,
    ),
    ' OR ',
  )})`;

const statusData = Prisma.sql`json_build_object('from', x."fromStatus", 'to', x."toStatus", 'reason', x.reason)`;
const emailColumns = Prisma.sql`'email', NULL, e.id::text, e."createdAt", NULL::uuid,
  json_build_object('subject', e.subject, 'to', e."toAddress", 'template', e.template, 'state', e.status, 'sentAt', e."sentAt", 'attempts', e.attempts)`;
const eventColumns = Prisma.sql`'event', a.action, a.id::text, a."occurredAt", a."actorId", json_build_object('actorLabel', a."actorLabel")`;

async function read(c: Client, sources: Prisma.Sql): Promise<Raw[]> {
  return c.$queryRaw<Raw[]>`
    WITH rows (kind, src, id, at, "actorId", d) AS (${sources})
    SELECT r.*, p."legalGivenName", p."legalFamilyName", p."preferredGivenName", p."preferredFamilyName"
    FROM rows r LEFT JOIN "Person" p ON p.id = r."actorId"`;
}

const nameOf = (r: Raw) =>
  r.actorId
    ? r.legalGivenName !== null
      ? displayName(r as Parameters<typeof displayName>[0])
      : 'Unknown person'
    : PORTAL;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
// json_build_object writes timestamps without a zone; they are UTC like every stored time.
const utc = (v: unknown) => (v ? new Date(`${String(v)}Z`) : null);

function toEntry(
  r: Raw,
  statusLabel: (src: string, s: string) => string,
  subjectOf: (r: Raw) => string,
  aboutOf: (src: string) => string,
): TimelineEntry | null {
  const d = r.d;
  switch (r.kind) {
    case 'status':
      return {
        kind: 'status',
        id: r.id,
        at: r.at,
        subject: subjectOf(r),
        from: d.from ? statusLabel(r.src!, String(d.from)) : null,
        to: statusLabel(r.src!, String(d.to)),
        reason: str(d.reason),
        actor: nameOf(r),
      };
    case 'note':
      return {
        kind: 'note',
        id: r.id,
        at: r.at,
        about: aboutOf(r.src!),
        author: nameOf(r),
        body: String(d.body),
      };
    case 'email': {
      const state = String(d.state) as 'PENDING' | 'SENT' | 'DEAD';
      // Only that it failed is the team's business; SMTP detail stays in the logs.
      return {
        kind: 'email',
        id: r.id,
        at: r.at,
        subject: String(d.subject),
        to: String(d.to),
        template: String(d.template),
        state,
        sentAt: utc(d.sentAt),
        attempts: Number(d.attempts),
        lastError: state === 'DEAD' ? 'The mail server did not accept it.' : null,
      };
    }
    case 'event':
      if (!isSignificantAuditAction(r.src!)) return null;
      return {
        kind: 'event',
        id: r.id,
        at: r.at,
        action: r.src!,
        label: auditActionLabel(r.src!),
        actor: r.actorId ? nameOf(r) : (str(d.actorLabel) ?? PORTAL),
      };
  }
}

/** The newest entries of the range, and one more when there are older ones. */
function page(entries: (TimelineEntry | null)[], r: TimelineRange): TimelineEntry[] {
  return mergeTimeline(entries.filter((e): e is TimelineEntry => e !== null)).slice(
    0,
    perSource(r),
  );
}

const STATUS_LABEL: Record<string, (s: string) => string> = {
  Person: (s) => PERSON_STATUS_LABEL[s as keyof typeof PERSON_STATUS_LABEL],
  Enrolment: (s) => enrolmentStatusLabel(s as EnrolmentStatus),
  Membership: (s) => membershipStatusLabel(s as MembershipStatus),
  Worksite: (s) => worksiteStatusLabel(s as WorksiteStatus),
};
const labelOf = (src: string, s: string) => STATUS_LABEL[src]!(s);

/** Everything about a person: their status, enrolment, memberships, notes, emails and events. */
export async function personTimeline(
  c: Client,
  personId: string,
  range: TimelineRange = {},
): Promise<TimelineEntry[]> {
  const PER_SOURCE = perSource(range);
  const rows = await read(
    c,
    Prisma.sql`
      (SELECT 'status', 'Person', x.id::text, x."createdAt", x."actorId", ${statusData}
         FROM "PersonStatusChange" x WHERE x."personId" = ${personId}::uuid ORDER BY x."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT 'status', 'Enrolment', x.id::text, x."createdAt", x."actorId", ${statusData}
         FROM "EnrolmentStatusChange" x JOIN "Enrolment" en ON en.id = x."enrolmentId"
        WHERE en."personId" = ${personId}::uuid ORDER BY x."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT 'status', 'Membership', x.id::text, x."createdAt", x."actorId",
              json_build_object('from', x."fromStatus", 'to', x."toStatus", 'reason', x.reason, 'where', w."operatingName" || ' (' || w."worksiteCode" || ')')
         FROM "MembershipStatusChange" x JOIN "Membership" m ON m.id = x."membershipId" JOIN "Worksite" w ON w.id = m."worksiteId"
        WHERE m."personId" = ${personId}::uuid ORDER BY x."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT 'note', n."targetType"::text, n.id::text, n."createdAt", n."authorId", json_build_object('body', n.body)
         FROM "Note" n
        WHERE n."personId" = ${personId}::uuid OR (n."targetType" = 'PERSON' AND n."targetId" = ${personId}::uuid)
           OR (n."targetType" = 'ENROLMENT' AND n."targetId" IN (SELECT id FROM "Enrolment" WHERE "personId" = ${personId}::uuid))
        ORDER BY n."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT ${emailColumns} FROM "OutboxEmail" e WHERE e."personId" = ${personId}::uuid ORDER BY e."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT ${eventColumns} FROM "AuditEvent" a WHERE a."personId" = ${personId}::uuid AND ${significant('a')} ORDER BY a."occurredAt" DESC LIMIT ${PER_SOURCE})`,
  );
  const subjectOf = (r: Raw) =>
    r.src === 'Membership' ? `Membership at ${str(r.d.where) ?? 'a worksite'}` : r.src!;
  const aboutOf = (src: string) => (src === 'ENROLMENT' ? 'Enrolment' : 'Person');
  return page(
    rows.map((r) => toEntry(r, labelOf, subjectOf, aboutOf)),
    range,
  );
}

/** Everything about a worksite: its status, its memberships, notes, emails and events. */
export async function worksiteTimeline(
  c: Client,
  worksiteId: string,
  range: TimelineRange = {},
): Promise<TimelineEntry[]> {
  const PER_SOURCE = perSource(range);
  const rows = await read(
    c,
    Prisma.sql`
      (SELECT 'status', 'Worksite', x.id::text, x."createdAt", x."actorId", ${statusData}
         FROM "WorksiteStatusChange" x WHERE x."worksiteId" = ${worksiteId}::uuid ORDER BY x."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT 'status', 'Membership', x.id::text, x."createdAt", x."actorId",
              json_build_object('from', x."fromStatus", 'to', x."toStatus", 'reason', x.reason,
                'given', mp."legalGivenName", 'family', mp."legalFamilyName", 'pgiven', mp."preferredGivenName", 'pfamily', mp."preferredFamilyName")
         FROM "MembershipStatusChange" x JOIN "Membership" m ON m.id = x."membershipId" JOIN "Person" mp ON mp.id = m."personId"
        WHERE m."worksiteId" = ${worksiteId}::uuid ORDER BY x."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT 'note', n."targetType"::text, n.id::text, n."createdAt", n."authorId", json_build_object('body', n.body)
         FROM "Note" n WHERE n."targetType" = 'WORKSITE' AND n."targetId" = ${worksiteId}::uuid ORDER BY n."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT ${emailColumns} FROM "OutboxEmail" e WHERE e."worksiteId" = ${worksiteId}::uuid ORDER BY e."createdAt" DESC LIMIT ${PER_SOURCE})
      UNION ALL
      (SELECT ${eventColumns} FROM "AuditEvent" a WHERE a."worksiteId" = ${worksiteId}::uuid AND ${significant('a')} ORDER BY a."occurredAt" DESC LIMIT ${PER_SOURCE})`,
  );
  const memberName = (d: Raw['d']) =>
    displayName({
      legalGivenName: String(d.given),
      legalFamilyName: String(d.family),
      preferredGivenName: str(d.pgiven),
      preferredFamilyName: str(d.pfamily),
    });
  const subjectOf = (r: Raw) =>
    r.src === 'Membership' ? `Membership of ${memberName(r.d)}` : r.src!;
  return page(
    rows.map((r) => toEntry(r, labelOf, subjectOf, () => 'Worksite')),
    range,
  );
}
