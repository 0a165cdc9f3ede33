import 'server-only';
import type { EnrolmentStatus, Prisma } from '@/generated/prisma/client';
import { ageText, ageTone, businessAge, type AgeTone } from '@/lib/business-days';
import { displayName, legalName } from '@/lib/names';
import { personHpcaaState } from '../agreements/queries';
import { HPCAA_STATE_LABEL, hpcaaExpiresOn, type HpcaaState } from '../agreements/rules';
import { audit } from '../audit';
import { can, requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';
import { COLLEGES, isProfession, needsHpcaa, professionLabel } from '../professions/rules';
import type { RequestContext } from '../request-context';
import { personTimeline } from '../timeline/queries';
import { enrolmentStatusLabel } from './rules';
import { availableDecisions } from './team-service';
import type { EnrolmentDecision } from './team-schema';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

// Reads for the enrolment team's pages: plain values, never whole rows.

export const ENROLMENT_QUEUE_PAGE_SIZE = 50;

export type EnrolmentQueueRow = {
  id: string;
  personName: string;
  profession: string;
  licence: string; // "CPSBC 12345", or "—"
  inReviewSince: Date;
  ageDays: number; // business days
  ageTone: AgeTone;
  ageText: string;
};

export type EnrolmentQueuePage = { rows: EnrolmentQueueRow[]; nextCursor: string | null };

// Keyset on (statusChangedAt, id): entries join the queue with statusChangedAt = now, after every
// row already paged through, so each row shows exactly once across pages.
const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
function decodeCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  return Number.isNaN(at.getTime()) || !isUuid(id ?? '') ? null : { at, id: id! };
}

const licenceText = (college: string | null, licence: string | null) => (college && licence ? `${college} ${licence}` : '—');

/** Enrolments in review, oldest first, with their age in BC business days. */
export async function enrolmentQueue(
  viewer: Subject | null,
  p: { after?: string | null; now?: Date; pageSize?: number } = {},
): Promise<EnrolmentQueuePage> {
  requireCapability(viewer, 'team.queue.read');
  const size = p.pageSize ?? ENROLMENT_QUEUE_PAGE_SIZE;
  const now = p.now ?? clock.now();
  const cursor = decodeCursor(p.after);
  const where: Prisma.EnrolmentWhereInput = {
    status: 'IN_REVIEW',
    ...(cursor && {
      OR: [{ statusChangedAt: { gt: cursor.at } }, { statusChangedAt: cursor.at, id: { gt: cursor.id } }],
    }),
  };
  const found = await db().enrolment.findMany({
    where,
    orderBy: [{ statusChangedAt: 'asc' }, { id: 'asc' }],
    take: size + 1,
    include: { person: true },
  });
  const page = found.slice(0, size);
  const last = page.at(-1);
  return {
    rows: page.map((e) => {
      const ageDays = businessAge(e.statusChangedAt, now);
      return {
        id: e.id,
        personName: displayName(e.person),
        profession: e.profession ? professionLabel(e.profession) : '—',
        licence: licenceText(e.college, e.licenceNumber),
        inReviewSince: e.statusChangedAt,
        ageDays,
        ageTone: ageTone(ageDays),
        ageText: ageText(ageDays),
      };
    }),
    nextCursor: found.length > size && last ? encodeCursor(last.statusChangedAt, last.id) : null,
  };
}

export type QueueCount = { count: number; oldestDays: number | null; oldestTone: AgeTone };

/** For the team dashboard: enrolments and profession changes waiting, and the oldest's age. */
export async function enrolmentQueueCounts(
  viewer: Subject | null,
  now: Date = clock.now(),
): Promise<{ enrolments: QueueCount; professionChanges: QueueCount }> {
  requireCapability(viewer, 'team.queue.read');
  const [count, oldest, changes, oldestChange] = await Promise.all([
    db().enrolment.count({ where: { status: 'IN_REVIEW' } }),
    db().enrolment.findFirst({ where: { status: 'IN_REVIEW' }, orderBy: [{ statusChangedAt: 'asc' }, { id: 'asc' }], select: { statusChangedAt: true } }),
    db().professionChangeRequest.count({ where: { status: 'REQUESTED' } }),
    db().professionChangeRequest.findFirst({ where: { status: 'REQUESTED' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { createdAt: true } }),
  ]);
  const tone = (d: Date | undefined): QueueCount['oldestDays'] => (d ? businessAge(d, now) : null);
  const e = tone(oldest?.statusChangedAt);
  const c = tone(oldestChange?.createdAt);
  return {
    enrolments: { count, oldestDays: e, oldestTone: ageTone(e ?? 0) },
    professionChanges: { count: changes, oldestDays: c, oldestTone: ageTone(c ?? 0) },
  };
}

export type ProfessionChangeRow = {
  id: string;
  enrolmentId: string | null;
  personName: string;
  from: string;
  to: string;
  requestedAt: Date;
  ageText: string;
  ageTone: AgeTone;
};

/** Profession change requests waiting for the team, oldest first. */
export async function professionChangeQueue(viewer: Subject | null, now: Date = clock.now()): Promise<ProfessionChangeRow[]> {
  requireCapability(viewer, 'team.queue.read');
  const requests = await db().professionChangeRequest.findMany({
    where: { status: 'REQUESTED' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: ENROLMENT_QUEUE_PAGE_SIZE,
    include: { person: { include: { enrolment: { select: { id: true } } } } },
  });
  return requests.map((r) => {
    const days = businessAge(r.createdAt, now);
    return {
      id: r.id,
      enrolmentId: r.person.enrolment?.id ?? null,
      personName: displayName(r.person),
      from: r.fromProfession ? professionLabel(r.fromProfession) : '—',
      to: `${professionLabel(r.toProfession)}${r.licenceNumber ? ` (${licenceText(r.college, r.licenceNumber)})` : ''}`,
      requestedAt: r.createdAt,
      ageText: ageText(days),
      ageTone: ageTone(days),
    };
  });
}

export type Field = { label: string; value: string };

const SNAPSHOT_LABEL: Record<string, string> = {
  profession: 'Profession',
  college: 'College',
  licenceNumber: 'Licence number',
  jobTitle: 'Job title',
  residencyStart: 'Residency starts',
  residencyEnd: 'Residency ends',
  preferredGivenName: 'Preferred first name',
  preferredFamilyName: 'Preferred last name',
  contactEmail: 'Contact email',
  contactPhone: 'Phone',
  status: 'Status after submitting',
  submittedAt: 'Submitted at',
};

function snapshotValue(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (key === 'profession' && isProfession(v)) return professionLabel(v);
  if (key === 'status' && typeof v === 'string') return enrolmentStatusLabel(v as EnrolmentStatus);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A submitted form as label/value pairs, whatever its exact shape. */
function snapshotFields(data: unknown): Field[] {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [{ label: 'Submitted data', value: JSON.stringify(data) }];
  return Object.entries(data as Record<string, unknown>)
    .filter(([k]) => k !== 'submissionKey')
    .map(([k, v]) => ({ label: SNAPSHOT_LABEL[k] ?? k, value: snapshotValue(k, v) }));
}

export type TeamEnrolmentView = NonNullable<Awaited<ReturnType<typeof enrolmentForTeam>>>;

/**
 * Everything the team's enrolment page shows about a person. Viewing a person's details is
 * audited (person.viewed_by_staff, SPEC §10/§12) in the same transaction as the reads. A missing
 * enrolment and a malformed id both give null.
 */
export async function enrolmentForTeam(
  viewer: Subject | null,
  enrolmentId: string,
  ctx?: Pick<RequestContext, 'requestId' | 'ip'>,
  now: Date = clock.now(),
) {
  requireCapability(viewer, 'team.enrolment.read');
  const staff = viewer;
  const staffPersonId = staff.id;
  if (!isUuid(enrolmentId)) return null;
  return db().$transaction(async (tx) => {
    const e = await tx.enrolment.findUnique({
      where: { id: enrolmentId },
      include: { person: true, statusChanges: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } },
    });
    if (!e) return null;
    const person = e.person;
    const [completions, hpcaa, snapshots, changeRequests, memberships, emails] = await Promise.all([
      tx.privacyCourseCompletion.findMany({ where: { personId: person.id }, orderBy: [{ completedAt: 'asc' }, { id: 'asc' }] }),
      personHpcaaState(tx, person.id, now),
      tx.submissionSnapshot.findMany({
        where: { kind: 'ENROLMENT', targetId: e.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 20,
      }),
      tx.professionChangeRequest.findMany({ where: { personId: person.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
      tx.membership.findMany({
        where: { personId: person.id },
        include: { worksite: { select: { id: true, operatingName: true, worksiteCode: true, status: true } } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
      tx.outboxEmail.findMany({
        where: { personId: person.id },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: 100,
        select: { id: true, template: true, toAddress: true, subject: true, status: true, createdAt: true, sentAt: true },
      }),
    ]);
    const actorIds = [
      ...new Set(
        [
          ...e.statusChanges.map((c) => c.actorId),
          ...completions.map((c) => c.recordedById),
          ...changeRequests.map((r) => r.decidedById),
          ...changeRequests.map((r) => r.assignedToId),
          e.decidedById,
          e.assignedToId,
        ].filter((x): x is string => !!x),
      ),
    ];
    const names = new Map((await tx.person.findMany({ where: { id: { in: actorIds } } })).map((p) => [p.id, displayName(p)]));
    const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'Unknown person') : null);

    await audit(tx, {
      actor: { type: 'STAFF', personId: staffPersonId },
      action: 'person.viewed_by_staff',
      target: { type: 'PERSON', id: person.id },
      personId: person.id,
      after: { enrolmentId: e.id, page: 'admin.enrolment' },
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
    });

    const timeline = await personTimeline(tx, person.id);

    const hpcaaNeeded = e.profession ? needsHpcaa(e.profession) : null;
    const hpcaaShown: HpcaaState | 'not-needed' = hpcaaNeeded === false ? 'not-needed' : hpcaa.state;
    const own = person.id === staffPersonId;
    const first = completions[0] ?? null;
    return {
      id: e.id,
      own,
      status: e.status,
      statusLabel: enrolmentStatusLabel(e.status),
      statusChangedAt: e.statusChangedAt,
      submittedAt: e.submittedAt,
      decided: e.decidedAt ? { at: e.decidedAt, by: nameOf(e.decidedById) } : null,
      person: {
        id: person.id,
        legalName: legalName(person),
        preferredName:
          person.preferredGivenName || person.preferredFamilyName ? displayName(person) : null,
        birthdate: person.birthdate ? person.birthdate.toISOString().slice(0, 10) : null,
        contactEmail: person.contactEmail,
        signInEmail: person.idpEmail,
        contactPhone: person.contactPhone,
        status: person.status,
      },
      profession: e.profession ? professionLabel(e.profession) : null,
      college: e.college ? `${COLLEGES[e.college as keyof typeof COLLEGES]?.name ?? e.college} (${e.college})` : null,
      licenceNumber: e.licenceNumber,
      jobTitle: e.jobTitle,
      residency:
        e.residencyStart || e.residencyEnd
          ? { start: e.residencyStart?.toISOString().slice(0, 10) ?? null, end: e.residencyEnd?.toISOString().slice(0, 10) ?? null }
          : null,
      course: first
        ? {
            completedAt: first.completedAt,
            source: first.source,
            recordedBy: nameOf(first.recordedById),
            reason: first.reason,
            count: completions.length,
          }
        : null,
      agreement: {
        state: hpcaaShown,
        label: HPCAA_STATE_LABEL[hpcaaShown],
        needed: hpcaaNeeded,
        currentVersion: hpcaa.currentVersion,
        accepted: hpcaa.acceptance
          ? {
              version: hpcaa.acceptance.versionNumber,
              acceptedAt: hpcaa.acceptance.acceptedAt,
              typedName: hpcaa.acceptance.typedName,
              expiresOn: hpcaaExpiresOn(hpcaa.acceptance.acceptedAt),
            }
          : null,
      },
      snapshots: snapshots.map((s) => ({ id: s.id, at: s.createdAt, sha256: s.sha256, fields: snapshotFields(s.data) })),
      history: e.statusChanges.map((c) => ({
        id: c.id,
        at: c.createdAt,
        from: c.fromStatus ? enrolmentStatusLabel(c.fromStatus) : null,
        to: enrolmentStatusLabel(c.toStatus),
        toStatus: c.toStatus,
        reason: c.reason,
        by: c.actorId ? nameOf(c.actorId) : 'The portal',
      })),
      professionChanges: changeRequests.map((r) => ({
        id: r.id,
        status: r.status,
        from: r.fromProfession ? professionLabel(r.fromProfession) : '—',
        to: professionLabel(r.toProfession),
        college: r.college,
        licenceNumber: r.licenceNumber,
        reason: r.reason,
        requestedAt: r.createdAt,
        decision: r.decidedAt ? { at: r.decidedAt, by: nameOf(r.decidedById), reason: r.decisionReason } : null,
        assignee: r.assignedToId ? { id: r.assignedToId, name: nameOf(r.assignedToId)! } : null,
      })),
      memberships: memberships.map((m) => ({
        id: m.id,
        worksiteId: m.worksite.id,
        worksiteName: m.worksite.operatingName,
        worksiteCode: m.worksite.worksiteCode,
        worksiteStatus: m.worksite.status,
        status: m.status,
        siteAdmin: m.isSiteAdmin,
      })),
      emails,
      decisions: availableDecisions(staff, e) as EnrolmentDecision[],
      assignee: e.assignedToId ? { id: e.assignedToId, name: nameOf(e.assignedToId)! } : null,
      timeline,
      may: {
        assign: !own && can(staff, 'team.assign'),
        note: !own && can(staff, 'team.note'),
        resend: !own && can(staff, 'email.resend'),
      },
      mayDecideProfessionChanges: !own && can(staff, 'professionChange.decide'),
      mayRecordCourse: !own && can(staff, 'course.record') && completions.length === 0,
    };
  });
}
