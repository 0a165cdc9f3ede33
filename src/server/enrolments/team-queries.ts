import 'server-only';
import type { EnrolmentStatus, OutboxStatus } from '@/generated/prisma/client';
import { ageTone, businessAge, type AgeTone } from '@/lib/business-days';
import { displayName, legalName } from '@/lib/names';
import { currentVersion, HPCAA_STATE_LABEL, hpcaaExpiresOn, hpcaaState, requiredVersion, type HpcaaState } from '../agreements/rules';
import { audit } from '../audit';
import { can, requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';
import { COLLEGES, isProfession, needsHpcaa, professionLabel } from '../professions/rules';
import type { AuditContext } from '../request-context';
import { personTimeline } from '../timeline/queries';
import { enrolmentStatusLabel } from './rules';
import { availableDecisions } from './team-service';
import type { EnrolmentDecision } from './team-schema';
import { isUuid } from '@/lib/ids';
import { clock } from '@/lib/clock';

// Reads for the enrolment team's pages: plain values, never whole rows.

const licenceText = (college: string | null, licence: string | null) => (college && licence ? `${college} ${licence}` : '—');

// The enrolments page lists the work list's rows (src/server/team/queue-queries.ts, domainPage);
// these add what the page shows besides, for the ids of one page.

export type EnrolmentListDetail = { id: string; profession: string; licence: string };

/** Profession and licence of the listed enrolments. */
export async function enrolmentListDetails(viewer: Subject | null, ids: string[]): Promise<EnrolmentListDetail[]> {
  requireCapability(viewer, 'team.queue.read');
  const found = await db().enrolment.findMany({
    where: { id: { in: ids } },
    select: { id: true, profession: true, college: true, licenceNumber: true },
  });
  return found.map((e) => ({
    id: e.id,
    profession: e.profession ? professionLabel(e.profession) : '—',
    licence: licenceText(e.college, e.licenceNumber),
  }));
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

export type ProfessionChangeDetail = { id: string; from: string; to: string };

/** What the listed profession change requests ask for. */
export async function professionChangeListDetails(viewer: Subject | null, ids: string[]): Promise<ProfessionChangeDetail[]> {
  requireCapability(viewer, 'team.queue.read');
  const found = await db().professionChangeRequest.findMany({
    where: { id: { in: ids } },
    select: { id: true, fromProfession: true, toProfession: true, college: true, licenceNumber: true },
  });
  return found.map((r) => ({
    id: r.id,
    from: r.fromProfession ? professionLabel(r.fromProfession) : '—',
    to: `${professionLabel(r.toProfession)}${r.licenceNumber ? ` (${licenceText(r.college, r.licenceNumber)})` : ''}`,
  }));
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

type EnrolmentExtrasRow = {
  acceptance: { versionNumber: number; acceptedAt: string; typedName: string } | null;
  versions: { version: number; effectiveAt: string; reacceptRequired: boolean; graceDays: number }[] | null;
  snapshots: { id: string; createdAt: string; sha256: string; data: unknown }[] | null;
  emails: { id: string; template: string; toAddress: string; subject: string; status: OutboxStatus; createdAt: string; sentAt: string | null }[] | null;
  actors: { id: string; legalGivenName: string; legalFamilyName: string; preferredGivenName: string | null; preferredFamilyName: string | null }[] | null;
};

/**
 * In one statement (docs/decisions/027-round-trip-budget.md): the person's latest HPCAA
 * acceptance and the versions' terms, the enrolment's newest 20 snapshots, the person's newest
 * 100 emails, and the names of the people the page names (status changes, course records,
 * profession changes, decider and assignee).
 */
async function enrolmentExtras(enrolmentId: string) {
  const [r] = await db().$queryRaw<EnrolmentExtrasRow[]>`
    WITH e AS (SELECT id, "personId", "decidedById", "assignedToId" FROM "Enrolment" WHERE id = ${enrolmentId}::uuid)
    SELECT
      (SELECT json_build_object('versionNumber', v.version, 'acceptedAt', a."acceptedAt" AT TIME ZONE 'UTC', 'typedName', a."typedName")
         FROM "AgreementAcceptance" a JOIN "AgreementVersion" v ON v.id = a."agreementVersionId"
        WHERE a."personId" = (SELECT "personId" FROM e) AND v.kind = 'HPCAA'
        ORDER BY a."acceptedAt" DESC, a.id DESC LIMIT 1) AS acceptance,
      (SELECT json_agg(json_build_object('version', v.version, 'effectiveAt', v."effectiveAt",
                'reacceptRequired', v."reacceptRequired", 'graceDays', v."graceDays") ORDER BY v.version)
         FROM "AgreementVersion" v WHERE v.kind = 'HPCAA') AS versions,
      (SELECT json_agg(json_build_object('id', s.id, 'createdAt', s."createdAt" AT TIME ZONE 'UTC', 'sha256', s.sha256, 'data', s.data)
                ORDER BY s."createdAt" DESC, s.id DESC)
         FROM (SELECT * FROM "SubmissionSnapshot" WHERE kind = 'ENROLMENT' AND "targetId" = ${enrolmentId}::uuid
               ORDER BY "createdAt" DESC, id DESC LIMIT 20) s) AS snapshots,
      (SELECT json_agg(m ORDER BY m."createdAt" DESC, m.id DESC)
         FROM (SELECT id, template, "toAddress", subject, status, "createdAt" AT TIME ZONE 'UTC' AS "createdAt",
                      "sentAt" AT TIME ZONE 'UTC' AS "sentAt"
                 FROM "OutboxEmail" WHERE "personId" = (SELECT "personId" FROM e)
                ORDER BY "createdAt" DESC, id DESC LIMIT 100) m) AS emails,
      (SELECT json_agg(json_build_object('id', p.id, 'legalGivenName', p."legalGivenName", 'legalFamilyName', p."legalFamilyName",
                'preferredGivenName', p."preferredGivenName", 'preferredFamilyName', p."preferredFamilyName"))
         FROM "Person" p
        WHERE p.id IN (SELECT c."actorId" FROM "EnrolmentStatusChange" c WHERE c."enrolmentId" = ${enrolmentId}::uuid
                       UNION SELECT pc."recordedById" FROM "PrivacyCourseCompletion" pc WHERE pc."personId" = (SELECT "personId" FROM e)
                       UNION SELECT r."decidedById" FROM "ProfessionChangeRequest" r WHERE r."personId" = (SELECT "personId" FROM e)
                       UNION SELECT r."assignedToId" FROM "ProfessionChangeRequest" r WHERE r."personId" = (SELECT "personId" FROM e)
                       UNION SELECT "decidedById" FROM e UNION SELECT "assignedToId" FROM e)) AS actors`;
  return {
    acceptance: r?.acceptance ? { ...r.acceptance, acceptedAt: new Date(r.acceptance.acceptedAt) } : null,
    versions: (r?.versions ?? []).map((v) => ({ ...v, effectiveAt: new Date(v.effectiveAt) })),
    snapshots: (r?.snapshots ?? []).map((x) => ({ ...x, createdAt: new Date(x.createdAt) })),
    emails: (r?.emails ?? []).map((m) => ({ ...m, createdAt: new Date(m.createdAt), sentAt: m.sentAt ? new Date(m.sentAt) : null })),
    names: new Map((r?.actors ?? []).map((p) => [p.id, displayName(p)])),
  };
}

export type TeamEnrolmentView = NonNullable<Awaited<ReturnType<typeof enrolmentForTeam>>>;

/**
 * Everything the team's enrolment page shows about a person. Viewing a person's details is
 * audited (person.viewed_by_staff, SPEC §10/§12) after the reads and before anything is returned.
 * A missing enrolment and a malformed id both give null.
 */
export async function enrolmentForTeam(
  viewer: Subject | null,
  enrolmentId: string,
  ctx?: AuditContext & { olderTimeline?: boolean },
  now: Date = clock.now(),
) {
  requireCapability(viewer, 'team.enrolment.read');
  const staff = viewer;
  const staffPersonId = staff.id;
  if (!isUuid(enrolmentId)) return null;
  // No transaction: the reads come first and the "viewed" row is written before anything is
  // returned, so nothing is shown unless the view was audited (a single INSERT is atomic).
  const tx = db();
  // The enrolment, its person and the person's sections in one joined statement, the rest in
  // one more (enrolmentExtras).
  const [e, extras] = await Promise.all([tx.enrolment.findUnique({
    where: { id: enrolmentId },
    include: {
      person: {
        include: {
          courseCompletions: { orderBy: [{ completedAt: 'asc' }, { id: 'asc' }] },
          professionChanges: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
          memberships: {
            include: { worksite: { select: { id: true, operatingName: true, worksiteCode: true, status: true } } },
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
          },
        },
      },
      statusChanges: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    },
  }), enrolmentExtras(enrolmentId)]);
  if (!e) return null;
  const { courseCompletions: completions, professionChanges: changeRequests, memberships, ...person } = e.person;
  const { snapshots, emails, names, acceptance, versions } = extras;
  const hpcaa = {
    state: hpcaaState({ acceptance, requiredVersion: requiredVersion(versions, now), now }),
    currentVersion: currentVersion(versions, now),
    acceptance,
  };
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

  const timeline = await personTimeline(tx, person.id, { older: ctx?.olderTimeline });

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
}
