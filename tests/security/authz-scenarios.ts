// Per action, a valid input aimed at a record of this worksite (authz-world.ts), so an allowed
// caller gets past validation and a refused one is refused for who they are. Team actions are in
// authz-scenarios-team.ts.
import { randomUUID } from 'node:crypto';
import { displayName } from '@/lib/names';
import { db } from '@/server/db';
import { hashInvitationToken, newInvitationToken } from '@/server/invitations/token';
import { ensureHpcaaVersion } from '../../prisma/seed-data/hpcaa-v1';
import { smallPng, validDeclaration } from '../factories/declarations';
import { enrolmentInput } from '../factories/enrolments';
import { intakeInput, moveWorksite } from '../factories/intake';
import type { createMembership } from '../factories/memberships';
import { TEAM_SCENARIOS } from './authz-scenarios-team';
import { STAFF_INVITATION_SCENARIOS } from './authz-scenarios-staff-invitations';
import { VIEWER_SCENARIOS } from './authz-scenarios-viewer';
import { s, target, type Scenario, type World } from './authz-world';
import { fromNow, now } from '../support/clock';
import { pacificDate } from '@/lib/business-days';

export {
  buildWorld,
  createPeople,
  type People,
  type PersonRole,
  type Scenario,
  type World,
} from './authz-world';

const PORTAL_SCENARIOS: Record<string, Scenario> = {
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
        expiresAt: fromNow(86_400_000),
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
  'src/server/worksites/settings-actions.ts#updateWorksiteDetailsAction': s(async (w) => ({
    worksiteId: w.ws.id,
    operatingName: 'Renamed Clinic',
    phone: '250-555-0111',
    email: 'front@renamed.example',
  })),
  'src/server/worksites/settings-actions.ts#requestClosureAction': s(async (w) => ({
    worksiteId: w.ws.id,
    reason: 'The clinic is moving to a new building.',
  })),
  'src/server/sponsorships/actions.ts#setLocumAction': s(async (w) => ({
    ...(await memberInput({})(w)),
    isLocum: true,
    locumEndDate: pacificDate(fromNow(30 * 86_400_000)),
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
      data: { status: 'ENDED', endedAt: now() },
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
};

export const SCENARIOS: Record<string, Scenario> = { ...PORTAL_SCENARIOS, ...TEAM_SCENARIOS, ...STAFF_INVITATION_SCENARIOS, ...VIEWER_SCENARIOS };

async function invitationInput(w: World) {
  const inv = await db().invitation.create({
    data: {
      worksiteId: w.ws.id,
      email: 'pending@example.com',
      tokenHash: hashInvitationToken(newInvitationToken()),
      expiresAt: fromNow(86_400_000),
      invitedById: w.p.siteAdmin.id,
    },
  });
  return { worksiteId: w.ws.id, invitationId: inv.id };
}

function memberInput(spec: Partial<Parameters<typeof createMembership>[1]>) {
  return async (w: World) => ({ worksiteId: w.ws.id, membershipId: (await target(w, spec)).id });
}
