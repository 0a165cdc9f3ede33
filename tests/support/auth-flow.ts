// Signs in through next-auth's real route handler and the local BC Services Card stand-in, step
// by step as a browser would, so tests can tamper with any step (state, nonce, code, issuer).
import './next-als';
import { GET, POST } from '@/app/api/auth/[...nextauth]/route';
import { callRoute, runInRequest } from './next-request';
import { now } from './clock';

/** A browser's cookie store for one site, keeping the raw Set-Cookie lines for inspection. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  readonly setCookieLines: string[] = [];

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        const key = k?.toLowerCase();
        return (
          (key === 'expires' && Date.parse(v ?? '') <= now().getTime()) || (key === 'max-age' && Number(v) <= 0)
        );
      });
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  clone(): CookieJar {
    const c = new CookieJar();
    for (const [k, v] of this.cookies) c.cookies.set(k, v);
    return c;
  }
}

export type App = { baseUrl: string };

/** One request to /api/auth/* through the app's route handler. */
export async function appRequest(
  app: App,
  jar: CookieJar,
  path: string,
  init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {},
): Promise<Response> {
  const url = new URL(path, app.baseUrl);
  const headers = new Headers({ accept: 'text/html', 'user-agent': 'auth-flow-test' });
  if (jar.header()) headers.set('cookie', jar.header());
  const method = init.method ?? 'GET';
  let body: string | undefined;
  if (init.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(init.form).toString();
  }
  const segments = url.pathname.replace(/^\/api\/auth\//, '').split('/');
  const req = new Request(url, { method, headers, body });
  const res = await callRoute(method === 'GET' ? GET : POST, req, { nextauth: segments });
  jar.store(res);
  return res;
}

async function browse(jar: CookieJar, url: URL, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (jar.header()) headers.set('cookie', jar.header());
  const res = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(res);
  return res;
}

const locationOf = (res: Response, base: string) => {
  const loc = res.headers.get('location');
  if (!loc) throw new Error(`expected a redirect, got ${res.status}`);
  return new URL(loc, base);
};

/** Asks the app to start a sign-in; returns where it sends the browser (the provider). */
export async function startSignIn(app: App, jar: CookieJar, callbackUrl = '/'): Promise<URL> {
  const csrf = await appRequest(app, jar, '/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await appRequest(app, jar, '/api/auth/signin/bcsc', {
    method: 'POST',
    form: { csrfToken, callbackUrl: new URL(callbackUrl, app.baseUrl).href },
  });
  if (res.status !== 302) throw new Error(`sign-in did not redirect (${res.status})`);
  return locationOf(res, app.baseUrl);
}

/** Completes the provider's sign-in page as a preset person; returns the app callback URL. */
export async function signInAtProvider(authUrl: URL, presetKey: string): Promise<URL> {
  const jar = new CookieJar();
  const origin = authUrl.origin;
  let res = await browse(jar, authUrl);
  const interaction = locationOf(res, origin);
  await browse(jar, interaction);
  res = await browse(jar, new URL(`${interaction.pathname}/preset`, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key: presetKey }).toString(),
  });
  for (let hops = 0; hops < 6; hops++) {
    const next = locationOf(res, origin);
    if (next.origin !== origin) return next;
    res = await browse(jar, next);
  }
  throw new Error('the provider never sent the browser back');
}

/** Delivers the provider's answer to the app's callback. */
export async function callback(app: App, jar: CookieJar, callbackUrl: URL): Promise<Response> {
  return appRequest(app, jar, `${callbackUrl.pathname}${callbackUrl.search}`);
}

/** Signs a preset person in end to end; returns the browser's cookies for the app. */
export async function signIn(app: App, presetKey: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const back = await signInAtProvider(await startSignIn(app, jar), presetKey);
  const res = await callback(app, jar, back);
  const to = new URL(res.headers.get('location') ?? '', app.baseUrl);
  if (to.pathname.startsWith('/sign-in')) throw new Error(`sign-in refused: ${to.href}`);
  return jar;
}

/** Runs server code (a page's or an action's) as a request from this browser. */
export function asBrowser<T>(app: App, jar: CookieJar, fn: () => Promise<T>, path = '/'): Promise<T> {
  const headers = new Headers({ 'user-agent': 'auth-flow-test', 'x-request-id': 'test-request' });
  if (jar.header()) headers.set('cookie', jar.header());
  return runInRequest(new Request(new URL(path, app.baseUrl), { headers }), fn);
}
