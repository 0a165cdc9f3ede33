import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, Profession } from '@/generated/prisma/client';
import { GET } from '@/app/api/v1/access/route';
import { accessForPerson } from '@/server/access/queries';
import { checkAccess, type AccessResponseBody } from '@/server/access/service';
import { issueViewerAccount } from '@/server/viewer-accounts/service';
import { createApiKey, revokeApiKey, verifyApiKey } from '@/server/api-keys/service';
import { db } from '@/server/db';
import { inactivateMember } from '@/server/memberships/service';
import { endSponsorship } from '@/server/sponsorships/service';
import { suspendWorksite } from '@/server/worksites/team-service';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { now } from '../support/clock';

const ctx = { requestId: 'req-access', ip: '203.0.113.7', userAgent: null };
let staffAdmin: { id: string; staffRoles: ['STAFF_ADMIN'] };
let apiKey: { id: string; name: string; key: string };

beforeAll(async () => {
  const admin = await ensurePerson(db(), { givenName: 'Sam', familyName: 'Staffadmin', staffRoles: ['STAFF_ADMIN'] });
  staffAdmin = { id: admin.id, staffRoles: ['STAFF_ADMIN'] };
  apiKey = await createApiKey(staffAdmin, { name: 'CareConnect viewer' });
});

/** A person who has done every personal step for their profession, reachable by subject. */
async function enrolled(givenName: string, familyName: string, profession: Profession) {
  const subject = `sub-${randomUUID()}`;
  const p = await ensurePerson(db(), { givenName, familyName, subject });
  await createEnrolment(db(), { personId: p.id, profession, status: 'APPROVED' });
  await completeCourse(db(), { personId: p.id });
  await acceptHpcaa(db(), { personId: p.id });
  return { ...p, subject };
}

/** An active Primary Care clinic whose site admin is Dr Priya Physician, with an MOA she
 * sponsors. */
async function scene() {
  const doc = await enrolled('Priya', 'Physician', 'PHYSICIAN');
  const ws = await createWorksite(db(), { creatorId: doc.id, operatingName: 'Harbour Clinic' });
  await db().worksite.update({ where: { id: ws.id }, data: { roleContext: 'PRIMARY_CARE' } });
  const docM = await createMembership(db(), { worksiteId: ws.id, personId: doc.id, siteAdmin: true });
  const moa = await enrolled('Mara', 'Assistant', 'MEDICAL_OFFICE_ASSISTANT');
  const moaM = await createMembership(db(), { worksiteId: ws.id, personId: moa.id, kind: 'ON_BEHALF_OF' });
  const sponsorship = await db().sponsorship.create({
    data: { oboMembershipId: moaM.id, sponsorMembershipId: docM.id, status: 'ACTIVE', decidedAt: now() },
  });
  const rn = await enrolled('Rita', 'Nurse', 'REGISTERED_NURSE');
  const rnM = await createMembership(db(), { worksiteId: ws.id, personId: rn.id });
  return { doc, docM, ws, moa, moaM, sponsorship, rn, rnM };
}

const call = (query: Record<string, string>, headers: Record<string, string> = { authorization: `Bearer ${apiKey.key}` }) =>
  GET(new Request(`http://localhost/api/v1/access?${new URLSearchParams(query)}`, { headers }));

const viaService = (subject: string, worksite: string, location = 'onsite') =>
  checkAccess({ apiKey: { id: apiKey.id, name: apiKey.name, requestsPerMinute: 600 }, subject, worksite, location, requestId: 'req-svc', ip: null });

const reasonCodes = (body: { reasons: Array<{ code: string }> }) => body.reasons.map((r) => r.code);

describe('GET /api/v1/access authentication', () => {
  it.each([
    ['no credential', {}],
    ['a wrong bearer key', { authorization: `Bearer cc_${'A'.repeat(43)}` }],
    ['a malformed key', { authorization: 'Bearer not-a-key' }],
    ['a wrong X-API-Key', { 'x-api-key': `cc_${'B'.repeat(43)}` }],
    ['a basic credential', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
  ])('refuses %s with 401', async (_name, headers) => {
    const s = await scene();
    const before = await db().auditEvent.count({ where: { action: 'access.decided' } });
    const res = await call({ subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'onsite' }, headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_api_key' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // A refused call decides nothing.
    expect(await db().auditEvent.count({ where: { action: 'access.decided' } })).toBe(before);
  });

  it('refuses a revoked key at once, and accepts X-API-Key', async () => {
    const s = await scene();
    const k = await createApiKey(staffAdmin, { name: 'EMR button' });
    const q = { subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'onsite' };
    expect((await call(q, { 'x-api-key': k.key })).status).toBe(200);
    await revokeApiKey(staffAdmin, { id: k.id });
    const res = await call(q, { authorization: `Bearer ${k.key}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'invalid_api_key' });
    expect((await call(q, { 'x-api-key': k.key })).status).toBe(401);
  });

  it('records the last use at most once a minute', async () => {
    const s = await scene();
    const k = await createApiKey(staffAdmin, { name: 'Last use' });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt).toBeNull();
    const q = { subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'onsite' };
    await call(q, { authorization: `Bearer ${k.key}` });
    const first = (await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt;
    expect(first).not.toBeNull();
    await call(q, { authorization: `Bearer ${k.key}` });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt).toEqual(first);
    // A minute later it moves.
    const later = new Date(first!.getTime() + 61_000);
    await verifyApiKey(k.key, later);
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt).toEqual(later);
  });
});

describe('GET /api/v1/access decisions', () => {
  it('answers the documented schema for an allowed physician', async () => {
    const s = await scene();
    const res = await call({ subject: s.doc.subject, worksite: s.ws.worksiteCode.toLowerCase(), location: 'onsite' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({
      allowed: true,
      location: 'onsite',
      businessRole: {
        roleContext: 'Primary Care',
        functionalDescription: 'Prescriber',
        onBehalfOf: null,
        label: 'Primary Care — Prescriber',
      },
      pharmanet: false,
      reasons: [],
      viewerAccount: null,
    });
  });

  it("includes the person's viewer account state once one is issued, never for an unknown worksite", async () => {
    const s = await scene();
    await db().$transaction((tx) =>
      issueViewerAccount(tx, { id: s.doc.id, legalGivenName: 'Priya', legalFamilyName: 'Physician', preferredGivenName: null, preferredFamilyName: null }, { type: 'SYSTEM', label: 'test' }),
    );
    const known = await call({ subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'onsite' });
    expect((await known.json()).viewerAccount).toMatchObject({ username: expect.any(String), state: 'PASSWORD_NOT_SET' });
    const unknown = await call({ subject: s.doc.subject, worksite: 'ZZZZZZZ', location: 'onsite' });
    expect(await unknown.json()).toMatchObject({ allowed: false, viewerAccount: null });
  });

  it('accepts the worksite uuid as well as the Worksite ID', async () => {
    const s = await scene();
    const r = await viaService(s.doc.subject, s.ws.id);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ allowed: true });
  });

  it('gives an OBO user their sponsor\u2019s role, on behalf of the sponsor', async () => {
    const s = await scene();
    const body = await (await call({ subject: s.moa.subject, worksite: s.ws.worksiteCode, location: 'onsite' })).json();
    expect(body.allowed).toBe(true);
    expect(body.businessRole.label).toBe('Primary Care — Prescriber, on behalf of Dr Priya Physician');
  });

  it('refuses remote access not granted, with a link to request it', async () => {
    const s = await scene();
    const body = await (await call({ subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'remote' })).json();
    expect(body).toMatchObject({ allowed: false, location: 'remote', businessRole: null, pharmanet: false });
    expect(body.reasons).toEqual([
      expect.objectContaining({ code: 'REMOTE_NOT_GRANTED', href: `/worksites/${s.ws.id}/remote-access` }),
    ]);
    await db().remoteAccessRequest.create({ data: { membershipId: s.docM.id, status: 'APPROVED', decidedAt: now() } });
    expect((await viaService(s.doc.subject, s.ws.worksiteCode, 'remote')).body).toMatchObject({ allowed: true });
  });

  it('flips at once when the last sponsorship ends', async () => {
    const s = await scene();
    expect((await viaService(s.moa.subject, s.ws.worksiteCode)).body).toMatchObject({ allowed: true });
    await endSponsorship(s.doc.id, { sponsorshipId: s.sponsorship.id }, ctx);
    const r = await viaService(s.moa.subject, s.ws.worksiteCode);
    expect(r.body).toMatchObject({ allowed: false, businessRole: null });
    expect(reasonCodes(r.body as never)).toEqual(['NO_ACTIVE_SPONSOR']);
  });

  it('flips at once when a site admin inactivates the membership', async () => {
    const s = await scene();
    expect((await viaService(s.rn.subject, s.ws.worksiteCode)).body).toMatchObject({ allowed: true });
    await inactivateMember(s.doc.id, { worksiteId: s.ws.id, membershipId: s.rnM.id }, ctx);
    const body = await (await call({ subject: s.rn.subject, worksite: s.ws.worksiteCode, location: 'onsite' })).json();
    expect(body.allowed).toBe(false);
    expect(reasonCodes(body)).toEqual(['MEMBERSHIP_NOT_ACTIVE']);
  });

  it('flips at once when the team suspends the worksite', async () => {
    const s = await scene();
    const team = await ensurePerson(db(), { givenName: 'Tess', familyName: 'Team', staffRoles: ['ENROLMENT_TEAM'] });
    expect((await viaService(s.doc.subject, s.ws.worksiteCode)).body).toMatchObject({ allowed: true });
    await suspendWorksite(
      { id: team.id, staffRoles: ['ENROLMENT_TEAM'] },
      { worksiteId: s.ws.id, expectedStatus: 'ACTIVE', reason: 'Privacy breach under investigation' },
      ctx,
    );
    for (const subject of [s.doc.subject, s.moa.subject, s.rn.subject]) {
      const body = await (await call({ subject, worksite: s.ws.worksiteCode, location: 'onsite' })).json();
      expect(body.allowed).toBe(false);
      expect(reasonCodes(body)).toEqual(['WORKSITE_SUSPENDED']);
    }
  });

  it('reports every missing step, not the first', async () => {
    const s = await scene();
    const p = await ensurePerson(db(), { subject: `sub-${randomUUID()}` });
    const sub = (await db().loginAccount.findFirstOrThrow({ where: { personId: p.id } })).subject;
    const r = await viaService(sub, s.ws.worksiteCode, 'remote');
    expect(reasonCodes(r.body as never)).toEqual([
      'NOT_ENROLLED',
      'PRIVACY_COURSE_INCOMPLETE',
      'MEMBERSHIP_NOT_ACTIVE',
      'REMOTE_NOT_GRANTED',
    ]);
  });

  it('says the same about an unknown subject and an unknown worksite', async () => {
    const s = await scene();
    const unknownSubject = await call({ subject: 'nobody-by-this-subject', worksite: s.ws.worksiteCode, location: 'onsite' });
    const unknownWorksite = await call({ subject: s.doc.subject, worksite: 'ZZZ2222', location: 'onsite' });
    const unknownUuid = await call({ subject: s.doc.subject, worksite: randomUUID(), location: 'onsite' });
    expect(unknownSubject.status).toBe(200);
    expect(unknownWorksite.status).toBe(unknownSubject.status);
    expect(unknownUuid.status).toBe(unknownSubject.status);
    const a = await unknownSubject.text();
    expect(await unknownWorksite.text()).toBe(a);
    expect(await unknownUuid.text()).toBe(a);
    expect(JSON.parse(a)).toMatchObject({ allowed: false, businessRole: null, pharmanet: false, reasons: [{ code: 'NOT_FOUND' }] });
    expect(a).not.toContain(s.ws.worksiteCode);
    expect(a).not.toContain('Harbour');
  });

  it('leaves one access.decided audit event per call, with the reasons', async () => {
    const s = await scene();
    const count = () => db().auditEvent.count({ where: { action: 'access.decided' } });
    const before = await count();
    await call({ subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'remote' }, {
      authorization: `Bearer ${apiKey.key}`,
      'x-request-id': 'req-audit-1',
    });
    await call({ subject: 'unknown-subject', worksite: s.ws.worksiteCode, location: 'onsite' }, {
      authorization: `Bearer ${apiKey.key}`,
      'x-request-id': 'req-audit-2',
    });
    expect(await count()).toBe(before + 2);
    const [decided, unknown] = (await Promise.all(
      ['req-audit-1', 'req-audit-2'].map((requestId) =>
        db().auditEvent.findFirstOrThrow({ where: { action: 'access.decided', requestId } }),
      ),
    )) as [AuditEvent, AuditEvent];
    expect(decided).toMatchObject({
      actorType: 'SERVICE',
      actorLabel: `CareConnect viewer (${apiKey.id})`,
      targetType: 'PERSON',
      targetId: s.doc.id,
      personId: s.doc.id,
      worksiteId: s.ws.id,
    });
    expect(decided.after).toMatchObject({ allowed: false, location: 'remote', reasons: ['REMOTE_NOT_GRANTED'], businessRole: null, pharmanet: false });
    expect(unknown).toMatchObject({ targetId: null, personId: null, worksiteId: s.ws.id });
    expect(unknown.after).toMatchObject({ allowed: false, reasons: ['NOT_FOUND'], subject: 'unknown-subject' });
  });

  it('refuses bad input with 400 and field errors, and decides nothing', async () => {
    const s = await scene();
    const before = await db().auditEvent.count({ where: { action: 'access.decided' } });
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ subject: s.doc.subject, worksite: s.ws.worksiteCode }, ['location']],
      [{ subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'home' }, ['location']],
      [{ subject: '', worksite: 'not a code', location: 'onsite' }, ['subject', 'worksite']],
      [{ subject: 'x'.repeat(201), worksite: s.ws.worksiteCode, location: 'onsite' }, ['subject']],
      [{ subject: s.doc.subject, worksite: 'OOOOOOO', location: 'onsite' }, ['worksite']],
      [{ subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'onsite', debug: '1' }, ['debug']],
    ];
    for (const [q, fields] of cases) {
      const res = await call(q);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await res.json();
      expect(body.error).toBe('invalid_request');
      expect(Object.keys(body.fieldErrors).sort()).toEqual(fields);
    }
    expect(await db().auditEvent.count({ where: { action: 'access.decided' } })).toBe(before);
  });

  it('rate limits per key with 429 and Retry-After (concurrency: throttle-access.test.ts)', async () => {
    const s = await scene();
    const k = await createApiKey(staffAdmin, { name: 'Busy EMR', requestsPerMinute: 2 });
    const q = { subject: s.doc.subject, worksite: s.ws.worksiteCode, location: 'onsite' };
    const first = await call(q, { authorization: `Bearer ${k.key}` });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await call(q, { authorization: `Bearer ${k.key}` })).status).toBe(200);
    const res = await call(q, { authorization: `Bearer ${k.key}` });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: 'rate_limited' });
    const retry = Number(res.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(61);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Another key is not affected.
    expect((await call(q)).status).toBe(200);
  });
});

describe('accessForPerson (dashboard)', () => {
  it('shows each worksite onsite, and remote only for professions that can have it', async () => {
    const s = await scene();
    const [docRow] = await accessForPerson(s.doc.id);
    expect(docRow!.worksite).toEqual({ id: s.ws.id, worksiteCode: s.ws.worksiteCode, operatingName: 'Harbour Clinic' });
    expect(docRow!.onsite.allowed).toBe(true);
    expect(reasonCodes(docRow!.remote!)).toEqual(['REMOTE_NOT_GRANTED']);
    const rnRows = await accessForPerson(s.rn.id);
    expect(rnRows).toHaveLength(1);
    expect(rnRows[0]!.remote).toBeNull();
    // The same decision the API gives.
    const api = await viaService(s.doc.subject, s.ws.worksiteCode, 'remote');
    const { viewerAccount, ...decision } = api.body as AccessResponseBody;
    expect(decision).toEqual(docRow!.remote);
    expect(viewerAccount).toBeNull(); // no account is issued until the enrolment is approved
  });

  it('leaves out memberships that ended', async () => {
    const s = await scene();
    await db().membership.update({ where: { id: s.rnM.id }, data: { status: 'ENDED' } });
    expect(await accessForPerson(s.rn.id)).toEqual([]);
  });
});
