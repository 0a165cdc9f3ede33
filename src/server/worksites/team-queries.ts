import 'server-only';
import type { OutboxStatus, Prisma, WorksiteStatus } from '@/generated/prisma/client';
import { ageText, ageTone, businessAge, type AgeTone } from '@/lib/business-days';
import { displayName } from '@/lib/names';
import { audit } from '../audit';
import { can, requireCapability, type Capability, type Subject } from '../authz/guard';
import { db } from '../db';
import { latestDeclaration } from '../declarations/queries';
import type { AuditContext } from '../request-context';
import { SPONSORSHIP_STATUS_LABEL } from '../sponsorships/rules';
import { worksiteTimeline } from '../timeline/queries';
import { statusLabel } from './rules';
import { LOCATION_TYPE_LABEL, PROFESSION_LABEL, ROLE_CONTEXT_LABEL } from './schema';
import { availableDecisions } from './team-service';
import type { TeamDecision } from './team-schema';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

// Reads for the enrolment team's worksite pages: plain values, never whole rows.

/** Where a site admin's closure request waits for the team. */
export const CLOSABLE_STATUSES: WorksiteStatus[] = ['ACTIVE', 'SUSPENDED'];

// The worksites page lists the work list's rows (src/server/team/queue-queries.ts, domainPage);
// this adds what the page shows besides, for the ids of one page.

export type WorksiteListDetail = {
  id: string;
  city: string;
  flaggedDeclaration: boolean; // the latest declaration has a "No" answer
  closureRequested: boolean; // a site admin asked the team to close it
};

/** City, flagged declaration and closure request of the listed worksites. */
export async function worksiteListDetails(viewer: Subject | null, ids: string[]): Promise<WorksiteListDetail[]> {
  requireCapability(viewer, 'team.queue.read');
  const [found, flagged] = await Promise.all([
    db().worksite.findMany({ where: { id: { in: ids } }, select: { id: true, city: true, closureRequestedAt: true } }),
    flaggedWorksites(ids),
  ]);
  return found.map((w) => ({ id: w.id, city: w.city, flaggedDeclaration: flagged.has(w.id), closureRequested: w.closureRequestedAt !== null }));
}

/** Of these worksites, those whose latest declaration has a flagged ("No") answer. */
async function flaggedWorksites(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const decls = await db().declaration.findMany({
    where: { worksiteId: { in: ids } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { worksiteId: true, hasFlaggedAnswers: true },
  });
  const latest = new Map<string, boolean>();
  for (const d of decls)
    if (!latest.has(d.worksiteId)) latest.set(d.worksiteId, d.hasFlaggedAnswers);
  return new Set([...latest].filter(([, f]) => f).map(([id]) => id));
}

export type QueueCount = { count: number; oldestDays: number | null; oldestTone: AgeTone };

/** For the team dashboard: how many wait in each queue and how long the oldest has waited. */
export async function worksiteQueueCounts(
  viewer: Subject | null,
  now: Date = clock.now(),
): Promise<{ intakes: QueueCount; declarations: QueueCount; closureRequests: QueueCount }> {
  requireCapability(viewer, 'team.queue.read');
  const one = async (
    where: Prisma.WorksiteWhereInput,
    key: 'statusChangedAt' | 'closureRequestedAt' = 'statusChangedAt',
  ): Promise<QueueCount> => {
    const [count, oldest] = await Promise.all([
      db().worksite.count({ where }),
      db().worksite.findFirst({
        where,
        orderBy: [{ [key]: 'asc' }, { id: 'asc' }],
        select: { statusChangedAt: true, closureRequestedAt: true },
      }),
    ]);
    const since = oldest
      ? key === 'closureRequestedAt'
        ? oldest.closureRequestedAt
        : oldest.statusChangedAt
      : null;
    const oldestDays = since ? businessAge(since, now) : null;
    return { count, oldestDays, oldestTone: ageTone(oldestDays ?? 0) };
  };
  const [intakes, declarations, closureRequests] = await Promise.all([
    one({ status: 'INTAKE_SUBMITTED' }),
    one({ status: 'DECLARATION_SUBMITTED' }),
    one(
      { status: { in: CLOSABLE_STATUSES }, closureRequestedAt: { not: null } },
      'closureRequestedAt',
    ),
  ]);
  return { intakes, declarations, closureRequests };
}

export type SnapshotField = { label: string; value: string };

const FIELD_LABEL: Record<string, string> = {
  legalName: 'Legal name',
  operatingName: 'Operating name',
  locationType: 'Location type',
  roleContext: 'Role context',
  street: 'Street address',
  city: 'City',
  province: 'Province',
  postalCode: 'Postal code',
  phone: 'Phone',
  email: 'Worksite email',
  emrVendor: 'EMR vendor',
  expectedUsers: 'Expected users',
};

const plain = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length ? v.map(plain).join('\n') : 'None';
  if (typeof v === 'object')
    return Object.values(v as Record<string, unknown>)
      .filter((x) => x != null && x !== '')
      .map(plain)
      .join(', ');
  return String(v);
};

/** The submitted intake as label/value pairs, whatever its exact shape. */
function snapshotFields(data: unknown): SnapshotField[] {
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return [{ label: 'Submitted data', value: plain(data) }];
  return Object.entries(data as Record<string, unknown>)
    .filter(([k]) => k !== 'submissionKey')
    .map(([k, v]) => ({ label: FIELD_LABEL[k] ?? k, value: plain(v) }));
}

export type TeamWorksiteView = NonNullable<Awaited<ReturnType<typeof worksiteForTeam>>>;

type PersonName = { id: string; legalGivenName: string; legalFamilyName: string; preferredGivenName: string | null; preferredFamilyName: string | null };
type WorksiteExtrasRow = {
  snapshot: { createdAt: string; sha256: string; data: Prisma.JsonValue } | null;
  emails: { id: string; template: string; toAddress: string; subject: string; status: OutboxStatus; createdAt: string; sentAt: string | null }[] | null;
  actors: PersonName[] | null;
};

/** The latest intake snapshot, the newest 200 emails and the names of the people the page
 * names (status changes, closure request, assignee), in one statement. */
async function worksiteExtras(worksiteId: string) {
  const [r] = await db().$queryRaw<WorksiteExtrasRow[]>`
    SELECT
      (SELECT json_build_object('createdAt', s."createdAt" AT TIME ZONE 'UTC', 'sha256', s.sha256, 'data', s.data)
         FROM "SubmissionSnapshot" s WHERE s.kind = 'WORKSITE_INTAKE' AND s."worksiteId" = ${worksiteId}::uuid
        ORDER BY s."createdAt" DESC, s.id DESC LIMIT 1) AS snapshot,
      (SELECT json_agg(e ORDER BY e."createdAt" DESC, e.id DESC)
         FROM (SELECT id, template, "toAddress", subject, status, "createdAt" AT TIME ZONE 'UTC' AS "createdAt",
                      "sentAt" AT TIME ZONE 'UTC' AS "sentAt"
                 FROM "OutboxEmail" WHERE "worksiteId" = ${worksiteId}::uuid
                ORDER BY "createdAt" DESC, id DESC LIMIT 200) e) AS emails,
      (SELECT json_agg(json_build_object('id', p.id, 'legalGivenName', p."legalGivenName", 'legalFamilyName', p."legalFamilyName",
                'preferredGivenName', p."preferredGivenName", 'preferredFamilyName', p."preferredFamilyName"))
         FROM "Person" p
        WHERE p.id IN (SELECT c."actorId" FROM "WorksiteStatusChange" c WHERE c."worksiteId" = ${worksiteId}::uuid
                       UNION SELECT x."closureRequestedById" FROM "Worksite" x WHERE x.id = ${worksiteId}::uuid
                       UNION SELECT x."assignedToId" FROM "Worksite" x WHERE x.id = ${worksiteId}::uuid)) AS actors`;
  return {
    snapshot: r?.snapshot ? { ...r.snapshot, createdAt: new Date(r.snapshot.createdAt) } : null,
    emails: (r?.emails ?? []).map((e) => ({ ...e, createdAt: new Date(e.createdAt), sentAt: e.sentAt ? new Date(e.sentAt) : null })),
    actors: new Map((r?.actors ?? []).map((p) => [p.id, displayName(p)])),
  };
}

/**
 * Everything the team's detail page shows about a worksite. Viewing is audited
 * (worksite.viewed_by_staff), after the reads and before anything is returned.
 */
export async function worksiteForTeam(
  viewer: Subject | null,
  worksiteId: string,
  ctx?: AuditContext & { olderTimeline?: boolean },
) {
  requireCapability(viewer, 'team.worksite.read');
  if (!isUuid(worksiteId))
    return null;
  const now = clock.now();
  // No transaction: the reads come first and the "viewed" row is written before anything is
  // returned, so nothing is shown unless the view was audited (a single INSERT is atomic).
  const tx = db();
  // The worksite and its sections in one joined statement (relation joins), and the intake
  // snapshot, emails and actor names in one more (docs/decisions/027-round-trip-budget.md).
  const [w, extras, declaration] = await Promise.all([
    tx.worksite.findUnique({
      where: { id: worksiteId },
      include: {
        createdBy: true,
        expectedUsers: { orderBy: { createdAt: 'asc' } },
        memberships: {
          include: {
            person: true,
            sponsorshipsAsObo: {
              include: { sponsorMembership: { include: { person: true } } },
              orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
              take: 200,
            },
          },
          orderBy: { createdAt: 'asc' },
        },
        statusChanges: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
        // Every declaration ever submitted (each row is immutable): the page shows the latest in full.
        declarations: {
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          select: { id: true, createdAt: true, signerName: true, signerTitle: true, hasFlaggedAnswers: true, antivirusFileId: true, version: { select: { version: true } } },
        },
      },
    }),
    worksiteExtras(worksiteId),
    latestDeclaration(worksiteId),
  ]);
  if (!w) return null;
  const { snapshot, emails, actors } = extras;
  const isMember = w.memberships.some((m) => m.personId === viewer.id && m.status !== 'ENDED' && m.status !== 'DECLINED');
  await audit(tx, {
    actor: { type: 'STAFF', personId: viewer.id },
    action: 'worksite.viewed_by_staff',
    target: { type: 'WORKSITE', id: w.id },
    worksiteId: w.id,
    requestId: ctx?.requestId,
    ip: ctx?.ip,
  });
  const timeline = await worksiteTimeline(tx, w.id, { older: ctx?.olderTimeline });
  const sponsorships = w.memberships
    .flatMap((m) => m.sponsorshipsAsObo.map((s) => ({ ...s, oboMembership: m })))
    .sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0))
    .slice(0, 200);
  const declarations = w.declarations;
  const mayAct = (c: Capability) => !isMember && can(viewer, c);

  const memberEmails = new Set(
    w.memberships
      .filter((m) => m.status !== 'ENDED' && m.status !== 'DECLINED')
      .flatMap((m) => [m.person.contactEmail, m.person.idpEmail])
      .flatMap((e) => (e ? [e.toLowerCase()] : [])),
  );
  const ageDays = businessAge(w.statusChangedAt, now);
  const decisions: TeamDecision[] = availableDecisions(viewer, w, isMember);

  return {
    id: w.id,
    worksiteCode: w.worksiteCode,
    operatingName: w.operatingName,
    legalName: w.legalName,
    locationType: w.locationType,
    locationTypeLabel: LOCATION_TYPE_LABEL[w.locationType],
    roleContextLabel: ROLE_CONTEXT_LABEL[w.roleContext],
    address: { street: w.street, city: w.city, province: w.province, postalCode: w.postalCode },
    phone: w.phone,
    email: w.email,
    emrVendor: w.emrVendor,
    status: w.status,
    statusLabel: statusLabel(w.status),
    reviewStateBeforeChanges: w.reviewStateBeforeChanges,
    statusChangedAt: w.statusChangedAt,
    ageDays,
    ageTone: ageTone(ageDays),
    ageText: ageText(ageDays),
    registeredAt: w.createdAt,
    registeredBy: displayName(w.createdBy),
    expectedUsers: w.expectedUsers.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      profession: u.profession ? PROFESSION_LABEL[u.profession] : null,
      invitedAt: u.invitedAt,
      isMember: memberEmails.has(u.email.toLowerCase()),
    })),
    intakeSnapshot: snapshot
      ? {
          submittedAt: snapshot.createdAt,
          sha256: snapshot.sha256,
          fields: snapshotFields(snapshot.data),
        }
      : null,
    members: w.memberships.map((m) => ({
      id: m.id,
      personId: m.personId,
      name: displayName(m.person),
      email: m.person.contactEmail ?? m.person.idpEmail,
      status: m.status,
      role: m.isSiteAdmin ? 'Site administrator' : 'Member',
      kind: m.kind === 'ON_BEHALF_OF' ? 'On behalf of' : 'Independent',
      isLocum: m.isLocum,
    })),
    declaration: declaration
      ? { ...declaration, antivirusUrl: `/api/files/${declaration.antivirusFileId}` }
      : null,
    timeline: w.statusChanges.map((c) => ({
      id: c.id,
      at: c.createdAt,
      from: c.fromStatus,
      fromLabel: c.fromStatus ? statusLabel(c.fromStatus) : null,
      to: c.toStatus,
      toLabel: statusLabel(c.toStatus),
      reason: c.reason,
      actorName: c.actorId ? (actors.get(c.actorId) ?? 'Unknown person') : 'The portal',
    })),
    emails: emails.map((e) => ({
      id: e.id,
      template: e.template,
      to: e.toAddress,
      subject: e.subject,
      status: e.status,
      queuedAt: e.createdAt,
      sentAt: e.sentAt,
    })),
    closureRequest: w.closureRequestedAt
      ? {
          requestedAt: w.closureRequestedAt,
          byName: w.closureRequestedById
            ? (actors.get(w.closureRequestedById) ?? 'Unknown person')
            : 'Unknown person',
          reason: w.closureRequestReason,
        }
      : null,
    viewerIsMember: isMember,
    decisions,
    assignee: w.assignedToId ? { id: w.assignedToId, name: actors.get(w.assignedToId) ?? 'Unknown person' } : null,
    mergedTimeline: timeline,
    declarationHistory: declarations.map((d) => ({
      id: d.id,
      submittedAt: d.createdAt,
      version: d.version.version,
      signer: `${d.signerName}, ${d.signerTitle}`,
      flagged: d.hasFlaggedAnswers,
      antivirusUrl: `/api/files/${d.antivirusFileId}`,
    })),
    sponsorships: sponsorships.map((s) => ({
      id: s.id,
      oboId: s.oboMembership.personId,
      oboName: displayName(s.oboMembership.person),
      sponsorId: s.sponsorMembership.personId,
      sponsorName: displayName(s.sponsorMembership.person),
      status: s.status,
      statusLabel: SPONSORSHIP_STATUS_LABEL[s.status],
      since: s.decidedAt ?? s.createdAt,
    })),
    may: { assign: mayAct('team.assign'), note: mayAct('team.note'), resend: mayAct('email.resend') },
  };
}
