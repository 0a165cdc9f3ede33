// The production build, over HTTP, while its database restarts, drops the connection that reads
// the session, or hangs. What the browser gets: pages answer 503 with the plain message and a
// reference (never a redirect to sign-in), forms the same message, no cookie is touched, the
// session row stays open, and after the database returns the same browser is still signed in.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UNAVAILABLE_MESSAGE } from '@/lib/unavailable';
import { careConnectAdapter } from '@/server/auth/adapter';
import { db } from '@/server/db';
import { ensurePerson } from '../factories/people';
import { monotonic, now } from '../support/clock';
import { startTcpProxy, until, type TcpProxy } from '../support/tcp-proxy';
import { startProductionApp, type ProductionApp } from './production-app';

const direct = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
let proxy: TcpProxy;
let app: ProductionApp;

beforeAll(async () => {
  // The app reaches PostgreSQL only through the proxy; this test's own client goes direct.
  const url = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  app = await startProductionApp({ databaseUrl: url.toString() });
});

afterEach(async () => {
  await proxy.restore();
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await direct.end();
});

async function signedInTeamMember() {
  const staff = await ensurePerson(db(), { givenName: 'Tess', staffRoles: ['ENROLMENT_TEAM'] });
  const token = randomBytes(32).toString('hex');
  await careConnectAdapter().createSession!({ sessionToken: token, userId: staff.id, expires: now() });
  return { staff, cookie: `next-auth.session-token=${token}` };
}

type Hop = { status: number; location: string | null; setCookie: string | null };

/** A browser's request, redirects followed by hand so every hop can be inspected. */
async function browse(path: string, cookie: string, headers: Record<string, string> = {}) {
  const hops: Hop[] = [];
  let at = path;
  for (;;) {
    const res = await fetch(`${app.url}${at}`, { headers: { cookie, ...headers }, redirect: 'manual' });
    hops.push({ status: res.status, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie') });
    if (res.status < 300 || res.status >= 400 || hops.length > 3) return { res, body: await res.text(), hops };
    at = new URL(res.headers.get('location')!, app.url).pathname + new URL(res.headers.get('location')!, app.url).search;
  }
}

/** A page during the outage: a 503 with the plain message, at its own address, cookies untouched. */
async function expectUnavailablePage(path: string, cookie: string, headers: Record<string, string> = {}) {
  const { res, body, hops } = await browse(path, cookie, headers);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('120');
  expect(body).toContain(UNAVAILABLE_MESSAGE);
  // At most one hop back to the very same address (the outage was noticed while rendering).
  expect(hops.length).toBeLessThanOrEqual(2);
  for (const h of hops.slice(0, -1)) expect(h).toMatchObject({ status: 307, location: path });
  expect(hops.map((h) => h.setCookie)).toEqual(hops.map(() => null));
  expect(body).not.toMatch(/sign-in|Sign in with/);
  const reference = /reference <strong>([0-9A-F]{8})<\/strong>/.exec(body)?.[1];
  expect(reference).toBeTruthy();
  // The reference leads to the log line with the cause.
  await until('the reference in the log', () => app.logs.find((l) => l.msg === 'page unavailable: database unreachable' && l.reference === reference));
  return reference!;
}

/** The suspend form posted as the browser does (a server action). */
async function postSuspend(cookie: string, personId: string) {
  const res = await fetch(`${app.url}/admin/people/${personId}`, {
    method: 'POST',
    headers: {
      cookie,
      'next-action': app.actionId('suspendPersonAction', 'people/team-actions'),
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: app.url,
    },
    body: JSON.stringify([{ personId, reason: 'Licence under review by the college.' }]),
    redirect: 'manual',
  });
  const body = await res.text();
  return { res, body };
}

async function expectUnavailableForm(cookie: string, personId: string) {
  const { res, body } = await postSuspend(cookie, personId);
  expect(res.status).toBe(200);
  expect(res.headers.get('set-cookie')).toBeNull();
  expect(body).toContain('"code":"UNAVAILABLE"');
  expect(body).toContain(UNAVAILABLE_MESSAGE);
  const reference = /"correlationId":"([0-9A-F]{8})"/.exec(body)?.[1];
  expect(reference).toBeTruthy();
  await until('the form reference in the log', () => app.logs.find((l) => l.msg === 'action unavailable: database unreachable' && l.correlationId === reference));
}

async function expectSignedInAgain(staffId: string, cookie: string) {
  await until(
    'the same browser signed in again',
    async () => {
      const r = await fetch(`${app.url}/`, { headers: { cookie }, redirect: 'manual' });
      return r.status === 200 && (await r.text()).includes('Welcome, Tess');
    },
    30_000,
    200,
  );
  const rows = await direct.query(`SELECT "endedAt" FROM "Session" WHERE "personId" = $1`, [staffId]);
  expect(rows.rows).toEqual([{ endedAt: null }]);
}

describe('the production build while its database is away', () => {
  it('restarting: pages, navigations and forms say "temporarily unavailable"; health says 503; nobody is signed out', async () => {
    const { staff, cookie } = await signedInTeamMember();
    const nurse = await ensurePerson(db(), { givenName: 'Nora' });
    // The first render of a page is slow (a cold start) but never taken for an outage.
    const before = await browse('/admin', cookie);
    expect(before.hops.map((h) => h.status)).toEqual([200]);
    expect(before.body).toContain('Enrolment team');

    await proxy.refuse();
    proxy.cutAll();
    await expectUnavailablePage('/admin?tab=1', cookie);
    await expectUnavailablePage('/', cookie);
    // A client-side navigation gets the same 503, which makes the browser load the page whole.
    const rsc = await fetch(`${app.url}/worksites`, { headers: { cookie, rsc: '1' }, redirect: 'manual' });
    expect(rsc.status).toBe(503);
    await expectUnavailableForm(cookie, nurse.id);
    const health = await fetch(`${app.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'down', database: 'unreachable' });

    await proxy.restore();
    await expectSignedInAgain(staff.id, cookie);
    const status = await direct.query(`SELECT status::text FROM "Person" WHERE id = $1`, [nurse.id]);
    expect(status.rows[0].status).toBe('ACTIVE');
  });

  it('cut while the session is read: a 503, then signed in as before', async () => {
    const { staff, cookie } = await signedInTeamMember();
    const cut = proxy.cutOn({ text: 'cc_session', forward: false }); // the session read's statement name
    await expectUnavailablePage('/profile', cookie);
    await cut;
    await expectSignedInAgain(staff.id, cookie);
  });

  it('hung: the page and the form each answer within 5 s; signed in afterwards', async () => {
    const { staff, cookie } = await signedInTeamMember();
    const nurse = await ensurePerson(db(), { givenName: 'Nell' });
    expect((await browse('/admin', cookie)).res.status).toBe(200);

    proxy.freeze();
    let started = monotonic();
    await expectUnavailablePage('/admin', cookie);
    expect(monotonic() - started).toBeLessThan(5000);
    started = monotonic();
    await expectUnavailableForm(cookie, nurse.id);
    expect(monotonic() - started).toBeLessThan(5000);

    await proxy.restore();
    await expectSignedInAgain(staff.id, cookie);
  });
});
