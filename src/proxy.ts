import { type NextRequest, NextResponse } from 'next/server';

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

  const res = NextResponse.next({ request: { headers: reqHeaders } });
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
