// Valid inputs for the enrolment team's actions (see authz-scenarios.ts).
import { randomUUID } from 'node:crypto';
import { db } from '@/server/db';
import { enrolmentOf, person, reason, s, target, today, type Scenario } from './authz-world';
import { fromNow, now } from '../support/clock';
import { pacificDate } from '@/lib/business-days';

export const TEAM_SCENARIOS: Record<string, Scenario> = {
  'src/server/worksites/team-actions.ts#acceptIntakeAction': s(
    async (w) => ({ worksiteId: w.ws.id, expectedStatus: 'INTAKE_SUBMITTED' }),
    'INTAKE_SUBMITTED',
  ),
  'src/server/worksites/team-actions.ts#requestWorksiteChangesAction': s(
    async (w) => ({ worksiteId: w.ws.id, expectedStatus: 'INTAKE_SUBMITTED', reason }),
    'INTAKE_SUBMITTED',
  ),
  'src/server/worksites/team-actions.ts#declineWorksiteAction': s(
    async (w) => ({ worksiteId: w.ws.id, expectedStatus: 'INTAKE_SUBMITTED', reason }),
    'INTAKE_SUBMITTED',
  ),
  'src/server/worksites/team-actions.ts#approveDeclarationAction': s(
    async (w) => ({ worksiteId: w.ws.id, expectedStatus: 'DECLARATION_SUBMITTED' }),
    'DECLARATION_SUBMITTED',
  ),
  'src/server/worksites/team-actions.ts#suspendWorksiteAction': s(async (w) => ({
    worksiteId: w.ws.id,
    expectedStatus: 'ACTIVE',
    reason,
  })),
  'src/server/worksites/team-actions.ts#reinstateWorksiteAction': s(
    async (w) => ({ worksiteId: w.ws.id, expectedStatus: 'SUSPENDED' }),
    'SUSPENDED',
  ),
  'src/server/worksites/team-actions.ts#closeWorksiteAction': s(async (w) => ({
    worksiteId: w.ws.id,
    expectedStatus: 'ACTIVE',
    reason,
  })),
  'src/server/enrolments/team-actions.ts#approveEnrolmentAction': s(async () => ({
    enrolmentId: (await enrolmentOf('IN_REVIEW')).id,
    expectedStatus: 'IN_REVIEW',
  })),
  'src/server/enrolments/team-actions.ts#declineEnrolmentAction': s(async () => ({
    enrolmentId: (await enrolmentOf('IN_REVIEW')).id,
    expectedStatus: 'IN_REVIEW',
    reason,
  })),
  'src/server/enrolments/team-actions.ts#requestEnrolmentChangesAction': s(async () => ({
    enrolmentId: (await enrolmentOf('IN_REVIEW')).id,
    expectedStatus: 'IN_REVIEW',
    reason,
  })),
  'src/server/enrolments/team-actions.ts#suspendEnrolmentAction': s(async () => ({
    enrolmentId: (await enrolmentOf('APPROVED')).id,
    expectedStatus: 'APPROVED',
    reason,
  })),
  'src/server/enrolments/team-actions.ts#reinstateEnrolmentAction': s(async () => ({
    enrolmentId: (await enrolmentOf('SUSPENDED')).id,
    expectedStatus: 'SUSPENDED',
  })),
  'src/server/enrolments/team-actions.ts#applyProfessionChangeAction': s(async () => ({
    requestId: await professionChange(),
  })),
  'src/server/enrolments/team-actions.ts#declineProfessionChangeAction': s(async () => ({
    requestId: await professionChange(),
    reason,
  })),
  'src/server/memberships/provisioning-actions.ts#provisionMembershipAction': s(async (w) => ({
    membershipId: (await target(w, { status: 'PENDING_REVIEW' })).id,
    expectedStatus: 'PENDING_REVIEW',
  })),
  'src/server/memberships/provisioning-actions.ts#declineMembershipAction': s(async (w) => ({
    membershipId: (await target(w, { status: 'PENDING_REVIEW' })).id,
    expectedStatus: 'PENDING_REVIEW',
    reason,
  })),
  'src/server/pharmanet/actions.ts#worksitePharmanetStepAction': s(async (w) => {
    const r = await db().pharmanetWorksiteRequest.create({
      data: { worksiteId: w.ws.id, requestedById: w.p.siteAdmin.id },
    });
    return { requestId: r.id, expectedStatus: 'REQUESTED', step: 'instructions_sent' };
  }),
  'src/server/pharmanet/actions.ts#decideUserPharmanetAction': s(async (w) => {
    await db().worksite.update({ where: { id: w.ws.id }, data: { pharmanetEnabled: true } });
    const r = await db().pharmanetUserRequest.create({ data: { membershipId: w.m.authorizer.id } });
    return { requestId: r.id, expectedStatus: 'REQUESTED', decision: 'approve' };
  }),
  'src/server/remote-access/actions.ts#decideRemoteAccessAction': s(async (w) => {
    const r = await db().remoteAccessRequest.create({ data: { membershipId: w.m.authorizer.id } });
    return { requestId: r.id, expectedStatus: 'REQUESTED', decision: 'approve' };
  }),
  'src/server/privacy-course/actions.ts#recordCourseByHandAction': s(async () => ({
    personId: (await person('Cora')).id,
    completedAt: today(),
    reason,
  })),
  'src/server/assignments/actions.ts#assignToMeAction': s(async () => ({
    kind: 'ENROLMENT',
    id: (await enrolmentOf('IN_REVIEW')).id,
  })),
  'src/server/assignments/actions.ts#unassignAction': s(async (w) => {
    const e = await enrolmentOf('IN_REVIEW');
    await db().enrolment.update({
      where: { id: e.id },
      data: { assignedToId: w.p.enrolmentTeam.id },
    });
    return { kind: 'ENROLMENT', id: e.id, expectedAssigneeId: w.p.enrolmentTeam.id };
  }),
  'src/server/notes/actions.ts#addNoteAction': s(async () => ({
    targetType: 'PERSON',
    targetId: (await person('Nia')).id,
    body: 'Called the clinic.',
    submissionKey: crypto.randomUUID(),
  })),
  'src/server/outbox/resend-actions.ts#resendEmailAction': s(async (w) => {
    const e = await db().outboxEmail.create({
      data: {
        template: 'worksite.intake-received',
        toAddress: 'clinic@example.com',
        subject: 'Received',
        textBody: 'Hello',
        htmlBody: '<p>Hello</p>',
        worksiteId: w.ws.id,
        status: 'SENT',
        sentAt: now(),
      },
    });
    return { emailId: e.id, resendKey: randomUUID() };
  }),
  'src/server/people/team-actions.ts#suspendPersonAction': s(async () => ({
    personId: (await person('Sam')).id,
    reason,
  })),
  'src/server/people/team-actions.ts#reinstatePersonAction': s(async () => {
    const t = await person('Rae');
    await db().person.update({ where: { id: t.id }, data: { status: 'SUSPENDED' } });
    return { personId: t.id, reason };
  }),
  'src/server/audit-viewer/actions.ts#verifyAuditChainAction': s(async () => undefined),
  'src/server/staff/actions.ts#grantStaffRoleAction': s(async () => {
    const t = await person('Gus');
    return { personId: t.id, role: 'AUDITOR' };
  }),
  'src/server/staff/actions.ts#revokeStaffRoleAction': s(async () => ({
    personId: (await person('Rex', ['AUDITOR'])).id,
    role: 'AUDITOR',
  })),
  // A year ahead and without re-acceptance: the version people accept now stays the same.
  'src/server/agreements/actions.ts#publishAgreementVersionAction': s(async () => ({
    kind: 'HPCAA',
    title: 'Access agreement, matrix wording',
    body: 'What changed\nA wording used only to check who may publish a version of the agreement.',
    effectiveDate: pacificDate(fromNow(365 * 86_400_000)),
    reacceptRequired: false,
    graceDays: 0,
    confirmed: true,
  })),
  'src/server/api-keys/actions.ts#createApiKeyAction': s(async () => ({ name: 'Matrix viewer' })),
  'src/server/api-keys/actions.ts#setApiKeyLimitAction': s(async (w) => {
    const k = await db().apiKey.create({
      data: {
        name: 'Busier viewer',
        prefix: 'cc_test',
        keyHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        createdById: w.p.staffAdmin.id,
      },
    });
    return { id: k.id, requestsPerMinute: 6000 };
  }),
  'src/server/api-keys/actions.ts#revokeApiKeyAction': s(async (w) => {
    const k = await db().apiKey.create({
      data: {
        name: 'To revoke',
        prefix: 'cc_test',
        keyHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        createdById: w.p.staffAdmin.id,
      },
    });
    return { id: k.id };
  }),
};

async function professionChange() {
  const e = await enrolmentOf('APPROVED');
  const r = await db().professionChangeRequest.create({
    data: {
      personId: e.personId,
      fromProfession: 'REGISTERED_NURSE',
      toProfession: 'NURSE_PRACTITIONER',
      college: 'BCCNM',
      licenceNumber: '1234567',
      reason: 'Qualified as a nurse practitioner.',
    },
  });
  return r.id;
}
