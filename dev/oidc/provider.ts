import { generateKeyPair, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import Provider, { type Account, type KoaContextWithOIDC } from 'oidc-provider';
import { findPreset, presetIdentities, subjectFor, type Identity } from './identities';
import {
  renderErrorPage,
  renderSignInPage,
  validateNewIdentity,
  type FieldErrors,
  type NewIdentityValues,
} from './pages';

export interface OidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface OidcLogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: unknown;
}

export interface StartOptions {
  port: number;
  clients: OidcClient[];
  /** Defaults to JSON lines (errors on stderr, the rest on stdout). */
  log?: (entry: OidcLogEntry) => void;
}

export interface RunningOidcProvider {
  issuer: string;
  close(): Promise<void>;
}

const claimsByScope = {
  openid: ['sub'],
  profile: ['given_name', 'family_name', 'birthdate', 'identity_assurance_level'],
  email: ['email'],
};

const refusalEvents = [
  'authorization.error',
  'grant.error',
  'userinfo.error',
  'end_session.error',
  'end_session_confirm.error',
];

const MAX_FORM_BYTES = 16 * 1024;

function writeJsonLine(entry: OidcLogEntry) {
  const line = `${JSON.stringify({ t: new Date().toISOString(), ...entry })}\n`;
  (entry.level === 'error' ? process.stderr : process.stdout).write(line);
}

function claimsOf(identity: Identity): Account['claims'] {
  return () => ({
    sub: identity.sub,
    given_name: identity.given_name,
    family_name: identity.family_name,
    birthdate: identity.birthdate,
    email: identity.email,
    identity_assurance_level: identity.identity_assurance_level,
  });
}

async function signingKey(): Promise<object> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

// "localhost" may resolve to either loopback address, so both are served on one port.
async function listenOnLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
): Promise<{ port: number; servers: Server[] }> {
  for (let attempt = 0; ; attempt++) {
    const v4 = createServer(handler);
    const actual = await listenOn(v4, port, '127.0.0.1');
    const v6 = createServer(handler);
    try {
      await listenOn(v6, actual, '::1');
      return { port: actual, servers: [v4, v6] };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')
        return { port: actual, servers: [v4] };
      await closeServer(v4);
      // With a random port, the IPv6 twin may be taken by someone else: pick another port.
      if (code !== 'EADDRINUSE' || port !== 0 || attempt >= 5) throw err;
    }
  }
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/x-www-form-urlencoded')) {
      reject(new RequestError(415, 'The form must be sent as application/x-www-form-urlencoded.'));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new RequestError(413, 'The form is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

/**
 * Every authorization request must show the sign-in page so that identities can be switched
 * between sign-ins (the portal signing out does not end a session here). Dropping the session
 * cookie makes each request start without a single sign-on session.
 */
function dropSessionCookie(req: IncomingMessage) {
  const header = req.headers.cookie;
  if (!header) return;
  const kept = header
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c && !/^_session(\.sig|\.legacy|\.legacy\.sig)?=/.test(c));
  if (kept.length) req.headers.cookie = kept.join('; ');
  else delete req.headers.cookie;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type Accounts = Map<string, Identity>;
type Log = (entry: OidcLogEntry) => void;

async function createProvider(
  issuer: string,
  clients: OidcClient[],
  accounts: Accounts,
  log: Log,
): Promise<Provider> {
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    })),
    jwks: { keys: [await signingKey()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: Object.keys(claimsByScope),
    claims: claimsByScope,
    // Without this the profile and email claims go to userinfo only, never into the id_token.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    // A client registered for basic may also use post; oidc-provider treats them as one family.
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    pkce: { required: () => true },
    // Seconds. Sessions and grants only need to outlive the code exchange of one sign-in.
    ttl: {
      AuthorizationCode: 60,
      Interaction: 30 * 60,
      Session: 60 * 60,
      Grant: 60 * 60,
      AccessToken: 60 * 60,
      IdToken: 60 * 60,
    },
    features: { devInteractions: { enabled: false } },
    async findAccount(_ctx, sub) {
      const identity = accounts.get(sub);
      return identity && { accountId: sub, claims: claimsOf(identity) };
    },
    // There is nothing to consent to in a stand-in: grant whatever was asked for.
    async loadExistingGrant(ctx) {
      const { client, session, provider: op } = ctx.oidc;
      if (!client || !session.accountId) return undefined;
      const grant = new op.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = renderErrorPage('The sign-in request was refused.', {
        error: out.error,
        description: out.error_description,
      });
    },
  });

  for (const event of refusalEvents) {
    provider.on(event, (ctx: KoaContextWithOIDC, err: unknown) => {
      const e = err as { error?: string; error_description?: string; error_detail?: string };
      log({
        level: 'warn',
        msg: 'oidc.refused',
        event,
        client_id: ctx.oidc?.client?.clientId,
        error: e.error,
        error_description: e.error_description,
        detail: e.error_detail,
      });
    });
  }
  provider.on('server_error', (ctx: KoaContextWithOIDC, err: unknown) => {
    log({ level: 'error', msg: 'oidc.server_error', path: ctx.path, error: String(err) });
  });
  return provider;
}

/** The sign-in page and its three actions: preset, new identity, cancel. */
async function handleInteraction(
  provider: Provider,
  accounts: Accounts,
  log: Log,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
  action: string | undefined,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    throw new RequestError(400, 'This page does not belong to the sign-in in progress.');
  }
  if (details.prompt.name !== 'login') {
    throw new RequestError(400, `Unexpected interaction prompt: ${details.prompt.name}.`);
  }
  const clientId = String(details.params.client_id ?? '');
  const page = (form?: { values: NewIdentityValues; errors: FieldErrors }) =>
    renderSignInPage({ uid, clientId, presets: presetIdentities, ...form });
  const allow = (...methods: string[]) => {
    if (!methods.includes(req.method ?? '')) throw new RequestError(405, 'Method not allowed.');
  };

  if (action === undefined) {
    allow('GET', 'HEAD');
    return sendHtml(res, 200, page());
  }
  if (action === 'abort') {
    allow('GET');
    log({ level: 'info', msg: 'oidc.sign_in_cancelled', client_id: clientId });
    return provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'End-User aborted interaction' },
      { mergeWithLastSubmission: false },
    );
  }
  allow('POST');
  const form = await readForm(req);

  let identity: Identity;
  let preset: string | null = null;
  if (action === 'preset') {
    const found = findPreset(form.get('key') ?? '');
    if (!found) throw new RequestError(400, 'Unknown test identity.');
    identity = accounts.get(found.sub)!;
    preset = found.key;
  } else {
    const result = validateNewIdentity(form);
    if (!result.ok) {
      log({ level: 'info', msg: 'oidc.form_invalid', fields: Object.keys(result.errors) });
      return sendHtml(res, 400, page({ values: result.values, errors: result.errors }));
    }
    identity = { sub: subjectFor(result.identity), ...result.identity };
    accounts.set(identity.sub, identity);
  }

  log({
    level: 'info',
    msg: 'oidc.sign_in',
    sub: identity.sub,
    identity_assurance_level: identity.identity_assurance_level,
    preset,
    client_id: clientId,
  });
  return provider.interactionFinished(
    req,
    res,
    { login: { accountId: identity.sub } },
    { mergeWithLastSubmission: false },
  );
}

export async function startOidcProvider(opts: StartOptions): Promise<RunningOidcProvider> {
  const log = opts.log ?? writeJsonLine;
  const accounts: Accounts = new Map(
    presetIdentities.map((p): [string, Identity] => [
      p.sub,
      {
        sub: p.sub,
        given_name: p.given_name,
        family_name: p.family_name,
        birthdate: p.birthdate,
        email: p.email,
        identity_assurance_level: p.identity_assurance_level,
      },
    ]),
  );

  // The issuer names the real port, which is known only once listening.
  let dispatch: Handler = (_req, res) =>
    sendHtml(res, 503, renderErrorPage('The local sign-in service is starting.'));
  const { port, servers } = await listenOnLoopback((req, res) => dispatch(req, res), opts.port);
  const issuer = `http://localhost:${port}`;

  let provider: Provider;
  try {
    provider = await createProvider(issuer, opts.clients, accounts, log);
  } catch (err) {
    await Promise.all(servers.map(closeServer));
    throw err;
  }
  const providerCallback = provider.callback();

  dispatch = (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const m = /^\/interaction\/([\w-]+)(?:\/(preset|new|abort))?$/.exec(path);
    let work: Promise<void>;
    if (m) {
      work = handleInteraction(provider, accounts, log, req, res, m[1]!, m[2]);
    } else {
      dropSessionCookie(req);
      work = providerCallback(req, res);
    }
    work.catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof RequestError) {
        return sendHtml(res, err.status, renderErrorPage(err.message));
      }
      if (err instanceof Error && err.name === 'SessionNotFound') {
        log({ level: 'warn', msg: 'oidc.interaction_expired', path });
        return sendHtml(
          res,
          400,
          renderErrorPage('This sign-in has expired or was already completed.', {
            reason: err.message,
          }),
        );
      }
      log({ level: 'error', msg: 'oidc.interaction_failed', path, error: String(err) });
      sendHtml(res, 500, renderErrorPage('Something went wrong in the local sign-in service.'));
    });
  };

  return {
    issuer,
    close: async () => {
      await Promise.all(servers.map(closeServer));
    },
  };
}
