import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { applyProfessionChange, declineProfessionChange } from '@/server/enrolments/team-service';
import { requestWorksitePharmanet, teamDeclineWorksitePharmanet, teamMarkInstructionsSent } from '@/server/pharmanet/service';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

// Where the decision copies used to disagree, decide() now answers one way.
const ctx = { requestId: 'req-kernel', ip: '203.0.113.30' };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('PharmaNet decisions email each site-admin address once', () => {
  it('two site admins sharing an address (in any case) get one email per step', async () => {
    const shared = `front-desk-${randomUUID().slice(0, 8)}@clinic.example.com`;
    const ada = await ensurePerson(db(), { givenName: 'Ada', email: shared });
    const bo = await ensurePerson(db(), { givenName: 'Bo' });
    await db().person.update({ where: { id: bo.id }, data: { contactEmail: shared.toUpperCase() } });
    const solo = await ensurePerson(db(), { givenName: 'Cy' });
    const ws = await createWorksite(db(), { creatorId: ada.id, operatingName: 'Shared Desk Clinic', status: 'ACTIVE' });
    for (const p of [ada, bo, solo]) await createMembership(db(), { worksiteId: ws.id, personId: p.id, siteAdmin: true });
    const team = await ensurePerson(db(), { givenName: 'Tess', staffRoles: ['ENROLMENT_TEAM'] });
    const staff = { id: team.id, staffRoles: ['ENROLMENT_TEAM' as const] };

    const { requestId } = await requestWorksitePharmanet(ada.id, { worksiteId: ws.id }, ctx);
    await teamMarkInstructionsSent(staff, { requestId, expectedStatus: 'REQUESTED' }, ctx);
    const sent = await db().outboxEmail.findMany({ where: { template: 'pharmanet.instructions_sent', worksiteId: ws.id } });
    expect(sent.map((m) => m.toAddress.toLowerCase()).sort()).toEqual([shared, solo.contactEmail!.toLowerCase()].sort());

    await teamDeclineWorksitePharmanet(staff, { requestId, expectedStatus: 'INSTRUCTIONS_SENT', reason: 'PRIME enrolment was not completed.' }, ctx);
    expect(await db().outboxEmail.count({ where: { template: 'pharmanet.worksite_declined', worksiteId: ws.id } })).toBe(2);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'pharmanet.worksite_declined', targetId: requestId } });
    expect(audit).toMatchObject({ actorType: 'STAFF', actorId: team.id, requestId: ctx.requestId });
  });

  it('someone without a staff role hears that this is for the team, and nothing is written', async () => {
    const admin = await ensurePerson(db(), { givenName: 'Di' });
    const ws = await createWorksite(db(), { creatorId: admin.id, status: 'ACTIVE' });
    await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
    const { requestId } = await requestWorksitePharmanet(admin.id, { worksiteId: ws.id }, ctx);
    const stranger = await ensurePerson(db(), { givenName: 'Ed' });
    expect(await refusal(teamMarkInstructionsSent({ id: stranger.id, staffRoles: [] }, { requestId, expectedStatus: 'REQUESTED' }, ctx))).toEqual({
      code: 'FORBIDDEN',
      message: 'This is only available to the enrolment team.',
    });
    expect(await refusal(teamMarkInstructionsSent({ id: stranger.id, staffRoles: ['AUDITOR'] }, { requestId, expectedStatus: 'REQUESTED' }, ctx))).toEqual({
      code: 'FORBIDDEN',
      message: 'Only the enrolment team can do this.',
    });
    expect((await db().pharmanetWorksiteRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('REQUESTED');
  });
});

describe('a profession change decided twice', () => {
  it('names who decided first, in Pacific time like every other decision', async () => {
    const person = await ensurePerson(db(), { givenName: 'Flo' });
    await createEnrolment(db(), { personId: person.id, status: 'APPROVED' });
    const request = await db().professionChangeRequest.create({
      data: { personId: person.id, fromProfession: 'PHYSICIAN', toProfession: 'NURSE_PRACTITIONER', college: 'BCCNM', licenceNumber: '7654321', reason: 'New role.' },
    });
    const first = await ensurePerson(db(), { givenName: 'Morgan', familyName: 'Reviewer', staffRoles: ['ENROLMENT_TEAM'] });
    const second = await ensurePerson(db(), { givenName: 'Sam', staffRoles: ['ENROLMENT_TEAM'] });
    await applyProfessionChange({ id: first.id, staffRoles: ['ENROLMENT_TEAM'] }, { requestId: request.id }, ctx);
    const late = await refusal(declineProfessionChange({ id: second.id, staffRoles: ['ENROLMENT_TEAM'] }, { requestId: request.id, reason: 'Not on the register.' }, ctx));
    expect(late.code).toBe('ALREADY_DECIDED');
    expect(late.message).toMatch(/already decided by Morgan Reviewer, at \d{4}-\d\d-\d\d \d\d:\d\d Pacific time/);
    expect(await db().outboxEmail.count({ where: { personId: person.id, template: { startsWith: 'enrolment.profession-change' } } })).toBe(1);
  });
});
