import 'server-only';
import type { ActorType, Prisma, RecordType } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { audit } from '../audit';
import { oldestUnsealedSeconds } from '../audit-sealer';
import { requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';
import type { AuditContext } from '../request-context';
import { AUDIT_PAGE_SIZE, pacificDayEnd, pacificDayStart, parseCursor } from './rules';

export type AuditViewer = Subject;
export type AuditFilters = {
  actorId?: string;
  action?: string; // a prefix: "staff." finds every staff-role event
  worksiteId?: string;
  personId?: string;
  from?: string; // YYYY-MM-DD, Pacific
  to?: string; // YYYY-MM-DD, Pacific, inclusive
  cursor?: string; // last id of the previous page
};
export type AuditRow = {
  id: string;
  /** Its place in the sealed chain; null while it waits for the sealer. */
  seq: string | null;
  occurredAt: Date;
  actorType: ActorType;
  actorId: string | null;
  actorName: string | null;
  actorLabel: string | null;
  action: string;
  targetType: RecordType;
  targetId: string | null;
  worksiteId: string | null;
  worksiteCode: string | null;
  personId: string | null;
  requestId: string | null;
};

function where(f: AuditFilters): Prisma.AuditEventWhereInput {
  const from = f.from ? pacificDayStart(f.from) : null;
  const to = f.to ? pacificDayEnd(f.to) : null;
  const cursor = parseCursor(f.cursor);
  return {
    ...(f.actorId && { actorId: f.actorId }),
    ...(f.action && { action: { startsWith: f.action } }),
    ...(f.worksiteId && { worksiteId: f.worksiteId }),
    ...(f.personId && { personId: f.personId }),
    ...((from || to) && { occurredAt: { ...(from && { gte: from }), ...(to && { lt: to }) } }),
    ...(cursor && { id: { lt: cursor } }),
  };
}

/** Newest first, keyed on id: events added while someone pages have higher ids, so they never
 * shift the pages still to come (no row shown twice or skipped). */
export async function searchAudit(
  viewer: AuditViewer | null,
  f: AuditFilters,
): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  requireCapability(viewer, 'audit.read');
  const found = await db().auditEvent.findMany({
    where: where(f),
    orderBy: { id: 'desc' },
    take: AUDIT_PAGE_SIZE + 1,
  });
  const page = found.slice(0, AUDIT_PAGE_SIZE);
  const actorIds = [...new Set(page.map((e) => e.actorId).filter((v): v is string => !!v))];
  const worksiteIds = [...new Set(page.map((e) => e.worksiteId).filter((v): v is string => !!v))];
  const [people, worksites] = await Promise.all([
    db().person.findMany({
      where: { id: { in: actorIds } },
      select: { id: true, legalGivenName: true, legalFamilyName: true, preferredGivenName: true, preferredFamilyName: true },
    }),
    db().worksite.findMany({ where: { id: { in: worksiteIds } }, select: { id: true, worksiteCode: true } }),
  ]);
  const names = new Map(people.map((p) => [p.id, displayName(p)]));
  const codes = new Map(worksites.map((w) => [w.id, w.worksiteCode]));
  const rows = page.map((e) => ({
    id: e.id.toString(),
    seq: e.seq?.toString() ?? null,
    occurredAt: e.occurredAt,
    actorType: e.actorType,
    actorId: e.actorId,
    actorName: e.actorId ? (names.get(e.actorId) ?? null) : null,
    actorLabel: e.actorLabel,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    worksiteId: e.worksiteId,
    worksiteCode: e.worksiteId ? (codes.get(e.worksiteId) ?? null) : null,
    personId: e.personId,
    requestId: e.requestId,
  }));
  const last = page.at(-1);
  return { rows, nextCursor: found.length > AUDIT_PAGE_SIZE && last ? last.id.toString() : null };
}

export type AuditSealStatus = {
  checkpoint: { seq: string; headHash: string; signedAt: Date; keyId: string } | null;
  /** Seconds the oldest committed, unsealed row has waited (0 when none). */
  oldestUnsealedSeconds: number;
};

/** The latest signed checkpoint and how far the sealer is behind, for the top of the viewer. */
export async function auditSealStatus(viewer: AuditViewer | null): Promise<AuditSealStatus> {
  requireCapability(viewer, 'audit.read');
  const [cp, oldest] = await Promise.all([
    db().auditCheckpoint.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, headHash: true, signedAt: true, keyId: true } }),
    oldestUnsealedSeconds(),
  ]);
  return { checkpoint: cp && { ...cp, seq: cp.seq.toString() }, oldestUnsealedSeconds: oldest };
}

/** Reading the audit log is itself audited, with the filters used. */
export async function recordAuditView(
  viewer: AuditViewer | null,
  f: AuditFilters,
  ctx: AuditContext = {},
): Promise<void> {
  requireCapability(viewer, 'audit.read');
  await db().$transaction((tx) =>
    audit(tx, {
      actor: { type: 'STAFF', personId: viewer.id },
      action: 'audit.viewed',
      target: { type: 'PERSON', id: f.personId ?? null },
      personId: f.personId ?? null,
      worksiteId: f.worksiteId ?? null,
      after: { filters: f },
      requestId: ctx.requestId,
      ip: ctx.ip,
    }),
  );
}
