import { type NextRequest, NextResponse } from 'next/server';
import { newReference, unavailableHtml } from '@/lib/unavailable';
import { log } from '@/server/log';
import { currentOutage, OUTAGE_RETURN_HEADER } from '@/server/outage-state';

// Runs on every request: a request id for logs and audit, and a per-request CSP nonce
// (Next streams inline scripts; a nonce avoids 'unsafe-inline' for scripts).
const safeId = (v: string | null) => (v && /^[A-Za-z0-9._-]{8,64}$/.test(v) ? v : null);

const FILE_CSP = "default-src 'none'; sandbox";

function pageCsp(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Page requests (documents, client navigations, prefetches) are answered 503 here while the
 * database is known to be unreachable: a page cannot set its own status. Route handlers and
 * server actions answer for themselves (JSON, or the form's message).
 */
function isPageRequest(request: NextRequest): boolean {
  const path = request.nextUrl.pathname;
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !request.headers.has('next-action') &&
    !path.startsWith('/api/') &&
    !/\.[A-Za-z0-9]+$/.test(path) // icons and other files
  );
}

/** Where to send a page back to (this same address, without Next's `_rsc` cache buster). */
function returnAddress(request: NextRequest): string {
  const url = request.nextUrl.clone();
  url.searchParams.delete('_rsc');
  const path = url.pathname + url.search;
  // Never "//host" or "/\\host": a browser would read either as another site.
  return /^\/[/\\]/.test(path) ? '/' : path;
}

function unavailable(request: NextRequest, requestId: string): NextResponse {
  const outage = currentOutage()!;
  const reference = newReference();
  log.error('page unavailable: database unreachable', {
    reference,
    requestId,
    path: request.nextUrl.pathname,
    outage: { reference: outage.reference, detail: outage.detail, forMs: Math.round(performance.now() - outage.since) },
  });
  return new NextResponse(request.method === 'HEAD' ? null : unavailableHtml({ reference, retryHref: returnAddress(request) }), {
    status: 503,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Retry-After': '120',
    },
  });
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const requestId = safeId(request.headers.get('x-request-id')) ?? crypto.randomUUID();
  const dev = process.env.NODE_ENV !== 'production';
  // Downloads of uploaded files must never run as a page, whatever they contain.
  const csp = request.nextUrl.pathname.startsWith('/api/files/') ? FILE_CSP : pageCsp(nonce, dev);

  const reqHeaders = new Headers(request.headers);
  reqHeaders.set('x-nonce', nonce);
  reqHeaders.set('x-request-id', requestId);
  reqHeaders.set('x-pathname', request.nextUrl.pathname + request.nextUrl.search);
  reqHeaders.set('Content-Security-Policy', csp);
  // Only this proxy says which requests it guards; a client's own header is dropped.
  reqHeaders.delete(OUTAGE_RETURN_HEADER);
  const page = isPageRequest(request);
  if (page) reqHeaders.set(OUTAGE_RETURN_HEADER, returnAddress(request));

  const res = page && currentOutage() ? unavailable(request, requestId) : NextResponse.next({ request: { headers: reqHeaders } });
  res.headers.set('Content-Security-Policy', csp);
  res.headers.set('X-Request-Id', requestId);
  // Decided per request, not at build time: only a response actually served over https
  // (directly or behind a TLS-terminating proxy) may pin browsers to https.
  const https = request.nextUrl.protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  if (https && !dev) res.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return res;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico).*)' }],
};
