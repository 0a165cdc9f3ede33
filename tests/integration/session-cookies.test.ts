// The cookies a production deployment (https) sets through a whole sign-in: every one is
// __Host- prefixed (Secure, Path=/, no Domain: no other host can plant or overwrite it), HttpOnly
// and SameSite=Lax. The environment module is read once per test file, so production is set here
// before the app's first request.
import '../support/next-als';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authOptions, sessionCookieName } from '@/server/auth/options';
import { startOidcProvider, type RunningOidcProvider } from '../../dev/oidc/provider';
import { appRequest, CookieJar, signIn, type App } from '../support/auth-flow';
import { now } from '../support/clock';
import { PRODUCTION_ENV } from '../support/production-env';

const pick = <T extends object, K extends keyof T>(o: T, keys: K[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

const app: App = { baseUrl: 'https://portal.careconnect.example' };
const client = {
  clientId: 'portal-under-test',
  clientSecret: 'portal-under-test-secret',
  redirectUris: [`${app.baseUrl}/api/auth/callback/bcsc`],
};
let op: RunningOidcProvider;
const saved = { NODE_ENV: process.env.NODE_ENV };

beforeAll(async () => {
  op = await startOidcProvider({ port: 0, clients: [client], log: () => {} });
  Object.assign(process.env, {
    // Secrets and mail settings a production start requires; the rest is this test's own.
    ...pick(PRODUCTION_ENV, ['PRIVACY_COURSE_WEBHOOK_SECRET', 'AUDIT_SIGNING_KEY', 'SMTP_HOST', 'SMTP_PORT', 'MAIL_FROM', 'TEAM_MAILBOX']),
    NODE_ENV: 'production',
    APP_URL: app.baseUrl,
    NEXTAUTH_URL: app.baseUrl,
    AUTH_SECRET: 'production-like-secret-for-cookie-tests-0123456789',
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.clientSecret,
  });
});

afterAll(async () => {
  Object.assign(process.env, saved);
  await op?.close();
});

type Cookie = { name: string; value: string; attrs: Map<string, string> };

function parse(line: string): Cookie {
  const [pair, ...rest] = line.split(';');
  const eq = pair!.indexOf('=');
  const attrs = new Map<string, string>();
  for (const a of rest) {
    const [k, ...v] = a.trim().split('=');
    attrs.set(k!.toLowerCase(), v.join('='));
  }
  return { name: pair!.slice(0, eq).trim(), value: pair!.slice(eq + 1).trim(), attrs };
}

function expectHardened(c: Cookie) {
  expect(c.name, c.name).toMatch(/^__Host-/);
  expect(c.attrs.has('secure'), `${c.name} Secure`).toBe(true);
  expect(c.attrs.has('httponly'), `${c.name} HttpOnly`).toBe(true);
  expect(c.attrs.get('samesite')?.toLowerCase(), `${c.name} SameSite`).toBe('lax');
  expect(c.attrs.get('path'), `${c.name} Path`).toBe('/');
  expect(c.attrs.has('domain'), `${c.name} has no Domain`).toBe(false);
}

describe('production cookies', () => {
  it('the configuration asks for secure cookies over https', () => {
    const opts = authOptions();
    expect(opts.useSecureCookies).toBe(true);
    // The portal reads the session from the cookie next-auth sets (session-cookie.ts).
    expect(sessionCookieName()).toBe(opts.cookies?.sessionToken?.name);
    expect(Object.keys(opts.cookies ?? {}).sort()).toEqual(
      ['callbackUrl', 'csrfToken', 'nonce', 'pkceCodeVerifier', 'sessionToken', 'state'],
    );
    for (const [name, c] of Object.entries(opts.cookies ?? {})) {
      expect(c.name, name).toMatch(/^__Host-/);
      expect(c.options).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
    }
  });

  it('every cookie set through a whole sign-in is __Host-, Secure, HttpOnly and SameSite=Lax', async () => {
    const jar: CookieJar = await signIn(app, 'physician');
    const set = jar.setCookieLines.map(parse);
    const names = new Set(set.map((c) => c.name));
    // The anti-forgery token, where to go back to, the sign-in checks and the session itself.
    for (const expected of [
      '__Host-next-auth.csrf-token',
      '__Host-next-auth.callback-url',
      '__Host-next-auth.state',
      '__Host-next-auth.pkce.code_verifier',
      '__Host-next-auth.nonce',
      '__Host-next-auth.session-token',
    ]) {
      expect(names, expected).toContain(expected);
    }
    for (const c of set) expectHardened(c);

    const session = set.find((c) => c.name === '__Host-next-auth.session-token' && c.value)!;
    // Ends with the absolute session limit at the latest (12 hours).
    const expires = Date.parse(session.attrs.get('expires') ?? '');
    expect(expires - now().getTime()).toBeLessThanOrEqual(12 * 3600_000 + 60_000);

    // And the session works with the hardened names.
    const res = await appRequest(app, jar, '/api/auth/session');
    expect(((await res.json()) as { user?: { name?: string } }).user?.name).toMatch(/Priya/);
  });
});
