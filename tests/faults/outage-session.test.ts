// The database refuses (restarting), drops the connection that checks the session (cut), or stops
// answering (hung) while someone is signed in. Checking who is signed in must say "unavailable",
// never "signed out": a page is sent back to its own address, which the proxy answers with 503;
// a form gets the plain message with a reference that is in the log; the session row stays open;
// and the first request after the database returns is signed in as before. Real time here.
import '../support/next-als';
import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { isRedirectError } from 'next/dist/client/components/redirect-error.js';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { proxy as pageProxy } from '@/proxy';
import { UNAVAILABLE_MESSAGE } from '@/lib/unavailable';
import { careConnectAdapter } from '@/server/auth/adapter';
import { currentPerson } from '@/server/auth/session';
import { db } from '@/server/db';
import { databaseKnownDown } from '@/server/outage';
import { OUTAGE_RETURN_HEADER } from '@/server/outage-state';
import { suspendPersonAction } from '@/server/people/team-actions';
import { ensurePerson } from '../factories/people';
import { monotonic, now } from '../support/clock';
import { captureLog } from '../support/log-capture';
import { runInRequest } from '../support/next-request';
import { startTcpProxy, until, type TcpProxy } from '../support/tcp-proxy';

const APP = 'http://localhost:3000';
const direct = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
let proxy: TcpProxy;

beforeAll(async () => {
  // The app reaches PostgreSQL only through the proxy; assertions read it directly.
  const url = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  process.env.DATABASE_URL = url.toString();
});

afterEach(async () => {
  await proxy.restore();
  // The next test starts with a database this instance knows to be back.
  await until('the outage to be over', () => !databaseKnownDown(), 30_000, 100);
});

afterAll(async () => {
  await proxy?.close();
  await direct.end();
});

/** A team member with a real session row, as next-auth's adapter writes it at sign-in. */
async function signedInTeamMember() {
  const staff = await ensurePerson(db(), { givenName: 'Tess', staffRoles: ['ENROLMENT_TEAM'] });
  const token = randomBytes(32).toString('hex');
  await careConnectAdapter().createSession!({ sessionToken: token, userId: staff.id, expires: now() });
  return { staff, cookie: `next-auth.session-token=${token}` };
}

/** A page render asking who is signed in, in a request the proxy marked as a page. */
const page = (cookie: string, path = '/admin/people?q=x') =>
  runInRequest(new Request(`${APP}${path}`, { headers: { cookie, [OUTAGE_RETURN_HEADER]: path } }), () => currentPerson());

/** A server action as the browser posts it. */
const suspend = (cookie: string, personId: string) =>
  runInRequest(new Request(`${APP}/admin/people/${personId}`, { method: 'POST', headers: { cookie, 'next-action': 'suspendPersonAction' } }), () =>
    suspendPersonAction({ personId, reason: 'Licence under review by the college.' }),
  );

/** The page's request, sent back to its own address: what the proxy answers now. */
const proxied = (path = '/admin/people?q=x', cookie = '') => pageProxy(new NextRequest(`${APP}${path}`, { headers: { cookie } }));

async function sessionRows(personId: string) {
  const r = await direct.query(`SELECT "endedAt", "endedReason" FROM "Session" WHERE "personId" = $1`, [personId]);
  return r.rows as { endedAt: Date | null; endedReason: string | null }[];
}
const personStatus = async (id: string) => (await direct.query(`SELECT status::text FROM "Person" WHERE id = $1`, [id])).rows[0].status as string;

/** What a page render during the outage did: it sent the browser back to the same address. */
async function expectSentBack(render: Promise<unknown>, path: string) {
  const e = await render.then(
    () => null,
    (x: unknown) => x,
  );
  expect(isRedirectError(e)).toBe(true);
  expect((e as { digest: string }).digest).toBe(`NEXT_REDIRECT;replace;${path};307;`);
}

async function expectUnavailableForm(run: Promise<unknown>) {
  const log = captureLog();
  const result = await run.finally(() => log.stop());
  expect(result).toEqual({ ok: false, code: 'UNAVAILABLE', formError: UNAVAILABLE_MESSAGE, correlationId: expect.stringMatching(/^[0-9A-F]{8}$/) });
  const { correlationId } = result as { correlationId: string };
  // The reference leads to the cause in the log; none of the driver's words reach the person.
  expect(log.find('action unavailable: database unreachable')).toEqual([
    expect.objectContaining({ action: 'suspendPerson', correlationId, error: expect.objectContaining({ message: expect.any(String) }) }),
  ]);
  expect(JSON.stringify(result)).not.toMatch(/ECONN[A-Z]|[Tt]erminated|[Tt]imeout|Prisma|\bpg\b/);
}

/** After the outage: the very next page is signed in as before, and the session row was never ended. */
async function expectStillSignedIn(staffId: string, cookie: string) {
  await until('the outage to be over', () => !databaseKnownDown(), 30_000, 100);
  expect(await page(cookie)).toMatchObject({ id: staffId });
  expect(await sessionRows(staffId)).toEqual([{ endedAt: null, endedReason: null }]);
  expect(proxied().status).toBe(200);
}

describe('checking who is signed in while the database is away', () => {
  it('restarting (connections refused): pages get a 503, forms the plain message; nobody is signed out', async () => {
    const { staff, cookie } = await signedInTeamMember();
    const nurse = await ensurePerson(db(), { givenName: 'Nora' });
    expect(await page(cookie)).toMatchObject({ id: staff.id });

    await proxy.refuse();
    proxy.cutAll();
    await expectSentBack(page(cookie), '/admin/people?q=x');
    // Sent back, the page is answered by the proxy: a real 503 with the plain message.
    const res = proxied('/admin/people?q=x', cookie);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain(UNAVAILABLE_MESSAGE);
    await expectUnavailableForm(suspend(cookie, nurse.id));
    // The health check still says so, for load balancers.
    expect((await health()).status).toBe(503);

    await proxy.restore();
    await expectStillSignedIn(staff.id, cookie);
    expect(await personStatus(nurse.id)).toBe('ACTIVE');
    // The same form now works, once.
    expect(await suspend(cookie, nurse.id)).toMatchObject({ ok: true, data: { status: 'SUSPENDED' } });
  });

  it('cut while the session is being read: the same, and the database itself was fine', async () => {
    const { staff, cookie } = await signedInTeamMember();
    const cut = proxy.cutOn({ text: 'cc_session', forward: false }); // the session read's statement name
    await expectSentBack(page(cookie, '/'), '/');
    await cut;
    expect(proxied('/').status).toBe(503);
    // The outage lasts only until the database answers a probe again.
    await expectStillSignedIn(staff.id, cookie);
  });

  it('hung (accepts, never answers, open connections included): answers within 5 s, signed in afterwards', async () => {
    const { staff, cookie } = await signedInTeamMember();
    const nurse = await ensurePerson(db(), { givenName: 'Nell' });
    expect(await page(cookie)).toMatchObject({ id: staff.id }); // the pool holds open connections

    proxy.freeze();
    let started = monotonic();
    await expectSentBack(page(cookie), '/admin/people?q=x');
    expect(monotonic() - started).toBeLessThan(5000);
    expect(proxied().status).toBe(503);

    // A form posted meanwhile does not wait for the database again.
    started = monotonic();
    await expectUnavailableForm(suspend(cookie, nurse.id));
    expect(monotonic() - started).toBeLessThan(5000);

    await proxy.restore();
    await expectStillSignedIn(staff.id, cookie);
    expect(await personStatus(nurse.id)).toBe('ACTIVE');
  });

  it('a hung database noticed by a form first: the form answers within 5 s', async () => {
    const { staff, cookie } = await signedInTeamMember();
    const nurse = await ensurePerson(db(), { givenName: 'Nina' });
    proxy.freeze();
    const started = monotonic();
    await expectUnavailableForm(suspend(cookie, nurse.id));
    expect(monotonic() - started).toBeLessThan(5000);
    await proxy.restore();
    await expectStillSignedIn(staff.id, cookie);
  });
});
