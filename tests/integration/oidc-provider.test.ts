// Drives the local BC Services Card stand-in over HTTP exactly as a browser and next-auth would.
import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetIdentities, subjectFor } from '../../dev/oidc/identities';
import { startOidcProvider, type OidcLogEntry } from '../../dev/oidc/provider';
import { now } from '../support/clock';

const client = {
  clientId: 'test-portal',
  clientSecret: 'test-secret',
  redirectUris: ['http://localhost:3999/api/auth/callback/bcsc'],
};
const redirectUri = client.redirectUris[0]!;

let op: { issuer: string; close(): Promise<void> };
const logs: OidcLogEntry[] = [];

beforeAll(async () => {
  op = await startOidcProvider({ port: 0, clients: [client], log: (e) => logs.push(e) });
});

afterAll(async () => {
  await op?.close();
});

/** A browser's cookie handling, reduced to what this flow needs: one jar per user agent. */
class CookieJar {
  private cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        return k?.toLowerCase() === 'expires' && Date.parse(v ?? '') <= now().getTime();
      });
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

async function send(jar: CookieJar, url: string | URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie) headers.set('cookie', cookie);
  headers.set('accept', 'text/html');
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(res);
  return res;
}

function location(res: Response): URL {
  const loc = res.headers.get('location');
  expect(loc, `expected a redirect, got ${res.status}`).toBeTruthy();
  return new URL(loc!, op.issuer);
}

const b64url = (buf: Buffer) => buf.toString('base64url');

function authParams(overrides: Record<string, string | undefined> = {}) {
  const verifier = b64url(randomBytes(32));
  const params: Record<string, string | undefined> = {
    client_id: client.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile email',
    state: b64url(randomBytes(16)),
    nonce: b64url(randomBytes(16)),
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    ...overrides,
  };
  const url = new URL('/auth', op.issuer);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return { url, verifier, state: params.state!, nonce: params.nonce! };
}

/** Starts an authorization request and lands on the sign-in page. */
async function startSignIn(jar: CookieJar) {
  const auth = authParams();
  const res = await send(jar, auth.url);
  expect(res.status).toBe(303);
  const interaction = location(res);
  expect(interaction.pathname).toMatch(/^\/interaction\/[\w-]+$/);
  const page = await send(jar, interaction);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('BC Services Card — local test sign-in');
  return { ...auth, interaction, html };
}

function postForm(jar: CookieJar, url: URL, form: Record<string, string>) {
  return send(jar, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** Follows the provider's redirects until the browser would leave for the client. */
async function followToClient(jar: CookieJar, res: Response): Promise<URLSearchParams> {
  for (let hops = 0; hops < 5; hops++) {
    expect([302, 303]).toContain(res.status);
    const next = location(res);
    if (next.href.startsWith(redirectUri)) return next.searchParams;
    expect(next.origin).toBe(op.issuer);
    res = await send(jar, next);
  }
  throw new Error('too many redirects');
}

async function exchange(code: string, verifier: string, auth: 'basic' | 'post' = 'basic') {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
    body.set('client_secret', client.clientSecret);
  }
  const res = await fetch(new URL('/token', op.issuer), { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Verifies the RS256 signature against the published keys, as openid-client does. */
async function verifiedIdTokenClaims(idToken: unknown): Promise<Record<string, unknown>> {
  expect(typeof idToken).toBe('string');
  const [h, p, s] = (idToken as string).split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as {
    alg: string;
    kid: string;
  };
  expect(header.alg).toBe('RS256');
  const jwks = (await (await fetch(new URL('/jwks', op.issuer))).json()) as {
    keys: (JsonWebKey & { kid: string })[];
  };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  expect(jwk, 'signing key published in the JWKS').toBeDefined();
  expect(jwk).not.toHaveProperty('d');
  const key = createPublicKey({ key: jwk!, format: 'jwk' });
  expect(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s!, 'base64url'))).toBe(
    true,
  );
  return JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
}

const newIdentity = {
  given_name: 'Grace',
  family_name: 'Hopper-Test',
  birthdate: '1986-12-09',
  email: 'grace.hopper@example.com',
  identity_assurance_level: '2',
};

describe('local BC Services Card stand-in', () => {
  it('publishes discovery with the localhost issuer, PKCE S256 and the profile claims', async () => {
    expect(op.issuer).toMatch(/^http:\/\/localhost:\d+$/);
    expect(op.issuer).not.toBe('http://localhost:0');
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(op.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.scopes_supported).toEqual(['openid', 'profile', 'email']);
    expect(meta.claims_supported).toContain('identity_assurance_level');
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
    );
  });

  it('signs in a new identity through the form and issues its claims in the id_token', async () => {
    const jar = new CookieJar();
    const flow = await startSignIn(jar);
    const res = await postForm(
      jar,
      new URL(`${flow.interaction.pathname}/new`, op.issuer),
      newIdentity,
    );

    const callback = await followToClient(jar, res);
    expect(callback.get('error')).toBeNull();
    expect(callback.get('state')).toBe(flow.state);
    expect(callback.get('iss')).toBe(op.issuer);
    const code = callback.get('code');
    expect(code).toBeTruthy();

    const token = await exchange(code!, flow.verifier);
    expect(token.status).toBe(200);
    const claims = await verifiedIdTokenClaims(token.json.id_token);
    const sub = subjectFor(newIdentity);
    expect(sub).toMatch(/^bcsc-[0-9a-f]{24}$/);
    expect(claims).toMatchObject({
      iss: op.issuer,
      aud: client.clientId,
      sub,
      given_name: 'Grace',
      family_name: 'Hopper-Test',
      birthdate: '1986-12-09',
      email: 'grace.hopper@example.com',
      identity_assurance_level: 2,
      nonce: flow.nonce,
    });
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: 'oidc.sign_in', sub, identity_assurance_level: 2 }),
    );
  });

  it('gives the same subject to the same details whatever their case or assurance level', () => {
    const again = {
      given_name: 'GRACE',
      family_name: 'hopper-test',
      birthdate: '1986-12-09',
      email: 'Grace.Hopper@Example.com',
    };
    expect(subjectFor(again)).toBe(subjectFor(newIdentity));
    expect(subjectFor({ ...again, birthdate: '1986-12-10' })).not.toBe(subjectFor(newIdentity));
  });

  it('refuses an authorization request without a code_challenge', async () => {
    const jar = new CookieJar();
    const auth = authParams({ code_challenge: undefined, code_challenge_method: undefined });
    const res = await send(jar, auth.url);
    const back = location(res);
    expect(back.href.startsWith(redirectUri)).toBe(true);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(back.searchParams.get('state')).toBe(auth.state);
    expect(back.searchParams.get('code')).toBeNull();
    expect(logs).toContainEqual(
      expect.objectContaining({ msg: 'oidc.refused', event: 'authorization.error' }),
    );
  });

  it('refuses a wrong code_verifier at the token endpoint', async () => {
    const jar = new CookieJar();
    const flow = await startSignIn(jar);
    const res = await postForm(jar, new URL(`${flow.interaction.pathname}/preset`, op.issuer), {
      key: 'rn',
    });
    const code = (await followToClient(jar, res)).get('code')!;
    const wrong = await exchange(code, b64url(randomBytes(32)));
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toBe('invalid_grant');
    expect(wrong.json).not.toHaveProperty('id_token');
  });

  it('refuses a replayed authorization code', async () => {
    const jar = new CookieJar();
    const flow = await startSignIn(jar);
    const res = await postForm(jar, new URL(`${flow.interaction.pathname}/preset`, op.issuer), {
      key: 'np',
    });
    const code = (await followToClient(jar, res)).get('code')!;
    expect((await exchange(code, flow.verifier)).status).toBe(200);
    const replay = await exchange(code, flow.verifier);
    expect(replay.status).toBe(400);
    expect(replay.json.error).toBe('invalid_grant');
  });

  it('signs in a preset, and lets the same browser switch to another preset next time', async () => {
    const jar = new CookieJar();
    for (const key of ['physician', 'low'] as const) {
      const preset = presetIdentities.find((p) => p.key === key)!;
      const flow = await startSignIn(jar);
      expect(flow.html).toContain(`Sign in as ${preset.given_name} ${preset.family_name}`);
      const res = await postForm(jar, new URL(`${flow.interaction.pathname}/preset`, op.issuer), {
        key,
      });
      const callback = await followToClient(jar, res);
      expect(callback.get('state')).toBe(flow.state);
      const token = await exchange(callback.get('code')!, flow.verifier, 'post');
      expect(token.status).toBe(200);
      const claims = await verifiedIdTokenClaims(token.json.id_token);
      expect(claims).toMatchObject({
        sub: preset.sub,
        given_name: preset.given_name,
        family_name: preset.family_name,
        identity_assurance_level: preset.identity_assurance_level,
        nonce: flow.nonce,
      });
    }
    expect(presetIdentities.find((p) => p.key === 'low')!.identity_assurance_level).toBe(1);
  });

  it('re-renders the form with errors and kept values when the family name is missing', async () => {
    const jar = new CookieJar();
    const flow = await startSignIn(jar);
    const action = new URL(`${flow.interaction.pathname}/new`, op.issuer);
    const res = await postForm(jar, action, {
      ...newIdentity,
      given_name: 'Zoë <b>bold</b>',
      family_name: '  ',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Enter a family name');
    expect(html).toMatch(
      /<input id="family_name"[^>]*aria-invalid="true"[^>]*aria-describedby="family_name-error"/,
    );
    expect(html).toContain('id="family_name-error"');
    expect(html).not.toMatch(/<input id="given_name"[^>]*aria-invalid/);
    expect(html).toContain('value="Zoë &lt;b&gt;bold&lt;/b&gt;"');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toMatch(/<option value="2" selected>/);

    // The same sign-in can still be completed once the form is corrected.
    const fixed = await postForm(jar, action, newIdentity);
    const callback = await followToClient(jar, fixed);
    expect(callback.get('state')).toBe(flow.state);
    expect(callback.get('code')).toBeTruthy();
  });

  it('rejects a birthdate that is not a real past date and a malformed email', async () => {
    const jar = new CookieJar();
    const flow = await startSignIn(jar);
    const action = new URL(`${flow.interaction.pathname}/new`, op.issuer);
    const cases: [Record<string, string>, string][] = [
      [{ birthdate: '2001-02-30' }, 'Enter a real date'],
      [{ birthdate: '2999-01-01' }, 'Birthdate must be in the past'],
      [{ email: 'not-an-email' }, 'Enter an email address in the correct format'],
    ];
    for (const [change, message] of cases) {
      const res = await postForm(jar, action, { ...newIdentity, ...change });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
  });

  it('returns access_denied to the client when the person cancels', async () => {
    const jar = new CookieJar();
    const flow = await startSignIn(jar);
    expect(flow.html).toMatch(/<a href="\/interaction\/[\w-]+\/abort">Cancel<\/a>/);
    const res = await send(jar, new URL(`${flow.interaction.pathname}/abort`, op.issuer));
    const callback = await followToClient(jar, res);
    expect(callback.get('error')).toBe('access_denied');
    expect(callback.get('state')).toBe(flow.state);
    expect(callback.get('code')).toBeNull();
  });
});
