import 'server-only';
import { displayName, legalName } from '@/lib/names';
import type { HpcaaAcceptanceView } from '../agreements/queries';
import { currentVersion, HPCAA_STATE_LABEL, hpcaaState, requiredVersion, type VersionTerms } from '../agreements/rules';
import { audit } from '../audit';
import { can, requireCapability, type Capability } from '../authz/guard';
import { db } from '../db';
import { enrolmentStatusLabel } from '../enrolments/rules';
import { membershipKindLabel, membershipStatusLabel } from '../memberships/rules';
import { professionLabel } from '../professions/rules';
import type { AuditContext } from '../request-context';
import { effectiveStatusesFrom } from '../sponsorships/queries';
import { SPONSORSHIP_STATUS_LABEL } from '../sponsorships/rules';
import { STAFF_ROLES } from '../staff/rules';
import { personTimeline } from '../timeline/queries';
import { isUuid } from '@/lib/ids';
import type { StaffCaller } from '../decisions';
import { PERSON_STATUS_LABEL } from './team-rules';
import { clock } from '@/lib/clock';

// Everything the team's person page shows. Viewing is audited (person.viewed_by_staff, SPEC
// §10/§12) after the reads and before anything is returned; an unknown or malformed id gives null.

export type TeamPersonView = NonNullable<Awaited<ReturnType<typeof personForTeam>>>;

const enrolmentSelect = { select: { profession: true, residencyEnd: true, status: true } } as const;

type ExtrasRow = {
  snapshots: { id: string; createdAt: string; sha256: string; data: unknown }[] | null;
  acceptance: { versionNumber: number; acceptedAt: string; typedName: string } | null;
  versions: { version: number; effectiveAt: string; reacceptRequired: boolean; graceDays: number }[] | null;
};

/** The person's newest 20 enrolment snapshots, latest HPCAA acceptance and the versions' terms,
 * in one statement (docs/decisions/027-round-trip-budget.md). */
async function personExtras(personId: string): Promise<{
  snapshots: { id: string; createdAt: Date; sha256: string; data: unknown }[];
  acceptance: HpcaaAcceptanceView | null;
  versions: VersionTerms[];
}> {
  const [r] = await db().$queryRaw<ExtrasRow[]>`
    SELECT
      (SELECT json_agg(json_build_object('id', s.id, 'createdAt', s."createdAt" AT TIME ZONE 'UTC', 'sha256', s.sha256, 'data', s.data)
                ORDER BY s."createdAt" DESC, s.id DESC)
         FROM (SELECT * FROM "SubmissionSnapshot" WHERE kind = 'ENROLMENT' AND "personId" = ${personId}::uuid
               ORDER BY "createdAt" DESC, id DESC LIMIT 20) s) AS snapshots,
      (SELECT json_build_object('versionNumber', v.version, 'acceptedAt', a."acceptedAt" AT TIME ZONE 'UTC', 'typedName', a."typedName")
         FROM "AgreementAcceptance" a JOIN "AgreementVersion" v ON v.id = a."agreementVersionId"
        WHERE a."personId" = ${personId}::uuid AND v.kind = 'HPCAA'
        ORDER BY a."acceptedAt" DESC, a.id DESC LIMIT 1) AS acceptance,
      (SELECT json_agg(json_build_object('version', v.version, 'effectiveAt', v."effectiveAt",
                'reacceptRequired', v."reacceptRequired", 'graceDays', v."graceDays") ORDER BY v.version)
         FROM "AgreementVersion" v WHERE v.kind = 'HPCAA') AS versions`;
  return {
    snapshots: (r?.snapshots ?? []).map((x) => ({ ...x, createdAt: new Date(x.createdAt) })),
    acceptance: r?.acceptance ? { ...r.acceptance, acceptedAt: new Date(r.acceptance.acceptedAt) } : null,
    versions: (r?.versions ?? []).map((v) => ({ ...v, effectiveAt: new Date(v.effectiveAt) })),
  };
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export async function personForTeam(viewer: StaffCaller | null, personId: string, ctx?: AuditContext & { olderTimeline?: boolean }, now = clock.now()) {
  requireCapability(viewer, 'team.person.read');
  if (!isUuid(personId)) return null;
  // No transaction: the reads come first and the "viewed" row is written before anything is
  // returned, so nothing is shown unless the view was audited (a single INSERT is atomic).
  const tx = db();
  const party = {
    include: { person: { include: { enrolment: enrolmentSelect } }, worksite: { select: { id: true, operatingName: true, worksiteCode: true } } },
  } as const;
  // One joined statement for the person and every section (relation joins), one for the
  // snapshots and the agreement (personExtras), then the audit row and the timeline.
  const [found, extras] = await Promise.all([tx.person.findUnique({
    where: { id: personId },
    include: {
      staffRoles: true,
      enrolment: true,
      memberships: {
        include: {
          worksite: { select: { id: true, operatingName: true, worksiteCode: true, status: true } },
          person: true,
          sponsorshipsAsObo: { include: { sponsorMembership: party } },
          sponsorshipsAsSponsor: { include: { oboMembership: party } },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
      courseCompletions: { orderBy: [{ completedAt: 'asc' }, { id: 'asc' }] },
      professionChanges: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
    },
  }), personExtras(personId)]);
  if (!found) return null;
  const { enrolment, memberships, courseCompletions: courses, professionChanges: changes, ...p } = found;
  const { snapshots, versions, acceptance } = extras;
  const statuses = effectiveStatusesFrom(
    memberships.map((m) => ({ ...m, person: { enrolment } })),
    now,
  );
  const hpcaa = {
    state: hpcaaState({ acceptance, requiredVersion: requiredVersion(versions, now), now }),
    currentVersion: currentVersion(versions, now),
    acceptance,
  };
  const effective = new Map<string, string>();
  for (const m of memberships) {
    const e = statuses.get(m.id);
    if (e && e.status !== m.status) effective.set(m.id, membershipStatusLabel(e.status));
  }
  const sponsorships = memberships
    .flatMap((m) => {
      const self = { ...m, person: m.person, worksite: m.worksite };
      return [
        ...m.sponsorshipsAsObo.map((s) => ({ ...s, oboMembership: self, sponsorMembership: s.sponsorMembership })),
        ...m.sponsorshipsAsSponsor.map((s) => ({ ...s, oboMembership: s.oboMembership, sponsorMembership: self })),
      ];
    })
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

  await audit(tx, {
    actor: { type: 'STAFF', personId: viewer.id },
    action: 'person.viewed_by_staff',
    target: { type: 'PERSON', id: personId },
    personId,
    after: { page: 'admin.person' },
    requestId: ctx?.requestId ?? null,
    ip: ctx?.ip ?? null,
  });
  const timeline = await personTimeline(tx, personId, { older: ctx?.olderTimeline });

  const own = viewer.id === personId;
  const may = (c: Capability) => !own && can(viewer, c);
  return {
    id: p.id,
    own,
    legalName: legalName(p),
    displayName: displayName(p),
    preferredName: p.preferredGivenName || p.preferredFamilyName ? displayName(p) : null,
    birthdate: day(p.birthdate),
    signInEmail: p.idpEmail,
    contactEmail: p.contactEmail,
    contactPhone: p.contactPhone,
    status: p.status,
    statusLabel: PERSON_STATUS_LABEL[p.status],
    assuranceLevel: p.identityAssuranceLevel,
    lastSignInAt: p.lastSignInAt,
    linkedAt: p.createdAt,
    staffRoles: p.staffRoles.map((r) => STAFF_ROLES[r.role].label),
    enrolment: enrolment && {
      id: enrolment.id,
      status: enrolment.status,
      statusLabel: enrolmentStatusLabel(enrolment.status),
      profession: enrolment.profession ? professionLabel(enrolment.profession) : null,
      licence: enrolment.college && enrolment.licenceNumber ? `${enrolment.college} ${enrolment.licenceNumber}` : null,
      jobTitle: enrolment.jobTitle,
      residency: enrolment.residencyStart || enrolment.residencyEnd ? `${day(enrolment.residencyStart) ?? '—'} to ${day(enrolment.residencyEnd) ?? '—'}` : null,
      submittedAt: enrolment.submittedAt,
    },
    snapshots: snapshots.map((s) => ({ id: s.id, at: s.createdAt, sha256: s.sha256, data: s.data })),
    memberships: memberships.map((m) => ({
      id: m.id,
      worksiteId: m.worksite.id,
      worksiteName: m.worksite.operatingName,
      worksiteCode: m.worksite.worksiteCode,
      status: m.status,
      statusLabel: membershipStatusLabel(m.status),
      effectiveLabel: effective.get(m.id) ?? null,
      kind: membershipKindLabel(m.kind),
      siteAdmin: m.isSiteAdmin,
      locum: m.isLocum,
    })),
    sponsorships: sponsorships.map((s) => {
      const asObo = s.oboMembership.personId === personId;
      const other = asObo ? s.sponsorMembership : s.oboMembership;
      return {
        id: s.id,
        role: asObo ? 'Sponsored by' : 'Sponsors',
        otherId: other.person.id,
        otherName: displayName(other.person),
        worksiteId: other.worksite.id,
        worksite: `${other.worksite.operatingName} (${other.worksite.worksiteCode})`,
        status: s.status,
        statusLabel: SPONSORSHIP_STATUS_LABEL[s.status],
        since: s.decidedAt ?? s.createdAt,
      };
    }),
    courses: courses.map((c) => ({ id: c.id, completedAt: c.completedAt, source: c.source, reason: c.reason })),
    hpcaa: { label: HPCAA_STATE_LABEL[hpcaa.state], currentVersion: hpcaa.currentVersion, accepted: hpcaa.acceptance },
    professionChanges: changes.map((r) => ({
      id: r.id,
      status: r.status,
      to: professionLabel(r.toProfession),
      from: r.fromProfession ? professionLabel(r.fromProfession) : '—',
      reason: r.reason,
      requestedAt: r.createdAt,
      decisionReason: r.decisionReason,
    })),
    timeline,
    may: {
      note: may('team.note'),
      suspend: may('person.suspend') && p.status === 'ACTIVE',
      reinstate: may('person.suspend') && p.status === 'SUSPENDED',
      resend: may('email.resend'),
    },
  };
}
