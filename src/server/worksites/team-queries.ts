import 'server-only';
import type { Prisma, WorksiteStatus } from '@/generated/prisma/client';
import { ageText, ageTone, businessAge, type AgeTone } from '@/lib/business-days';
import { displayName } from '@/lib/names';
import { audit } from '../audit';
import { requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';
import { latestDeclaration } from '../declarations/queries';
import { mayTakeTeamAction } from '../people/team-rules';
import type { RequestContext } from '../request-context';
import { SPONSORSHIP_STATUS_LABEL } from '../sponsorships/rules';
import { worksiteTimeline } from '../timeline/queries';
import { memberOf } from './access';
import { statusLabel } from './rules';
import { LOCATION_TYPE_LABEL, PROFESSION_LABEL, ROLE_CONTEXT_LABEL } from './schema';
import { availableDecisions } from './team-service';
import type { TeamDecision } from './team-schema';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

// Reads for the enrolment team's worksite pages: plain values, never whole rows.

export const REVIEW_STATUSES: WorksiteStatus[] = ['INTAKE_SUBMITTED', 'DECLARATION_SUBMITTED'];
export const QUEUE_PAGE_SIZE = 50;
/** Where a site admin's closure request waits for the team. */
export const CLOSABLE_STATUSES: WorksiteStatus[] = ['ACTIVE', 'SUSPENDED'];

export type QueueRow = {
  id: string;
  worksiteCode: string;
  operatingName: string;
  city: string;
  status: WorksiteStatus;
  statusLabel: string;
  submittedAt: Date; // when it started waiting: its last status change, or the closure request
  ageDays: number; // business days
  ageTone: AgeTone;
  ageText: string;
  flaggedDeclaration: boolean; // the latest declaration has a "No" answer
  closureRequested: boolean; // a site admin asked the team to close it
};

export type QueuePage = { rows: QueueRow[]; nextCursor: string | null };

// The cursor is the last row's sort key. New rows enter with statusChangedAt = now, so they
// land after every row already paged through: each row shows exactly once across pages.
const encodeCursor = (at: Date, id: string) =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

function decodeCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [iso = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { at, id };
}

/**
 * Worksites in the given states, oldest first; a bad cursor starts from the first page. The
 * closure-request queue waits from the request, the others from the last status change.
 */
export async function worksiteQueue(
  viewer: Subject | null,
  p: {
    statuses?: WorksiteStatus[];
    /** Only worksites whose site admin asked the team to close them (still active or suspended). */
    closureRequested?: boolean;
    after?: string | null;
    now?: Date;
    pageSize?: number;
  },
): Promise<QueuePage> {
  requireCapability(viewer, 'team.queue.read');
  const statuses = p.closureRequested
    ? CLOSABLE_STATUSES
    : p.statuses?.length
      ? p.statuses
      : REVIEW_STATUSES;
  const key = p.closureRequested ? 'closureRequestedAt' : 'statusChangedAt';
  const size = p.pageSize ?? QUEUE_PAGE_SIZE;
  const now = p.now ?? clock.now();
  const cursor = decodeCursor(p.after);
  const where: Prisma.WorksiteWhereInput = {
    status: { in: statuses },
    ...(p.closureRequested && { closureRequestedAt: { not: null } }),
    ...(cursor && {
      OR: [{ [key]: { gt: cursor.at } }, { [key]: cursor.at, id: { gt: cursor.id } }],
    }),
  };
  const found = await db().worksite.findMany({
    where,
    orderBy: [{ [key]: 'asc' }, { id: 'asc' }],
    take: size + 1,
    select: {
      id: true,
      worksiteCode: true,
      operatingName: true,
      city: true,
      status: true,
      statusChangedAt: true,
      closureRequestedAt: true,
    },
  });
  const page = found.slice(0, size);
  const flagged = await flaggedWorksites(page.map((w) => w.id));
  const waitingSince = (w: (typeof page)[number]) =>
    (key === 'closureRequestedAt' && w.closureRequestedAt) || w.statusChangedAt;
  const last = page.at(-1);
  return {
    rows: page.map((w) => {
      const ageDays = businessAge(waitingSince(w), now);
      return {
        id: w.id,
        worksiteCode: w.worksiteCode,
        operatingName: w.operatingName,
        city: w.city,
        status: w.status,
        statusLabel: statusLabel(w.status),
        submittedAt: waitingSince(w),
        ageDays,
        ageTone: ageTone(ageDays),
        ageText: ageText(ageDays),
        flaggedDeclaration: flagged.has(w.id),
        closureRequested: w.closureRequestedAt !== null,
      };
    }),
    nextCursor: found.length > size && last ? encodeCursor(waitingSince(last), last.id) : null,
  };
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

/**
 * Everything the team's detail page shows about a worksite. Viewing is audited
 * (worksite.viewed_by_staff), in the same transaction as the reads.
 */
export async function worksiteForTeam(
  viewer: Subject | null,
  worksiteId: string,
  ctx?: Pick<RequestContext, 'requestId' | 'ip'>,
) {
  requireCapability(viewer, 'team.worksite.read');
  if (!isUuid(worksiteId))
    return null;
  const now = clock.now();
  const found = await db().$transaction(async (tx) => {
    // One connection per transaction: Prisma would fetch the relations of one query in
    // parallel on it, so each is read on its own, one after another.
    const row = await tx.worksite.findUnique({
      where: { id: worksiteId },
      include: { createdBy: true },
    });
    if (!row) return null;
    const expectedUsers = await tx.expectedUser.findMany({
      where: { worksiteId },
      orderBy: { createdAt: 'asc' },
    });
    const memberships = await tx.membership.findMany({
      where: { worksiteId },
      include: { person: true },
      orderBy: { createdAt: 'asc' },
    });
    const statusChanges = await tx.worksiteStatusChange.findMany({
      where: { worksiteId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const w = { ...row, expectedUsers, memberships, statusChanges };
    const snapshot = await tx.submissionSnapshot.findFirst({
      where: { kind: 'WORKSITE_INTAKE', worksiteId: w.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    const emails = await tx.outboxEmail.findMany({
      where: { worksiteId: w.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
      select: {
        id: true,
        template: true,
        toAddress: true,
        subject: true,
        status: true,
        createdAt: true,
        sentAt: true,
      },
    });
    const viewerMembership = await memberOf(tx, viewer.id, w.id);
    const actorIds = [
      ...new Set(
        [...w.statusChanges.map((c) => c.actorId), w.closureRequestedById, w.assignedToId].filter(
          (x): x is string => !!x,
        ),
      ),
    ];
    const actors = new Map(
      (await tx.person.findMany({ where: { id: { in: actorIds } } })).map((p) => [
        p.id,
        displayName(p),
      ]),
    );
    await audit(tx, {
      actor: { type: 'STAFF', personId: viewer.id },
      action: 'worksite.viewed_by_staff',
      target: { type: 'WORKSITE', id: w.id },
      worksiteId: w.id,
      requestId: ctx?.requestId,
      ip: ctx?.ip,
    });
    const timeline = await worksiteTimeline(tx, w.id);
    const sponsorships = await tx.sponsorship.findMany({
      where: { oboMembership: { worksiteId: w.id } },
      include: { oboMembership: { include: { person: true } }, sponsorMembership: { include: { person: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
    });
    // Every declaration ever submitted (each row is immutable): the page shows the latest in full.
    const declarations = await tx.declaration.findMany({
      where: { worksiteId: w.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true, createdAt: true, signerName: true, signerTitle: true, hasFlaggedAnswers: true, antivirusFileId: true, version: { select: { version: true } } },
    });
    return { w, snapshot, emails, isMember: viewerMembership !== null, actors, timeline, sponsorships, declarations };
  });
  if (!found) return null;
  const { w, snapshot, emails, isMember, actors, timeline, sponsorships, declarations } = found;
  const mayAct = (a: Parameters<typeof mayTakeTeamAction>[0]) => !isMember && mayTakeTeamAction(a, viewer.staffRoles);
  const declaration = await latestDeclaration(w.id);

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
    may: { assign: mayAct('assign'), note: mayAct('addNote'), resend: mayAct('resendEmail') },
  };
}
