// Sign-in callbacks an attacker could forge or replay, through next-auth's real route handler and
// the local BC Services Card stand-in: each is refused, logged, and leaves no session behind.
import '../support/next-als';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import SignInPage from '@/app/(public)/sign-in/page';
import { db } from '@/server/db';
import { startOidcProvider, type RunningOidcProvider } from '../../dev/oidc/provider';
import {
  appRequest,
  callback,
  CookieJar,
  signInAtProvider,
  startSignIn,
  type App,
} from '../support/auth-flow';
import { captureLog, type LogLine } from '../support/log-capture';

const app: App = { baseUrl: 'http://localhost:3000' };
const client = {
  clientId: 'portal-under-test',
  clientSecret: 'portal-under-test-secret',
  redirectUris: [`${app.baseUrl}/api/auth/callback/bcsc`],
};
let op: RunningOidcProvider;
let other: RunningOidcProvider; // a second provider with the same client: the wrong issuer
let logged: ReturnType<typeof captureLog>;

beforeAll(async () => {
  const quiet = () => {};
  op = await startOidcProvider({ port: 0, clients: [client], log: quiet });
  other = await startOidcProvider({ port: 0, clients: [client], log: quiet });
  // Read once by the app's environment module, on the first request.
  Object.assign(process.env, {
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.clientSecret,
    APP_URL: app.baseUrl,
    NEXTAUTH_URL: app.baseUrl,
  });
});

afterAll(async () => {
  await op?.close();
  await other?.close();
});

beforeEach(() => {
  logged = captureLog();
});
afterEach(() => logged.stop());

const sessions = () => db().session.count();
const people = () => db().person.count();

/** A sign-in started by the app and completed at the provider, not yet called back. */
async function pendingSignIn(preset = 'physician') {
  const jar = new CookieJar();
  const authUrl = await startSignIn(app, jar, '/dashboard');
  expect(authUrl.origin).toBe(op.issuer);
  const back = await signInAtProvider(authUrl, preset);
  expect(back.pathname).toBe('/api/auth/callback/bcsc');
  return { jar, authUrl, back };
}

/** The callback was refused: an error page, no session cookie, a logged reason. */
async function expectRefused(res: Response, jar: CookieJar, reason: RegExp): Promise<LogLine> {
  // next-auth's own routes pass the browser on (error → signin) until it reaches our pages.
  let to = new URL(res.headers.get('location') ?? '', app.baseUrl);
  for (let hops = 0; hops < 4 && to.pathname.startsWith('/api/auth/'); hops++) {
    expect(res.status).toBe(302);
    res = await appRequest(app, jar, `${to.pathname}${to.search}`);
    to = new URL(res.headers.get('location') ?? '', app.baseUrl);
  }
  expect(to.pathname).toBe('/sign-in');
  expect(to.searchParams.get('error')).toBe('OAuthCallback');
  // …which shows why: the sign-in page hands the error on to the error page.
  await expect(
    SignInPage({ searchParams: Promise.resolve({ error: 'OAuthCallback' }) }),
  ).rejects.toMatchObject({ digest: expect.stringContaining('/sign-in/error?error=OAuthCallback') });
  expect([...jar.cookies.keys()].some((k) => k.includes('session-token'))).toBe(false);
  const line = logged
    .find('auth error')
    .find((l) => JSON.stringify(l.metadata ?? {}).match(reason));
  expect(line, `an "auth error" log line matching ${reason}`).toBeDefined();
  expect(line).toMatchObject({ level: 'error', code: 'OAUTH_CALLBACK_ERROR' });
  return line!;
}

describe('sign-in callback', () => {
  it('completes a genuine sign-in: one session row and a session cookie', async () => {
    const before = await sessions();
    const { jar, back } = await pendingSignIn();
    const res = await callback(app, jar, back);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${app.baseUrl}/dashboard`);
    expect(jar.cookies.has('next-auth.session-token')).toBe(true);
    expect(await sessions()).toBe(before + 1);
    const session = await appRequest(app, jar, '/api/auth/session');
    expect(((await session.json()) as { user?: { name?: string } }).user?.name).toMatch(/Priya/);
  });
});

describe('forged and replayed callbacks are refused and logged', () => {
  const withParams = (u: URL, change: (p: URLSearchParams) => void) => {
    const copy = new URL(u);
    change(copy.searchParams);
    return copy;
  };

  it('a callback without its state parameter', async () => {
    const { jar, back } = await pendingSignIn();
    const before = await sessions();
    const res = await callback(app, jar, withParams(back, (p) => p.delete('state')));
    await expectRefused(res, jar, /state missing from the response/);
    expect(await sessions()).toBe(before);
  });

  it('a callback whose state does not match the one this browser was given', async () => {
    const { jar, back } = await pendingSignIn();
    const before = await sessions();
    const res = await callback(app, jar, withParams(back, (p) => p.set('state', 'forged-state')));
    await expectRefused(res, jar, /state mismatch/);
    expect(await sessions()).toBe(before);
  });

  it("a callback in a browser that never started this sign-in (no state cookie: login CSRF)", async () => {
    const { jar, back } = await pendingSignIn();
    jar.cookies.delete('next-auth.state');
    const before = await sessions();
    const res = await callback(app, jar, back);
    await expectRefused(res, jar, /State cookie was missing/);
    expect(await sessions()).toBe(before);
  });

  it('an id_token whose nonce belongs to another sign-in', async () => {
    const a = await pendingSignIn();
    const b = await pendingSignIn();
    b.jar.cookies.set('next-auth.nonce', a.jar.cookies.get('next-auth.nonce')!);
    const before = await sessions();
    const res = await callback(app, b.jar, b.back);
    await expectRefused(res, b.jar, /nonce mismatch/);
    expect(await sessions()).toBe(before);
  });

  it('a replayed authorization code, even with the original cookies', async () => {
    const { jar, back } = await pendingSignIn();
    const captured = jar.clone(); // what an attacker who saw the first request holds
    const before = await sessions();
    expect((await callback(app, jar, back)).headers.get('location')).toBe(`${app.baseUrl}/dashboard`);
    expect(await sessions()).toBe(before + 1);

    const res = await callback(app, captured, back);
    await expectRefused(res, captured, /invalid_grant/);
    expect(await sessions()).toBe(before + 1);
  });

  it('an answer from another issuer (mix-up): a code and iss from a provider we did not ask', async () => {
    const jar = new CookieJar();
    const authUrl = await startSignIn(app, jar, '/dashboard');
    // The browser is steered to another provider with the same request.
    const elsewhere = new URL(`${authUrl.pathname}${authUrl.search}`, other.issuer);
    const back = await signInAtProvider(elsewhere, 'physician');
    expect(back.searchParams.get('iss')).toBe(other.issuer);
    const [beforeSessions, beforePeople] = [await sessions(), await people()];
    const res = await callback(app, jar, back);
    await expectRefused(res, jar, /iss mismatch/);
    expect(await sessions()).toBe(beforeSessions);
    expect(await people()).toBe(beforePeople);
  });

  it("a genuine code delivered with another issuer's name", async () => {
    const { jar, back } = await pendingSignIn();
    const before = await sessions();
    const res = await callback(app, jar, withParams(back, (p) => p.set('iss', other.issuer)));
    await expectRefused(res, jar, /iss mismatch/);
    expect(await sessions()).toBe(before);
  });
});
