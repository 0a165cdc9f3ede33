// The records each authorization-matrix cell acts on: a fresh "this worksite" with a member, a
// site admin, an authorizer and the OBO user they sponsor, plus "another worksite" with its own
// site admin; and, per action, a valid input aimed at a record of this worksite. Valid, so an
// allowed caller gets past validation and a refused one is refused for who they are.
import { randomUUID } from 'node:crypto';
import type { Membership, Worksite, WorksiteStatus } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { db } from '@/server/db';
import { hashInvitationToken, newInvitationToken } from '@/server/invitations/token';
import { ensureHpcaaVersion } from '../../prisma/seed-data/hpcaa-v1';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { smallPng, validDeclaration } from '../factories/declarations';
import { enrolmentInput } from '../factories/enrolments';
import { intakeInput, moveWorksite } from '../factories/intake';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import type { Role } from './authz-matrix';

export type PersonRole = Exclude<Role, 'anonymous' | 'serviceKey'>;
export type People = Record<PersonRole, { id: string }>;

const person = (name: string, staffRoles: ('ENROLMENT_TEAM' | 'AUDITOR' | 'STAFF_ADMIN')[] = []) =>
  ensurePerson(db(), {
    givenName: name,
    email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`,
    staffRoles,
  });

/** The callers, made once per test file. */
export async function createPeople(): Promise<People> {
  const authorizer = await person('Avery');
  await createEnrolment(db(), {
    personId: authorizer.id,
    status: 'APPROVED',
    profession: 'PHYSICIAN',
  });
  await completeCourse(db(), { personId: authorizer.id });
  await acceptHpcaa(db(), { personId: authorizer.id });
  const obo = await person('Olive');
  await createEnrolment(db(), {
    personId: obo.id,
    status: 'APPROVED',
    profession: 'MEDICAL_OFFICE_ASSISTANT',
  });
  return {
    user: await person('Uma'),
    member: await person('Milo'),
    siteAdmin: await person('Sade'),
    otherSiteAdmin: await person('Otto'),
    authorizer,
    obo,
    enrolmentTeam: await person('Eve', ['ENROLMENT_TEAM']),
    auditor: await person('Ada', ['AUDITOR']),
    staffAdmin: await person('Stan', ['STAFF_ADMIN']),
  };
}

export type World = {
  p: People;
  ws: Worksite;
  other: Worksite;
  m: Record<'member' | 'siteAdmin' | 'authorizer' | 'obo' | 'otherSiteAdmin', Membership>;
  sponsorshipId: string;
};

export async function buildWorld(p: People, status: WorksiteStatus = 'ACTIVE'): Promise<World> {
  const ws = await createWorksite(db(), {
    creatorId: p.siteAdmin.id,
    status,
    operatingName: 'This Clinic',
  });
  const other = await createWorksite(db(), {
    creatorId: p.otherSiteAdmin.id,
    operatingName: 'Other Clinic',
  });
  const m = {
    siteAdmin: await createMembership(db(), {
      worksiteId: ws.id,
      personId: p.siteAdmin.id,
      siteAdmin: true,
    }),
    member: await createMembership(db(), { worksiteId: ws.id, personId: p.member.id }),
    authorizer: await createMembership(db(), { worksiteId: ws.id, personId: p.authorizer.id }),
    obo: await createMembership(db(), {
      worksiteId: ws.id,
      personId: p.obo.id,
      kind: 'ON_BEHALF_OF',
    }),
    otherSiteAdmin: await createMembership(db(), {
      worksiteId: other.id,
      personId: p.otherSiteAdmin.id,
      siteAdmin: true,
    }),
  };
  const s = await db().sponsorship.create({
    data: {
      oboMembershipId: m.obo.id,
      sponsorMembershipId: m.authorizer.id,
      status: 'ACTIVE',
      decidedAt: new Date(),
    },
  });
  return { p, ws, other, m, sponsorshipId: s.id };
}

/** Someone else at this worksite: the record a site admin (or the team) acts on. */
async function target(w: World, spec: Partial<Parameters<typeof createMembership>[1]> = {}) {
  const t = await person('Theo');
  return createMembership(db(), { worksiteId: w.ws.id, personId: t.id, ...spec });
}

async function enrolmentOf(status: 'IN_REVIEW' | 'APPROVED' | 'SUSPENDED') {
  const t = await person('Tara');
  return createEnrolment(db(), { personId: t.id, status, profession: 'REGISTERED_NURSE' });
}

const today = () => new Date().toISOString().slice(0, 10);
const reason = 'Checked against the college register today.';

/** `me` is the caller, for the few forms that ask for the caller's own name. */
export type Scenario = {
  status?: WorksiteStatus;
  input: (w: World, me: string | null) => Promise<unknown>;
};
const s = (input: Scenario['input'], status?: WorksiteStatus): Scenario => ({ input, status });

export const SCENARIOS: Record<string, Scenario> = {
  'src/app/ui-kit/actions.ts#submitDemoAction': s(async () => ({
    fullName: 'Pat Example',
    email: 'pat@example.com',
    role: 'office',
    agree: true,
  })),
  'src/server/agreements/actions.ts#acceptAgreementAction': s(async (_w, me) => ({
    versionId: (await ensureHpcaaVersion(db())).id,
    agreed: true,
    typedName: me
      ? displayName(await db().person.findUniqueOrThrow({ where: { id: me } }))
      : 'Nobody',
  })),
  'src/server/enrolments/actions.ts#saveEnrolmentAction': s(async () =>
    enrolmentInput('REGISTERED_NURSE', { intent: 'save' }),
  ),
  'src/server/enrolments/actions.ts#requestProfessionChangeAction': s(async () => ({
    toProfession: 'NURSE_PRACTITIONER',
    licenceNumber: '1234567',
    reason: 'I qualified as a nurse practitioner this year.',
    submissionKey: randomUUID(),
  })),
  'src/server/people/actions.ts#updateProfileAction': s(async () => ({
    preferredGivenName: '',
    preferredFamilyName: '',
    contactEmail: `${randomUUID().slice(0, 8)}@example.com`,
    contactPhone: '250-555-0199',
  })),
  'src/server/privacy-course/actions.ts#completeDemoCourseAction': s(async () => ({
    purpose: 'caring',
    sharing: 'own-account',
    breach: 'report',
  })),
  'src/server/worksites/actions.ts#registerWorksiteAction': s(async () => intakeInput()),
  'src/server/memberships/join-actions.ts#requestToJoinAction': s(async (w) => ({
    worksiteCode: w.ws.worksiteCode,
    submissionKey: randomUUID(),
  })),
  'src/server/invitations/actions.ts#acceptInvitationAction': s(async (w) => {
    const token = newInvitationToken();
    await db().invitation.create({
      data: {
        worksiteId: w.ws.id,
        email: 'invited@example.com',
        tokenHash: hashInvitationToken(token),
        expiresAt: new Date(Date.now() + 86_400_000),
        invitedById: w.p.siteAdmin.id,
      },
    });
    return { token };
  }),

  'src/server/worksites/actions.ts#resubmitIntakeAction': s(async (w) => {
    await moveWorksite(w.ws.id, 'REQUEST_CHANGES', {
      actorId: w.p.enrolmentTeam.id,
      reason: 'Please check the postal code.',
    });
    return { ...intakeInput(), worksiteId: w.ws.id, expectedStatus: 'CHANGES_REQUESTED' };
  }, 'INTAKE_SUBMITTED'),
  'src/server/declarations/actions.ts#submitDeclarationAction': s(async (w) => {
    const { input } = await validDeclaration(db(), { worksiteId: w.ws.id });
    const form = new FormData();
    form.set('fields', JSON.stringify(input));
    form.set(
      'antivirusScreenshot',
      new File([new Uint8Array(await smallPng())], 'antivirus.png', { type: 'image/png' }),
    );
    return form;
  }, 'AWAITING_DECLARATION'),
  'src/server/invitations/actions.ts#inviteByEmailAction': s(async (w) => ({
    worksiteId: w.ws.id,
    email: `new-${randomUUID().slice(0, 8)}@example.com`,
  })),
  'src/server/invitations/actions.ts#resendInvitationAction': s(invitationInput),
  'src/server/invitations/actions.ts#revokeInvitationAction': s(invitationInput),
  'src/server/memberships/actions.ts#confirmJoinRequestAction': s(
    memberInput({ status: 'REQUESTED' }),
  ),
  'src/server/memberships/actions.ts#declineJoinRequestAction': s(
    memberInput({ status: 'REQUESTED' }),
  ),
  'src/server/memberships/actions.ts#grantSiteAdminAction': s(memberInput({})),
  'src/server/memberships/actions.ts#removeSiteAdminAction': s(memberInput({ siteAdmin: true })),
  'src/server/memberships/actions.ts#inactivateMemberAction': s(memberInput({})),
  'src/server/memberships/actions.ts#reactivateMemberAction': s(
    memberInput({ status: 'INACTIVE' }),
  ),
  'src/server/memberships/actions.ts#endLocumAction': s(memberInput({ locum: true })),
  'src/server/memberships/actions.ts#transferSiteAdminAction': s(memberInput({})),
  'src/server/memberships/actions.ts#updateWorksiteDetailsAction': s(async (w) => ({
    worksiteId: w.ws.id,
    operatingName: 'Renamed Clinic',
    phone: '250-555-0111',
    email: 'front@renamed.example',
  })),
  'src/server/memberships/actions.ts#requestClosureAction': s(async (w) => ({
    worksiteId: w.ws.id,
    reason: 'The clinic is moving to a new building.',
  })),
  'src/server/sponsorships/actions.ts#setLocumAction': s(async (w) => ({
    ...(await memberInput({})(w)),
    isLocum: true,
    locumEndDate: '',
  })),
  'src/server/pharmanet/actions.ts#requestWorksitePharmanetAction': s(async (w) => ({
    worksiteId: w.ws.id,
  })),

  'src/server/pharmanet/actions.ts#requestUserPharmanetAction': s(async (w) => {
    await db().worksite.update({ where: { id: w.ws.id }, data: { pharmanetEnabled: true } });
    return { worksiteId: w.ws.id };
  }),
  'src/server/remote-access/actions.ts#requestRemoteAccessAction': s(async (w) => ({
    membershipId: w.m.authorizer.id,
  })),
  'src/server/sponsorships/actions.ts#requestSponsorshipAction': s(async (w) => {
    await db().sponsorship.update({
      where: { id: w.sponsorshipId },
      data: { status: 'ENDED', endedAt: new Date() },
    });
    await db().membership.update({
      where: { id: w.m.obo.id },
      data: { status: 'PENDING_SPONSOR' },
    });
    return { worksiteId: w.ws.id, sponsorMembershipId: w.m.authorizer.id };
  }),
  'src/server/sponsorships/actions.ts#answerSponsorshipAction': s(async (w) => {
    const obo = await target(w, { kind: 'ON_BEHALF_OF', status: 'PENDING_SPONSOR' });
    const r = await db().sponsorship.create({
      data: { oboMembershipId: obo.id, sponsorMembershipId: w.m.authorizer.id },
    });
    return { sponsorshipId: r.id, decision: 'accept' };
  }),
  'src/server/sponsorships/actions.ts#endSponsorshipAction': s(async (w) => ({
    sponsorshipId: w.sponsorshipId,
  })),

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
        sentAt: new Date(),
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
    return { email: t.contactEmail, role: 'AUDITOR' };
  }),
  'src/server/staff/actions.ts#revokeStaffRoleAction': s(async () => ({
    personId: (await person('Rex', ['AUDITOR'])).id,
    role: 'AUDITOR',
  })),
  'src/server/api-keys/actions.ts#createApiKeyAction': s(async () => ({ name: 'Matrix viewer' })),
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

async function invitationInput(w: World) {
  const inv = await db().invitation.create({
    data: {
      worksiteId: w.ws.id,
      email: 'pending@example.com',
      tokenHash: hashInvitationToken(newInvitationToken()),
      expiresAt: new Date(Date.now() + 86_400_000),
      invitedById: w.p.siteAdmin.id,
    },
  });
  return { worksiteId: w.ws.id, invitationId: inv.id };
}

function memberInput(spec: Partial<Parameters<typeof createMembership>[1]>) {
  return async (w: World) => ({ worksiteId: w.ws.id, membershipId: (await target(w, spec)).id });
}

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
