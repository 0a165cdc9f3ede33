// Runs an App Router route handler the way Next.js does for one request: inside the request's
// async storage, so next/headers (headers(), cookies()) and everything built on it — next-auth's
// route handler and getServerSession, our request context — read this request.
import './next-als';
import { NextRequest } from 'next/server';
import { workAsyncStorage } from 'next/dist/server/app-render/work-async-storage.external.js';
import { workUnitAsyncStorage } from 'next/dist/server/app-render/work-unit-async-storage.external.js';
import { createRequestStoreForAPI } from 'next/dist/server/async-storage/request-store.js';

type Handler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

export function runInRequest<T>(req: Request, fn: () => Promise<T>): Promise<T> {
  const url = new URL(req.url);
  const requestStore = createRequestStoreForAPI(
    { headers: req.headers } as never,
    { pathname: url.pathname, search: url.search },
    { tags: [], expirationsByCacheKind: new Map() } as never,
    undefined,
    undefined as never,
    undefined,
  );
  const workStore = {
    page: url.pathname,
    route: url.pathname,
    forceStatic: false,
    dynamicShouldError: false,
    isStaticGeneration: false,
    // revalidatePath() only records tags on the store; nothing is cached in tests.
    incrementalCache: {},
  } as never;
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, fn));
}

export function callRoute<P>(handler: Handler<P>, req: Request, params: P): Promise<Response> {
  const next = req instanceof NextRequest ? req : new NextRequest(req);
  return runInRequest(next, () => handler(next, { params: Promise.resolve(params) }));
}
