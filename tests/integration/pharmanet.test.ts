import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Profession, WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { pharmanetGranted, worksitePharmanet } from '@/server/pharmanet/queries';
import { pharmanetRows as pharmanetQueue } from '../support/domain-lists';
import { PHARMACIST_REFUSAL } from '@/server/pharmanet/rules';
import {
  requestUserPharmanet,
  requestWorksitePharmanet,
  teamApproveWorksitePharmanet,
  teamDecideUserPharmanet,
  teamDeclineWorksitePharmanet,
  teamMarkInstructionsSent,
} from '@/server/pharmanet/service';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-pharmanet', ip: '203.0.113.20' };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

async function person(name: string, profession: Profession) {
  const p = await ensurePerson(db(), { givenName: name, email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com` });
  await db().enrolment.create({ data: { personId: p.id, profession, status: 'APPROVED' } });
  return p;
}

const staff = (p: { id: string }, roles: ('ENROLMENT_TEAM' | 'AUDITOR')[] = ['ENROLMENT_TEAM']) => ({ id: p.id, staffRoles: roles });

async function scene(status: WorksiteStatus = 'ACTIVE') {
  const admin = await person('Ada', 'PHYSICIAN');
  const ws = await createWorksite(db(), { creatorId: admin.id, operatingName: 'Harbour Clinic', status });
  await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  const doc = await person('Phil', 'PHYSICIAN');
  const docM = await createMembership(db(), { worksiteId: ws.id, personId: doc.id });
  const np = await person('Nina', 'NURSE_PRACTITIONER');
  const npM = await createMembership(db(), { worksiteId: ws.id, personId: np.id });
  const rph = await person('Pam', 'PHARMACIST');
  const rphM = await createMembership(db(), { worksiteId: ws.id, personId: rph.id });
  const team = await ensurePerson(db(), { givenName: 'Tess', staffRoles: ['ENROLMENT_TEAM'] });
  const team2 = await ensurePerson(db(), { givenName: 'Theo', staffRoles: ['ENROLMENT_TEAM'] });
  const auditor = await ensurePerson(db(), { givenName: 'Aude', staffRoles: ['AUDITOR'] });
  return { ws, admin, doc, docM, np, npM, rph, rphM, team, team2, auditor };
}

/** A worksite the team has enabled for PharmaNet through the real steps. */
async function enabledScene() {
  const s = await scene();
  const w = await requestWorksitePharmanet(s.admin.id, { worksiteId: s.ws.id }, ctx);
  await teamMarkInstructionsSent(staff(s.team), { requestId: w.requestId, expectedStatus: 'REQUESTED' }, ctx);
  await teamApproveWorksitePharmanet(staff(s.team), { requestId: w.requestId, expectedStatus: 'INSTRUCTIONS_SENT' }, ctx);
  return { ...s, worksiteRequestId: w.requestId };
}

describe('PharmaNet for a worksite', () => {
  it('only a site admin can ask, and only once the worksite is ACTIVE', async () => {
    const pending = await scene('AWAITING_DECLARATION');
    expect(await refusal(requestWorksitePharmanet(pending.admin.id, { worksiteId: pending.ws.id }, ctx))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringMatching(/must be active/),
    });
    const s = await scene();
    const notFound = { code: 'NOT_FOUND', message: 'We could not find that worksite.' };
    // A plain member, a stranger, a random id and garbage all answer alike.
    expect(await refusal(requestWorksitePharmanet(s.doc.id, { worksiteId: s.ws.id }, ctx))).toEqual(notFound);
    expect(await refusal(requestWorksitePharmanet(pending.admin.id, { worksiteId: s.ws.id }, ctx))).toEqual(notFound);
    expect(await refusal(requestWorksitePharmanet(s.admin.id, { worksiteId: randomUUID() }, ctx))).toEqual(notFound);
    expect(await refusal(requestWorksitePharmanet(s.admin.id, { worksiteId: 'x' }, ctx))).toEqual(notFound);
    expect(await db().pharmanetWorksiteRequest.count({ where: { worksiteId: { in: [s.ws.id, pending.ws.id] } } })).toBe(0);

    const r = await requestWorksitePharmanet(s.admin.id, { worksiteId: s.ws.id }, ctx);
    expect(r.status).toBe('REQUESTED');
    expect(await db().auditEvent.count({ where: { action: 'pharmanet.worksite_requested', targetId: r.requestId } })).toBe(1);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { template: 'pharmanet.worksite_requested', worksiteId: s.ws.id } });
    expect(mail.toAddress).toBe(env().TEAM_MAILBOX);
    expect(mail.subject).toContain(s.ws.worksiteCode);
    // One open request at a time.
    expect(await refusal(requestWorksitePharmanet(s.admin.id, { worksiteId: s.ws.id }, ctx))).toMatchObject({ code: 'CONFLICT' });
    expect((await pharmanetQueue(staff(s.team))).worksites.map((w) => w.id)).toContain(r.requestId);
  });

  it('the team sends the PRIME instructions, then approves, and the worksite is enabled', async () => {
    const s = await scene();
    const { requestId } = await requestWorksitePharmanet(s.admin.id, { worksiteId: s.ws.id }, ctx);
    // Approval waits for the instructions.
    expect(await refusal(teamApproveWorksitePharmanet(staff(s.team), { requestId, expectedStatus: 'REQUESTED' }, ctx))).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(teamMarkInstructionsSent(staff(s.team), { requestId, expectedStatus: 'REQUESTED' }, ctx)).resolves.toMatchObject({
      status: 'INSTRUCTIONS_SENT',
    });
    const sent = await db().outboxEmail.findMany({ where: { template: 'pharmanet.instructions_sent', worksiteId: s.ws.id } });
    expect(sent.map((m) => m.personId)).toEqual([s.admin.id]);
    expect(sent[0]!.textBody).toMatch(/PRIME enrolment instructions/);
    expect((await db().worksite.findUniqueOrThrow({ where: { id: s.ws.id } })).pharmanetEnabled).toBe(false);

    await teamApproveWorksitePharmanet(staff(s.team), { requestId, expectedStatus: 'INSTRUCTIONS_SENT' }, ctx);
    expect((await db().worksite.findUniqueOrThrow({ where: { id: s.ws.id } })).pharmanetEnabled).toBe(true);
    expect(await db().pharmanetWorksiteRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({
      status: 'APPROVED',
      decidedById: s.team.id,
    });
    expect(await db().outboxEmail.count({ where: { template: 'pharmanet.worksite_approved', personId: s.admin.id } })).toBe(1);
    const actions = await db().auditEvent.findMany({ where: { targetId: requestId }, orderBy: { occurredAt: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual(['pharmanet.worksite_requested', 'pharmanet.instructions_sent', 'pharmanet.worksite_approved']);
    const page = await worksitePharmanet(await viewerFor(s.admin.id), s.ws.id);
    expect(page?.worksite.pharmanetEnabled).toBe(true);
    expect(page?.siteRequest).toMatchObject({ canRequest: false });
    // A plain member sees the worksite's state but not its requests.
    expect((await worksitePharmanet(await viewerFor(s.doc.id), s.ws.id))?.siteRequest).toBeNull();
  });

  it('the team declines with a reason the site admins read', async () => {
    const s = await scene();
    const { requestId } = await requestWorksitePharmanet(s.admin.id, { worksiteId: s.ws.id }, ctx);
    expect(await refusal(teamDeclineWorksitePharmanet(staff(s.team), { requestId, expectedStatus: 'REQUESTED', reason: ' ' }, ctx))).toMatchObject({
      code: 'VALIDATION',
    });
    await teamDeclineWorksitePharmanet(staff(s.team), { requestId, expectedStatus: 'REQUESTED', reason: 'No PRIME site number' }, ctx);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { template: 'pharmanet.worksite_declined', personId: s.admin.id } });
    expect(mail.textBody).toContain('No PRIME site number');
    expect((await db().worksite.findUniqueOrThrow({ where: { id: s.ws.id } })).pharmanetEnabled).toBe(false);
    // After a decline the site admin may ask again.
    await expect(requestWorksitePharmanet(s.admin.id, { worksiteId: s.ws.id }, ctx)).resolves.toMatchObject({ status: 'REQUESTED' });
  });

  it('refuses non-team staff, staff who belong to the worksite, unknown ids and a stale page', async () => {
    const s = await scene();
    const { requestId } = await requestWorksitePharmanet(s.admin.id, { worksiteId: s.ws.id }, ctx);
    const input = { requestId, expectedStatus: 'REQUESTED' as const };
    expect(await refusal(teamMarkInstructionsSent(staff(s.auditor, ['AUDITOR']), input, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(teamMarkInstructionsSent({ id: s.admin.id, staffRoles: [] }, input, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    await createMembership(db(), { worksiteId: s.ws.id, personId: s.team2.id });
    expect(await refusal(teamMarkInstructionsSent(staff(s.team2), input, ctx))).toEqual({
      code: 'FORBIDDEN',
      message: 'You cannot decide on a worksite you belong to.',
    });
    expect(await refusal(teamDeclineWorksitePharmanet(staff(s.team2), { ...input, reason: 'Not this clinic' }, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(teamMarkInstructionsSent(staff(s.team), { ...input, requestId: randomUUID() }, ctx))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refusal(teamMarkInstructionsSent(staff(s.team), { ...input, requestId: 'x' }, ctx))).toMatchObject({ code: 'NOT_FOUND' });

    await teamMarkInstructionsSent(staff(s.team), input, ctx);
    // The same page, still showing REQUESTED.
    expect(await refusal(teamMarkInstructionsSent(staff(s.team), input, ctx))).toMatchObject({ code: 'ALREADY_DECIDED' });
    expect(await refusal(teamDeclineWorksitePharmanet(staff(s.team), { ...input, reason: 'Too late now' }, ctx))).toMatchObject({ code: 'ALREADY_DECIDED' });
    expect((await db().pharmanetWorksiteRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe('INSTRUCTIONS_SENT');
    expect(await db().outboxEmail.count({ where: { template: 'pharmanet.instructions_sent', worksiteId: s.ws.id } })).toBe(1);
  });
});

describe('PharmaNet for a person', () => {
  it('a physician at an enabled worksite asks, the team approves, and pharmanetGranted is true', async () => {
    const s = await enabledScene();
    expect(await pharmanetGranted(db(), s.docM.id)).toBe(false);
    const page = await worksitePharmanet(await viewerFor(s.doc.id), s.ws.id);
    expect(page?.me).toMatchObject({ canRequest: true, isPharmacist: false });
    const r = await requestUserPharmanet(s.doc.id, { worksiteId: s.ws.id }, ctx);
    expect(await db().outboxEmail.count({ where: { template: 'pharmanet.user_requested', toAddress: env().TEAM_MAILBOX, worksiteId: s.ws.id } })).toBe(1);
    expect(await refusal(requestUserPharmanet(s.doc.id, { worksiteId: s.ws.id }, ctx))).toMatchObject({ code: 'CONFLICT' });
    expect((await pharmanetQueue(staff(s.team))).users.map((u) => u.id)).toContain(r.requestId);
    expect(await pharmanetGranted(db(), s.docM.id)).toBe(false);

    await teamDecideUserPharmanet(staff(s.team), { requestId: r.requestId, expectedStatus: 'REQUESTED', approve: true }, ctx);
    expect(await pharmanetGranted(db(), s.docM.id)).toBe(true);
    expect(await db().outboxEmail.count({ where: { template: 'pharmanet.user_approved', personId: s.doc.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { targetId: r.requestId, action: { in: ['pharmanet.user_requested', 'pharmanet.user_approved'] } } })).toBe(2);
    // Others at the worksite are unaffected.
    expect(await pharmanetGranted(db(), s.npM.id)).toBe(false);
    // The grant holds only while the worksite stays enabled.
    await db().worksite.update({ where: { id: s.ws.id }, data: { pharmanetEnabled: false } });
    expect(await pharmanetGranted(db(), s.docM.id)).toBe(false);
  });

  it('declining needs a reason, which the person reads', async () => {
    const s = await enabledScene();
    const r = await requestUserPharmanet(s.np.id, { worksiteId: s.ws.id }, ctx);
    const input = { requestId: r.requestId, expectedStatus: 'REQUESTED' as const, approve: false };
    expect(await refusal(teamDecideUserPharmanet(staff(s.team), input, ctx))).toMatchObject({ code: 'VALIDATION' });
    await teamDecideUserPharmanet(staff(s.team), { ...input, reason: 'Not needed for this role' }, ctx);
    const mail = await db().outboxEmail.findFirstOrThrow({ where: { template: 'pharmanet.user_declined', personId: s.np.id } });
    expect(mail.textBody).toContain('Not needed for this role');
    expect(await pharmanetGranted(db(), s.npM.id)).toBe(false);
  });

  it('a pharmacist is refused, citing the designation order; nothing is saved', async () => {
    const s = await enabledScene();
    expect(await refusal(requestUserPharmanet(s.rph.id, { worksiteId: s.ws.id }, ctx))).toEqual({ code: 'FORBIDDEN', message: PHARMACIST_REFUSAL });
    expect(PHARMACIST_REFUSAL).toMatch(/designation order/);
    expect(await db().pharmanetUserRequest.count({ where: { membershipId: s.rphM.id } })).toBe(0);
    expect((await worksitePharmanet(await viewerFor(s.rph.id), s.ws.id))?.me).toMatchObject({ isPharmacist: true, canRequest: false, refusal: PHARMACIST_REFUSAL });
  });

  it('a request at a worksite without PharmaNet is refused', async () => {
    const s = await scene();
    expect(await refusal(requestUserPharmanet(s.doc.id, { worksiteId: s.ws.id }, ctx))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringMatching(/not enabled for this worksite/),
    });
    expect(await db().pharmanetUserRequest.count({ where: { membershipId: s.docM.id } })).toBe(0);
    expect((await worksitePharmanet(await viewerFor(s.doc.id), s.ws.id))?.me.canRequest).toBe(false);
  });

  it('forged ids answer like missing ones', async () => {
    const s = await enabledScene();
    const other = await scene();
    const notFound = { code: 'NOT_FOUND', message: 'We could not find that worksite.' };
    // A worksite the caller does not belong to, a random id, garbage.
    expect(await refusal(requestUserPharmanet(s.doc.id, { worksiteId: other.ws.id }, ctx))).toEqual(notFound);
    expect(await refusal(requestUserPharmanet(s.doc.id, { worksiteId: randomUUID() }, ctx))).toEqual(notFound);
    expect(await refusal(requestUserPharmanet(s.doc.id, { worksiteId: 'x' }, ctx))).toEqual(notFound);
    expect(await worksitePharmanet(await viewerFor(s.doc.id), other.ws.id)).toBeNull();
    expect(await worksitePharmanet(await viewerFor(s.doc.id), 'x')).toBeNull();
    expect(await refusal(teamDecideUserPharmanet(staff(s.team), { requestId: randomUUID(), expectedStatus: 'REQUESTED', approve: true }, ctx))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses non-team staff, staff who belong to the worksite, and a stale page', async () => {
    const s = await enabledScene();
    const r = await requestUserPharmanet(s.doc.id, { worksiteId: s.ws.id }, ctx);
    const input = { requestId: r.requestId, expectedStatus: 'REQUESTED' as const, approve: true };
    expect(await refusal(teamDecideUserPharmanet(staff(s.auditor, ['AUDITOR']), input, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(teamDecideUserPharmanet({ id: s.np.id, staffRoles: [] }, input, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    await createMembership(db(), { worksiteId: s.ws.id, personId: s.team2.id });
    expect(await refusal(teamDecideUserPharmanet(staff(s.team2), input, ctx))).toEqual({
      code: 'FORBIDDEN',
      message: 'You cannot decide on a worksite you belong to.',
    });
    await teamDecideUserPharmanet(staff(s.team), input, ctx);
    const stale = await refusal(teamDecideUserPharmanet(staff(s.team), { ...input, approve: false, reason: 'Too late' }, ctx));
    expect(stale?.code).toBe('ALREADY_DECIDED');
    expect(stale?.message).toMatch(/already decided by Tess/);
    expect((await db().pharmanetUserRequest.findUniqueOrThrow({ where: { id: r.requestId } })).status).toBe('APPROVED');
  });
});
