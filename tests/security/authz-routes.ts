// The requests the authorization matrix sends to each route handler, and how an HTTP answer
// maps onto a matrix outcome.
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external';
import { createRequestStoreForAPI } from 'next/dist/server/async-storage/request-store';
import { createWorkStore } from 'next/dist/server/async-storage/work-store';
import { NextRequest } from 'next/server';
import { db } from '@/server/db';
import { submitDeclaration } from '@/server/declarations/service';
import { validDeclaration } from '../factories/declarations';
import type { World } from './authz-scenarios';
import { VIEWER_ROUTE_SCENARIOS } from './authz-scenarios-viewer';
import { now } from '../support/clock';

export type RouteTarget = {
  path: string;
  method?: string;
  body?: string;
  contentType?: string;
  params?: Record<string, unknown>;
  /** next-auth reads next/headers itself: run it inside a request scope as Next.js would. */
  inRequestScope?: boolean;
};
type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, unknown>> },
) => Promise<Response>;

const ctx = { requestId: 'authz-matrix', ip: null, userAgent: null };

export const ROUTE_SCENARIOS: Record<string, (w: World) => Promise<RouteTarget>> = {
  ...VIEWER_ROUTE_SCENARIOS,
  'src/app/api/v1/access/route.ts GET': async (w) => {
    const account = await db().loginAccount.findFirstOrThrow({
      where: { personId: w.p.authorizer.id },
    });
    return {
      path: `/api/v1/access?subject=${encodeURIComponent(account.subject)}&worksite=${w.ws.worksiteCode}&location=onsite`,
    };
  },
  'src/app/api/files/[id]/route.ts GET': async (w) => {
    await db().worksite.update({
      where: { id: w.ws.id },
      data: { status: 'AWAITING_DECLARATION' },
    });
    const { input, upload } = await validDeclaration(db(), { worksiteId: w.ws.id });
    await submitDeclaration(w.p.siteAdmin.id, input, upload, ctx);
    const d = await db().declaration.findFirstOrThrow({ where: { worksiteId: w.ws.id } });
    return { path: `/api/files/${d.antivirusFileId}`, params: { id: d.antivirusFileId } };
  },
  'src/app/api/admin/export/route.ts GET': async () => ({ path: '/api/admin/export?list=queue' }),
  'src/app/api/health/route.ts GET': async () => ({ path: '/api/health' }),
  'src/app/api/v1/access/ping/route.ts GET': async () => ({ path: '/api/v1/access/ping' }),
  'src/app/api/webhooks/privacy-course/route.ts POST': async (w) => {
    const account = await db().loginAccount.findFirstOrThrow({
      where: { personId: w.p.member.id },
    });
    const body = JSON.stringify({
      eventId: `evt-${w.ws.id}`,
      subject: account.subject,
      completedAt: now().toISOString(),
      course: 'careconnect-privacy',
    });
    return { path: '/api/webhooks/privacy-course', method: 'POST', body };
  },
  'src/app/api/auth/[...nextauth]/route.ts GET': async () => ({
    path: '/api/auth/providers',
    params: { nextauth: ['providers'] },
    inRequestScope: true,
  }),
  'src/app/api/auth/[...nextauth]/route.ts POST': async () => ({
    path: '/api/auth/_log',
    method: 'POST',
    body: 'level=debug&code=AUTHZ_MATRIX',
    contentType: 'application/x-www-form-urlencoded',
    params: { nextauth: ['_log'] },
    inRequestScope: true,
  }),
};

/** Next.js's own request stores, so next/headers inside a dependency reads this request. */
function inRequestScope<T>(req: NextRequest, fn: () => Promise<T>): Promise<T> {
  const workStore = createWorkStore({
    page: '/api/auth/[...nextauth]/route',
    renderOpts: { experimental: {} },
    isPrefetchRequest: false,
    buildId: 'test',
    previouslyRevalidatedTags: [],
  } as never);
  const requestStore = createRequestStoreForAPI(
    req as never,
    { pathname: req.nextUrl.pathname, search: req.nextUrl.search } as never,
    { tags: [], expirationsByCacheKind: new Map() } as never,
    undefined,
    undefined as never,
    undefined,
  );
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn));
}

const STATUS: Record<number, string> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
};

export async function callRoute(
  handler: Handler,
  t: RouteTarget,
  creds: { cookie?: string; authorization?: string },
): Promise<string> {
  const headers = new Headers({ 'content-type': t.contentType ?? 'application/json' });
  if (creds.cookie) headers.set('cookie', creds.cookie);
  if (creds.authorization) headers.set('authorization', creds.authorization);
  const req = new NextRequest(`http://localhost:3000${t.path}`, {
    method: t.method ?? 'GET',
    headers,
    body: t.body,
  });
  try {
    const run = () => handler(req, { params: Promise.resolve(t.params ?? {}) });
    const res = t.inRequestScope ? await inRequestScope(req, run) : await run();
    const text = await res.text(); // read to the end: streamed answers finish their work
    if (res.status >= 200 && res.status < 300) return 'allowed';
    return STATUS[res.status] ?? `HTTP ${res.status}: ${text.slice(0, 200)}`;
  } catch (e) {
    return `threw: ${(e as Error).message}`;
  }
}
