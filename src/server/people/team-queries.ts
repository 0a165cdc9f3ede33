import 'server-only';
import { displayName, legalName } from '@/lib/names';
import { personHpcaaState } from '../agreements/queries';
import { HPCAA_STATE_LABEL } from '../agreements/rules';
import { audit } from '../audit';
import { requireCapability } from '../authz/guard';
import { db } from '../db';
import { enrolmentStatusLabel } from '../enrolments/rules';
import { membershipKindLabel, membershipStatusLabel } from '../memberships/rules';
import { professionLabel } from '../professions/rules';
import type { RequestContext } from '../request-context';
import { effectiveStatusesOfPerson } from '../sponsorships/queries';
import { SPONSORSHIP_STATUS_LABEL } from '../sponsorships/rules';
import { STAFF_ROLES } from '../staff/rules';
import { personTimeline } from '../timeline/queries';
import { isUuid } from '@/lib/ids';
import type { StaffCaller } from './team-guard';
import { mayTakeTeamAction, PERSON_STATUS_LABEL } from './team-rules';
import { clock } from '@/lib/clock';

// Everything the team's person page shows. Viewing is audited (person.viewed_by_staff, SPEC
// §10/§12) in the same transaction as the reads; an unknown or malformed id gives null.

export type TeamPersonView = NonNullable<Awaited<ReturnType<typeof personForTeam>>>;

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

export async function personForTeam(viewer: StaffCaller | null, personId: string, ctx?: Pick<RequestContext, 'requestId' | 'ip'>, now = clock.now()) {
  requireCapability(viewer, 'team.person.read');
  if (!isUuid(personId)) return null;
  return db().$transaction(async (tx) => {
    const p = await tx.person.findUnique({ where: { id: personId }, include: { staffRoles: true } });
    if (!p) return null;
    const enrolment = await tx.enrolment.findUnique({ where: { personId } });
    const snapshots = await tx.submissionSnapshot.findMany({
      where: { kind: 'ENROLMENT', personId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 20,
    });
    const memberships = await tx.membership.findMany({
      where: { personId },
      include: { worksite: { select: { id: true, operatingName: true, worksiteCode: true, status: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const statuses = await effectiveStatusesOfPerson(tx, personId, now);
    const effective = new Map<string, string>();
    for (const m of memberships) {
      const e = statuses.get(m.id);
      if (e && e.status !== m.status) effective.set(m.id, membershipStatusLabel(e.status));
    }
    const party = { include: { person: true, worksite: { select: { id: true, operatingName: true, worksiteCode: true } } } } as const;
    const sponsorships = await tx.sponsorship.findMany({
      where: { OR: [{ oboMembership: { personId } }, { sponsorMembership: { personId } }] },
      include: { oboMembership: party, sponsorMembership: party },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    const courses = await tx.privacyCourseCompletion.findMany({ where: { personId }, orderBy: [{ completedAt: 'asc' }, { id: 'asc' }] });
    const hpcaa = await personHpcaaState(tx, personId, now);
    const changes = await tx.professionChangeRequest.findMany({ where: { personId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });

    await audit(tx, {
      actor: { type: 'STAFF', personId: viewer.id },
      action: 'person.viewed_by_staff',
      target: { type: 'PERSON', id: personId },
      personId,
      after: { page: 'admin.person' },
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
    });
    const timeline = await personTimeline(tx, personId);

    const own = viewer.id === personId;
    const may = (a: Parameters<typeof mayTakeTeamAction>[0]) => !own && mayTakeTeamAction(a, viewer.staffRoles);
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
        note: may('addNote'),
        suspend: may('suspendPerson') && p.status === 'ACTIVE',
        reinstate: may('reinstatePerson') && p.status === 'SUSPENDED',
        resend: may('resendEmail'),
      },
    };
  });
}
