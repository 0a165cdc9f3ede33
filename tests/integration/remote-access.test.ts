import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EnrolmentStatus, MembershipStatus, Profession } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { remoteAccessPage } from '@/server/remote-access/queries';
import { remoteAccessRows as remoteAccessQueue } from '../support/domain-lists';
import { decideRemoteAccess, requestRemoteAccess } from '@/server/remote-access/service';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-remote', ip: '203.0.113.10' };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

async function person(name: string, profession: Profession, enrolment: EnrolmentStatus = 'APPROVED') {
  const p = await ensurePerson(db(), { givenName: name, email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com` });
  await db().enrolment.create({ data: { personId: p.id, profession, status: enrolment } });
  return p;
}

async function scene() {
  const doc = await person('Dora', 'PHYSICIAN');
  const ws = await createWorksite(db(), { creatorId: doc.id, operatingName: 'Harbour Clinic' });
  const docM = await createMembership(db(), { worksiteId: ws.id, personId: doc.id, siteAdmin: true });
  const np = await person('Nina', 'NURSE_PRACTITIONER');
  const npM = await createMembership(db(), { worksiteId: ws.id, personId: np.id });
  const rn = await person('Rita', 'REGISTERED_NURSE');
  const rnM = await createMembership(db(), { worksiteId: ws.id, personId: rn.id });
  const team = await ensurePerson(db(), { givenName: 'Tess', staffRoles: ['ENROLMENT_TEAM'] });
  const team2 = await ensurePerson(db(), { givenName: 'Theo', staffRoles: ['ENROLMENT_TEAM'] });
  const auditor = await ensurePerson(db(), { givenName: 'Aude', staffRoles: ['AUDITOR'] });
  return { ws, doc, docM, np, npM, rn, rnM, team, team2, auditor };
}

const staff = (p: { id: string }, roles: ('ENROLMENT_TEAM' | 'AUDITOR')[] = ['ENROLMENT_TEAM']) => ({ id: p.id, staffRoles: roles });

describe('remote access', () => {
  it('a physician and a nurse practitioner can ask when ACTIVE; the team is emailed', async () => {
    const s = await scene();
    const a = await requestRemoteAccess(s.doc.id, { membershipId: s.docM.id }, ctx);
    const b = await requestRemoteAccess(s.np.id, { membershipId: s.npM.id }, ctx);
    expect(a.status).toBe('REQUESTED');
    expect(b.status).toBe('REQUESTED');
    expect(await db().auditEvent.count({ where: { action: 'remote_access.requested', targetId: { in: [a.requestId, b.requestId] } } })).toBe(2);
    const mails = await db().outboxEmail.findMany({ where: { template: 'remote_access.requested', worksiteId: s.ws.id } });
    expect(mails).toHaveLength(2);
    expect(mails.every((m) => m.toAddress === env().TEAM_MAILBOX && m.subject.includes(s.ws.worksiteCode))).toBe(true);
    const queue = await remoteAccessQueue(staff(s.team));
    expect(queue.map((r) => r.id)).toEqual(expect.arrayContaining([a.requestId, b.requestId]));
    // One open request per membership.
    expect(await refusal(requestRemoteAccess(s.doc.id, { membershipId: s.docM.id }, ctx))).toMatchObject({ code: 'CONFLICT' });
  });

  it('a registered nurse is refused with a clear message; nothing is saved', async () => {
    const s = await scene();
    const r = await refusal(requestRemoteAccess(s.rn.id, { membershipId: s.rnM.id }, ctx));
    expect(r?.code).toBe('FORBIDDEN');
    expect(r?.message).toMatch(/only for physicians and nurse practitioners/);
    expect(await db().remoteAccessRequest.count({ where: { membershipId: s.rnM.id } })).toBe(0);
    const page = await remoteAccessPage(await viewerFor(s.rn.id), s.ws.id);
    expect(page).toMatchObject({ canRequest: false });
    expect(page?.refusal).toMatch(/Registered Nurse/);
  });

  it('a physician whose membership is not ACTIVE is refused', async () => {
    const s = await scene();
    const doc2 = await person('Dan', 'PHYSICIAN');
    for (const status of ['PENDING_REVIEW', 'INACTIVE'] as MembershipStatus[]) {
      const m = await db().membership.upsert({
        where: { personId_worksiteId: { personId: doc2.id, worksiteId: s.ws.id } },
        create: { personId: doc2.id, worksiteId: s.ws.id, status, kind: 'INDEPENDENT' },
        update: { status },
      });
      expect(await refusal(requestRemoteAccess(doc2.id, { membershipId: m.id }, ctx))).toMatchObject({ code: 'INVALID_TRANSITION' });
    }
  });

  it('a forged membership id answers exactly like a missing one', async () => {
    const s = await scene();
    const notFound = { code: 'NOT_FOUND', message: 'We could not find that membership.' };
    // The RN posts the physician's membership id; a random id; garbage.
    expect(await refusal(requestRemoteAccess(s.rn.id, { membershipId: s.docM.id }, ctx))).toEqual(notFound);
    expect(await refusal(requestRemoteAccess(s.rn.id, { membershipId: randomUUID() }, ctx))).toEqual(notFound);
    expect(await refusal(requestRemoteAccess(s.rn.id, { membershipId: 'x' }, ctx))).toEqual(notFound);
    expect(await db().remoteAccessRequest.count({ where: { membershipId: { in: [s.docM.id, s.rnM.id] } } })).toBe(0);
    expect(await remoteAccessPage(await viewerFor(s.rn.id), randomUUID())).toBeNull();
  });

  it('the team approves and declines (a reason is required), and the person is emailed', async () => {
    const s = await scene();
    const a = await requestRemoteAccess(s.doc.id, { membershipId: s.docM.id }, ctx);
    const b = await requestRemoteAccess(s.np.id, { membershipId: s.npM.id }, ctx);
    await expect(decideRemoteAccess(staff(s.team), { requestId: a.requestId, expectedStatus: 'REQUESTED', approve: true }, ctx)).resolves.toMatchObject({ status: 'APPROVED' });
    expect(await refusal(decideRemoteAccess(staff(s.team), { requestId: b.requestId, expectedStatus: 'REQUESTED', approve: false, reason: '  ' }, ctx))).toMatchObject({ code: 'VALIDATION' });
    await decideRemoteAccess(staff(s.team), { requestId: b.requestId, expectedStatus: 'REQUESTED', approve: false, reason: 'Home office not described' }, ctx);
    const rows = await db().remoteAccessRequest.findMany({ where: { id: { in: [a.requestId, b.requestId] } } });
    expect(rows.find((r) => r.id === a.requestId)).toMatchObject({ status: 'APPROVED', decidedById: s.team.id });
    expect(rows.find((r) => r.id === b.requestId)).toMatchObject({ status: 'DECLINED', decisionReason: 'Home office not described' });
    expect(await db().outboxEmail.count({ where: { personId: s.doc.id, template: 'remote_access.approved' } })).toBe(1);
    const declined = await db().outboxEmail.findFirstOrThrow({ where: { personId: s.np.id, template: 'remote_access.declined' } });
    expect(declined.textBody).toContain('Home office not described');
    expect(await db().auditEvent.count({ where: { action: { in: ['remote_access.approved', 'remote_access.declined'] } } })).toBe(2);
    const page = await remoteAccessPage(await viewerFor(s.doc.id), s.ws.id);
    expect(page?.requests[0]).toMatchObject({ status: 'APPROVED' });
    expect(page?.canRequest).toBe(false);
  });

  it('refuses non-team staff, deciding one’s own worksite, and a stale page', async () => {
    const s = await scene();
    const a = await requestRemoteAccess(s.doc.id, { membershipId: s.docM.id }, ctx);
    const input = { requestId: a.requestId, expectedStatus: 'REQUESTED' as const, approve: true };
    expect(await refusal(decideRemoteAccess(staff(s.auditor, ['AUDITOR']), input, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(decideRemoteAccess({ id: s.rn.id, staffRoles: [] }, input, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    // A team member who works at the worksite.
    await createMembership(db(), { worksiteId: s.ws.id, personId: s.team2.id });
    expect(await refusal(decideRemoteAccess(staff(s.team2), input, ctx))).toEqual({ code: 'FORBIDDEN', message: 'You cannot decide on a worksite you belong to.' });
    expect(await refusal(decideRemoteAccess(staff(s.team), { ...input, requestId: randomUUID() }, ctx))).toMatchObject({ code: 'NOT_FOUND' });

    await decideRemoteAccess(staff(s.team), input, ctx);
    const stale = await refusal(decideRemoteAccess(staff(s.team), { ...input, approve: false, reason: 'Too late' }, ctx));
    expect(stale?.code).toBe('ALREADY_DECIDED');
    expect(stale?.message).toMatch(/already decided by Tess/);
    expect((await db().remoteAccessRequest.findUniqueOrThrow({ where: { id: a.requestId } })).status).toBe('APPROVED');
  });

  it('two team members deciding at once: exactly one decision', async () => {
    const s = await scene();
    const a = await requestRemoteAccess(s.doc.id, { membershipId: s.docM.id }, ctx);
    const results = await Promise.allSettled([
      decideRemoteAccess(staff(s.team), { requestId: a.requestId, expectedStatus: 'REQUESTED', approve: true }, ctx),
      decideRemoteAccess(staff(s.team2), { requestId: a.requestId, expectedStatus: 'REQUESTED', approve: false, reason: 'Not eligible from home' }, ctx),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const n = await db().auditEvent.count({ where: { targetId: a.requestId, action: { in: ['remote_access.approved', 'remote_access.declined'] } } });
    expect(n).toBe(1);
  });
});
