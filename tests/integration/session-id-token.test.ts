// Forged id_tokens: a man in the middle of the token response (or a broken provider) hands
// next-auth an id_token it must not trust. An interposer between the app and the local BC
// Services Card stand-in rewrites the token endpoint's answer; every forgery is refused and
// logged, and no session or person is created — in particular not the team lead's.
import '../support/next-als';
import { createHash, createHmac, createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/server/db';
import { startOidcProvider, type RunningOidcProvider } from '../../dev/oidc/provider';
import { presetIdentities } from '../../dev/oidc/identities';
import { callback, CookieJar, signInAtProvider, startSignIn, type App } from '../support/auth-flow';
import { captureLog } from '../support/log-capture';

const app: App = { baseUrl: 'http://localhost:3000' };
const client = {
  clientId: 'portal-under-test',
  clientSecret: 'portal-under-test-secret',
  redirectUris: [`${app.baseUrl}/api/auth/callback/bcsc`],
};
// Another application registered with the same provider, whose tokens must not open ours.
const otherApp = {
  clientId: 'another-relying-party',
  clientSecret: 'another-relying-party-secret',
  redirectUris: ['http://localhost:3999/callback'],
};
let op: RunningOidcProvider;
let interposer: http.Server;
let tamper: ((idToken: string) => string | Promise<string>) | null = null;
let logged: ReturnType<typeof captureLog>;

const b64 = (v: object | Buffer) => Buffer.from(Buffer.isBuffer(v) ? v : JSON.stringify(v)).toString('base64url');
const parts = (jwt: string) => {
  const [h, p] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>,
    signature: jwt.split('.')[2]!,
  };
};

/** Serves discovery (pointing the token endpoint at itself) and the token endpoint, forwarding
 * both to the provider and rewriting the id_token on the way back. */
async function startInterposer(): Promise<string> {
  let base = '';
  interposer = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(new URL(req.url!, op.issuer), {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length'].includes(k))) as Record<string, string>,
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    const body = (await upstream.json()) as Record<string, unknown>;
    if (req.url!.startsWith('/.well-known/')) body.token_endpoint = `${base}/token`;
    if (req.url === '/token' && typeof body.id_token === 'string' && tamper) body.id_token = await tamper(body.id_token);
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => interposer.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(interposer.address() as AddressInfo).port}`;
  return base;
}

beforeAll(async () => {
  op = await startOidcProvider({ port: 0, clients: [client, otherApp], log: () => {} });
  const via = await startInterposer();
  Object.assign(process.env, {
    // Discovery comes from the interposer; the issuer inside it is still the provider's.
    OIDC_ISSUER: via,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.clientSecret,
    APP_URL: app.baseUrl,
    NEXTAUTH_URL: app.baseUrl,
  });
});

afterAll(async () => {
  await new Promise<void>((r) => interposer?.close(() => r()));
  await op?.close();
});

beforeEach(() => {
  tamper = null;
  logged = captureLog();
});
afterEach(() => logged.stop());

const team = presetIdentities.find((p) => p.key === 'team')!;

async function signInWith(forge: typeof tamper) {
  tamper = forge;
  const jar = new CookieJar();
  const back = await signInAtProvider(await startSignIn(app, jar, '/dashboard'), 'physician');
  const before = { sessions: await db().session.count(), people: await db().person.count() };
  const res = await callback(app, jar, back);
  return { jar, res, before };
}

async function expectRefused(forge: NonNullable<typeof tamper>, reason: RegExp) {
  const { jar, res, before } = await signInWith(forge);
  expect(res.status).toBe(302);
  expect(new URL(res.headers.get('location')!).pathname).toBe('/api/auth/error');
  expect([...jar.cookies.keys()].some((k) => k.includes('session-token'))).toBe(false);
  expect(await db().session.count()).toBe(before.sessions);
  expect(await db().person.count()).toBe(before.people);
  expect(await db().loginAccount.count({ where: { subject: team.sub } })).toBe(0);
  const line = logged.find('auth error').find((l) => reason.test(JSON.stringify(l.metadata ?? {})));
  expect(line, `an "auth error" log line matching ${reason}`).toMatchObject({ code: 'OAUTH_CALLBACK_ERROR' });
}

describe('forged id_tokens are refused', () => {
  it('the untouched path works through the interposer (so the refusals below are the forgeries)', async () => {
    const { res, jar } = await signInWith(null);
    expect(res.headers.get('location')).toBe(`${app.baseUrl}/dashboard`);
    expect(jar.cookies.has('next-auth.session-token')).toBe(true);
  });

  it('claims changed to another person (the team lead), original signature kept', async () => {
    await expectRefused((t) => {
      const { header, payload, signature } = parts(t);
      return `${b64(header)}.${b64({ ...payload, sub: team.sub, given_name: team.given_name })}.${signature}`;
    }, /failed to validate JWT signature/);
  });

  it("a genuine id_token issued to another application (the team lead's, with our nonce)", async () => {
    await expectRefused(async (t) => {
      // The attacker runs their own sign-in at the provider for another client, with our nonce.
      const verifier = randomBytes(32).toString('base64url');
      const auth = new URL('/auth', op.issuer);
      for (const [k, v] of Object.entries({
        client_id: otherApp.clientId,
        redirect_uri: otherApp.redirectUris[0]!,
        response_type: 'code',
        scope: 'openid profile email',
        state: randomUUID(),
        nonce: String(parts(t).payload.nonce),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }))
        auth.searchParams.set(k, v);
      const code = (await signInAtProvider(auth, 'team')).searchParams.get('code')!;
      const token = await fetch(new URL('/token', op.issuer), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${otherApp.clientId}:${otherApp.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: otherApp.redirectUris[0]!, code_verifier: verifier }),
      });
      const issued = ((await token.json()) as { id_token: string }).id_token;
      expect(parts(issued).payload).toMatchObject({ aud: otherApp.clientId, sub: team.sub });
      return issued;
    }, /aud mismatch/);
  });

  it('an unsigned token (alg "none")', async () => {
    await expectRefused((t) => {
      const { payload } = parts(t);
      return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...payload, sub: team.sub })}.`;
    }, /expected RS256, got: none/);
  });

  it('signed with a key the provider never published', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectRefused((t) => {
      const { header, payload } = parts(t);
      const input = `${b64({ ...header, kid: randomUUID() })}.${b64({ ...payload, sub: team.sub })}`;
      const sig = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
      return `${input}.${sig}`;
    }, /no valid key found in issuer's jwks_uri/);
  });

  it('HS256 "signed" with the provider\'s public key as the secret (algorithm confusion)', async () => {
    const jwks = (await (await fetch(new URL('/jwks', op.issuer))).json()) as { keys: object[] };
    await expectRefused((t) => {
      const { payload } = parts(t);
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...payload, sub: team.sub })}`;
      const sig = createHmac('sha256', JSON.stringify(jwks.keys[0])).update(input).digest('base64url');
      return `${input}.${sig}`;
    }, /expected RS256, got: HS256/);
  });
});
