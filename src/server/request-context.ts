import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';

export type RequestContext = { requestId: string; ip: string | null; userAgent: string | null };

/** Request id (set by the proxy on every request) and client address, for logs and audit. */
export async function requestContext(): Promise<RequestContext> {
  try {
    const h = await headers();
    return {
      requestId: h.get('x-request-id') ?? randomUUID(),
      ip: h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip') || null,
      userAgent: h.get('user-agent'),
    };
  } catch {
    // Outside a request (CLI, worker, tests).
    return { requestId: randomUUID(), ip: null, userAgent: null };
  }
}
