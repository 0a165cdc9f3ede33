import { describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { displayName } from '@/lib/names';
import { assignToMe } from '@/server/assignments/service';
import { db } from '@/server/db';
import { membershipRows as membershipQueue, pharmanetRows as pharmanetQueue, remoteAccessRows as remoteAccessQueue } from '../support/domain-lists';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

// The queue pages show who has each row and offer "Assign to me" / "Unassign" only where the
// assignment service would accept it: the enrolment team, never on their own record or worksite.

const ctx = { requestId: 'req-queue-assign', ip: '203.0.113.30' };
const staff = (p: { id: string }, roles: StaffRoleKind[] = ['ENROLMENT_TEAM']) => ({ id: p.id, staffRoles: roles });

async function scene() {
  const tess = await ensurePerson(db(), { givenName: 'Tess', staffRoles: ['ENROLMENT_TEAM'] });
  const theo = await ensurePerson(db(), { givenName: 'Theo', staffRoles: ['ENROLMENT_TEAM'] });
  const aude = await ensurePerson(db(), { givenName: 'Aude', staffRoles: ['AUDITOR'] });
  const owner = await ensurePerson(db(), { givenName: 'Olga' });
  const harbour = await createWorksite(db(), { creatorId: owner.id, operatingName: 'Harbour Clinic' });
  const tessSite = await createWorksite(db(), { creatorId: owner.id, operatingName: 'Tess Own Clinic' });
  const oldSite = await createWorksite(db(), { creatorId: owner.id, operatingName: 'Old Clinic' });
  // Where Tess's own records are (a record of hers makes that worksite hers too).
  const bay = await createWorksite(db(), { creatorId: owner.id, operatingName: 'Bay Clinic' });
  // Tess works at one worksite now and left another.
  await createMembership(db(), { worksiteId: tessSite.id, personId: tess.id });
  await createMembership(db(), { worksiteId: oldSite.id, personId: tess.id, status: 'ENDED' });
  const member = async (name: string, worksiteId: string, status: 'PENDING_REVIEW' | 'ACTIVE') => {
    const p = await ensurePerson(db(), { givenName: name });
    return createMembership(db(), { worksiteId, personId: p.id, status });
  };
  return { tess, theo, aude, owner, harbour, tessSite, oldSite, bay, member };
}

const byId = <T extends { assignee: unknown; mayAssign: boolean }>(rows: T[], key: (r: T) => string) =>
  new Map(rows.map((r) => [key(r), { assignee: r.assignee, mayAssign: r.mayAssign }]));

describe('assignment on the team queues', () => {
  it('memberships: assignee (me, someone else, nobody) and who may assign', async () => {
    const s = await scene();
    const free = await s.member('Pia', s.harbour.id, 'PENDING_REVIEW');
    const mine = await s.member('Quinn', s.harbour.id, 'PENDING_REVIEW');
    const theirs = await s.member('Rae', s.harbour.id, 'PENDING_REVIEW');
    const atTessSite = await s.member('Sam', s.tessSite.id, 'PENDING_REVIEW');
    const atOldSite = await s.member('Uma', s.oldSite.id, 'PENDING_REVIEW');
    const tessOwn = await createMembership(db(), { worksiteId: s.bay.id, personId: s.tess.id, status: 'PENDING_REVIEW' });
    await assignToMe(staff(s.tess), { kind: 'MEMBERSHIP', id: mine.id }, ctx);
    await assignToMe(staff(s.theo), { kind: 'MEMBERSHIP', id: theirs.id }, ctx);

    const forTess = byId((await membershipQueue(staff(s.tess))).rows, (r) => r.membershipId);
    expect(forTess.get(free.id)).toEqual({ assignee: null, mayAssign: true });
    expect(forTess.get(mine.id)).toEqual({ assignee: { id: s.tess.id, name: displayName(s.tess) }, mayAssign: true });
    expect(forTess.get(theirs.id)).toEqual({ assignee: { id: s.theo.id, name: displayName(s.theo) }, mayAssign: true });
    expect(forTess.get(tessOwn.id)?.mayAssign).toBe(false); // her own membership
    expect(forTess.get(atTessSite.id)?.mayAssign).toBe(false); // a worksite she belongs to
    expect(forTess.get(atOldSite.id)?.mayAssign).toBe(true); // she left that one

    const forTheo = byId((await membershipQueue(staff(s.theo))).rows, (r) => r.membershipId);
    expect(forTheo.get(tessOwn.id)?.mayAssign).toBe(true);
    expect(forTheo.get(atTessSite.id)?.mayAssign).toBe(true);

    const forAuditor = (await membershipQueue(staff(s.aude, ['AUDITOR']))).rows;
    expect(forAuditor.length).toBe(6);
    expect(forAuditor.every((r) => !r.mayAssign)).toBe(true);
    expect(forAuditor.find((r) => r.membershipId === theirs.id)?.assignee).toEqual({ id: s.theo.id, name: displayName(s.theo) });
  });

  it('remote access: assignee and who may assign', async () => {
    const s = await scene();
    const ask = async (membershipId: string) => (await db().remoteAccessRequest.create({ data: { membershipId } })).id;
    const free = await ask((await s.member('Vic', s.harbour.id, 'ACTIVE')).id);
    const mine = await ask((await s.member('Wen', s.harbour.id, 'ACTIVE')).id);
    const theirs = await ask((await s.member('Xan', s.harbour.id, 'ACTIVE')).id);
    const atTessSite = await ask((await s.member('Yara', s.tessSite.id, 'ACTIVE')).id);
    const tessOwn = await ask((await createMembership(db(), { worksiteId: s.bay.id, personId: s.tess.id })).id);
    await assignToMe(staff(s.tess), { kind: 'REMOTE_ACCESS_REQUEST', id: mine }, ctx);
    await assignToMe(staff(s.theo), { kind: 'REMOTE_ACCESS_REQUEST', id: theirs }, ctx);

    const forTess = byId(await remoteAccessQueue(staff(s.tess)), (r) => r.id);
    expect(forTess.get(free)).toEqual({ assignee: null, mayAssign: true });
    expect(forTess.get(mine)).toEqual({ assignee: { id: s.tess.id, name: displayName(s.tess) }, mayAssign: true });
    expect(forTess.get(theirs)).toEqual({ assignee: { id: s.theo.id, name: displayName(s.theo) }, mayAssign: true });
    expect(forTess.get(tessOwn)?.mayAssign).toBe(false);
    expect(forTess.get(atTessSite)?.mayAssign).toBe(false);

    const forTheo = byId(await remoteAccessQueue(staff(s.theo)), (r) => r.id);
    expect([forTheo.get(tessOwn)?.mayAssign, forTheo.get(atTessSite)?.mayAssign]).toEqual([true, true]);

    const forAuditor = await remoteAccessQueue(staff(s.aude, ['AUDITOR']));
    expect(forAuditor.length).toBe(5);
    expect(forAuditor.every((r) => !r.mayAssign)).toBe(true);
    expect(forAuditor.find((r) => r.id === mine)?.assignee).toEqual({ id: s.tess.id, name: displayName(s.tess) });
  });

  it('PharmaNet: worksite and personal requests show their assignee and who may assign', async () => {
    const s = await scene();
    const siteAsk = async (worksiteId: string) =>
      (await db().pharmanetWorksiteRequest.create({ data: { worksiteId, requestedById: s.owner.id } })).id;
    const userAsk = async (membershipId: string) => (await db().pharmanetUserRequest.create({ data: { membershipId } })).id;
    const siteFree = await siteAsk(s.harbour.id);
    const siteTheirs = await siteAsk(s.oldSite.id);
    const siteOfTess = await siteAsk(s.tessSite.id);
    const userMine = await userAsk((await s.member('Zed', s.harbour.id, 'ACTIVE')).id);
    const userOwn = await userAsk((await createMembership(db(), { worksiteId: s.bay.id, personId: s.tess.id })).id);
    await assignToMe(staff(s.theo), { kind: 'PHARMANET_WORKSITE_REQUEST', id: siteTheirs }, ctx);
    await assignToMe(staff(s.tess), { kind: 'PHARMANET_USER_REQUEST', id: userMine }, ctx);

    const q = await pharmanetQueue(staff(s.tess));
    const sites = byId(q.worksites, (r) => r.id);
    const users = byId(q.users, (r) => r.id);
    expect(sites.get(siteFree)).toEqual({ assignee: null, mayAssign: true });
    expect(sites.get(siteTheirs)).toEqual({ assignee: { id: s.theo.id, name: displayName(s.theo) }, mayAssign: true });
    expect(sites.get(siteOfTess)?.mayAssign).toBe(false);
    expect(users.get(userMine)).toEqual({ assignee: { id: s.tess.id, name: displayName(s.tess) }, mayAssign: true });
    expect(users.get(userOwn)?.mayAssign).toBe(false);

    const forTheo = await pharmanetQueue(staff(s.theo));
    expect(forTheo.worksites.find((r) => r.id === siteOfTess)?.mayAssign).toBe(true);
    expect(forTheo.users.find((r) => r.id === userOwn)?.mayAssign).toBe(true);

    const forAuditor = await pharmanetQueue(staff(s.aude, ['AUDITOR']));
    expect([...forAuditor.worksites, ...forAuditor.users].map((r) => r.mayAssign)).toEqual([false, false, false, false, false]);
  });

  it('what the list offers is what the service accepts', async () => {
    const s = await scene();
    const atTessSite = await s.member('Sam', s.tessSite.id, 'PENDING_REVIEW');
    const row = (await membershipQueue(staff(s.tess))).rows.find((r) => r.membershipId === atTessSite.id);
    expect(row?.mayAssign).toBe(false);
    await expect(assignToMe(staff(s.tess), { kind: 'MEMBERSHIP', id: atTessSite.id }, ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(assignToMe(staff(s.aude, ['AUDITOR']), { kind: 'MEMBERSHIP', id: atTessSite.id }, ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await db().membership.findUniqueOrThrow({ where: { id: atTessSite.id } })).assignedToId).toBeNull();
  });
});
