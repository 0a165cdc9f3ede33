// The antivirus screenshot shown inline on the team's declaration decision: the stored,
// re-encoded image, behind the same check and the same audit as the download.
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { submitDeclaration } from '@/server/declarations/service';
import { smallJpeg, validDeclaration } from '../factories/declarations';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';

// The route reads the session through currentPerson(); tests decide who is signed in.
const session = vi.hoisted(() => ({ person: null as null | { id: string; displayName: string; staffRoles: StaffRoleKind[] } }));
vi.mock('@/server/auth/session', async (original) => ({
  ...(await original<typeof import('@/server/auth/session')>()),
  currentPerson: async () => session.person,
}));
const { GET } = await import('@/app/api/files/[id]/route');

const ctx = { requestId: 'req-inline', ip: null, userAgent: null };
const as = (p: { id: string }, staffRoles: StaffRoleKind[] = []) => {
  session.person = { id: p.id, displayName: 'Someone', staffRoles };
};
const get = (id: string, query = '?inline=1') =>
  GET(new Request(`http://localhost/api/files/${id}${query}`), { params: Promise.resolve({ id }) });

async function scene() {
  const admin = await ensurePerson(db(), { givenName: 'Dana', familyName: 'Signer' });
  const worksite = await createWorksite(db(), { creatorId: admin.id, status: 'AWAITING_DECLARATION' });
  await addMember(db(), { worksiteId: worksite.id, personId: admin.id, siteAdmin: true });
  const { input } = await validDeclaration(db(), { worksiteId: worksite.id, expectedStatus: 'AWAITING_DECLARATION' });
  // A JPEG with a name that needs care in a header; stored re-encoded, without its metadata.
  const original = await smallJpeg(64, 48);
  const r = await submitDeclaration(admin.id, input, { bytes: original, name: 'Écran "AV".jpeg' }, ctx);
  const member = await ensurePerson(db());
  await addMember(db(), { worksiteId: worksite.id, personId: member.id });
  const otherAdmin = await ensurePerson(db());
  const other = await createWorksite(db(), { creatorId: otherAdmin.id });
  await addMember(db(), { worksiteId: other.id, personId: otherAdmin.id, siteAdmin: true });
  const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
  const auditor = await ensurePerson(db(), { staffRoles: ['AUDITOR'] });
  return { admin, worksite, fileId: r.antivirusFileId, sha256: r.sha256, original, member, otherAdmin, team, auditor };
}

let s: Awaited<ReturnType<typeof scene>>;
beforeEach(async () => {
  s ??= await scene();
  session.person = null;
});
const views = () => db().auditEvent.findMany({ where: { action: 'file.viewed', targetId: s.fileId }, orderBy: { id: 'asc' } });

describe('the antivirus screenshot, inline', () => {
  it('the team gets the stored image inline, with the download’s safe headers, and the view is audited', async () => {
    const before = (await views()).length;
    as(s.team, ['ENROLMENT_TEAM']);
    const res = await get(s.fileId);
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/jpeg',
      'content-disposition': `inline; filename="_cran AV.jpg"; filename*=UTF-8''%C3%89cran%20AV.jpg`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'no-store',
      'cross-origin-resource-policy': 'same-origin',
    });
    const body = Buffer.from(await res.arrayBuffer());
    // The re-encoded bytes that were stored, not what was uploaded.
    expect(createHash('sha256').update(body).digest('hex')).toBe(s.sha256);
    expect(body.equals(s.original)).toBe(false);
    expect(res.headers.get('content-length')).toBe(String(body.length));

    const after = await views();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ actorType: 'STAFF', actorId: s.team.id, targetType: 'FILE', worksiteId: s.worksite.id });
  });

  it('the same bytes as the download, which stays an attachment', async () => {
    as(s.auditor, ['AUDITOR']);
    const inline = await get(s.fileId);
    const download = await get(s.fileId, '');
    const other = await get(s.fileId, '?inline=yes');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(other.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(Buffer.from(await inline.arrayBuffer()).equals(Buffer.from(await download.arrayBuffer()))).toBe(true);
  });

  it('a site admin of the worksite gets it inline too', async () => {
    const before = (await views()).length;
    as(s.admin);
    const res = await get(s.fileId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^inline; /);
    const after = await views();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ actorType: 'PERSON', actorId: s.admin.id, worksiteId: s.worksite.id });
  });

  it('anyone else gets the same 404 as for the download, and nothing is audited', async () => {
    const before = (await views()).length;
    session.person = null;
    const anonymous = await get(s.fileId);
    expect(anonymous.status).toBe(404);
    const expected = await anonymous.text();
    for (const who of [s.member, s.otherAdmin]) {
      as(who);
      for (const query of ['?inline=1', '']) {
        const res = await get(s.fileId, query);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-disposition')).toBeNull();
        expect(await res.text()).toBe(expected);
      }
    }
    as(s.team, ['ENROLMENT_TEAM']);
    for (const id of ['0190a0a0-0000-7000-8000-00000000dead', 'not-a-uuid']) {
      const res = await get(id);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe(expected);
    }
    expect(await views()).toHaveLength(before);
  });
});
