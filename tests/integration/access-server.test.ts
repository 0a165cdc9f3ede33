// The access API's own process (docs/decisions/026) answers exactly as the portal's route handler:
// same decision, headers, refusals and audit.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/access/route';
import { startAccessServer, type AccessServer } from '@/server/access/server';
import { createApiKey } from '@/server/api-keys/service';
import { db } from '@/server/db';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

let server: AccessServer;
let key: string;
let query: string;

beforeAll(async () => {
  server = await startAccessServer(0);
  const admin = await ensurePerson(db(), { givenName: 'Sam', familyName: 'Staffadmin', staffRoles: ['STAFF_ADMIN'] });
  key = (await createApiKey({ id: admin.id, staffRoles: ['STAFF_ADMIN'] }, { name: 'Viewer' })).key;
  const subject = `sub-${randomUUID()}`;
  const p = await ensurePerson(db(), { givenName: 'Priya', familyName: 'Physician', subject });
  await createEnrolment(db(), { personId: p.id, profession: 'PHYSICIAN', status: 'APPROVED' });
  await completeCourse(db(), { personId: p.id });
  await acceptHpcaa(db(), { personId: p.id });
  const ws = await createWorksite(db(), { creatorId: p.id });
  await createMembership(db(), { worksiteId: ws.id, personId: p.id });
  query = new URLSearchParams({ subject, worksite: ws.worksiteCode, location: 'remote' }).toString();
});
afterAll(() => server.close());

const own = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
const auth = () => ({ authorization: `Bearer ${key}`, 'x-request-id': `own-${randomUUID()}` });

describe('the access API in its own process', () => {
  it('gives the same decision and headers as the portal, and audits it', async () => {
    const headers = auth();
    const res = await own(`/api/v1/access?${query}`, { headers });
    const portal = await GET(new Request(`http://localhost/api/v1/access?${query}`, { headers: auth() }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual(await portal.json());
    expect(body).toMatchObject({ allowed: false, reasons: [{ code: 'REMOTE_NOT_GRANTED' }] });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-ratelimit-limit')).toBe('600');
    const row = await db().auditEvent.findFirst({ where: { requestId: headers['x-request-id'], action: 'access.decided' } });
    expect(row?.after).toMatchObject({ allowed: false, reasons: ['REMOTE_NOT_GRANTED'] });
  });

  it('refuses as the portal does: no key, bad query, other paths and methods', async () => {
    const noKey = await own(`/api/v1/access?${query}`);
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const bad = await own(`/api/v1/access?${query}&debug=1`, { headers: auth() });
    expect(bad.status).toBe(400);
    expect((await bad.json()).fieldErrors).toEqual({ debug: 'Unknown parameter' });
    expect((await own('/api/v1/accessx', { headers: auth() })).status).toBe(404);
    const post = await own(`/api/v1/access?${query}`, { method: 'POST', headers: auth() });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(await (await own('/api/v1/access/ping')).json()).toEqual({ ok: true });
  });
});
