import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';

export type RequestContext = { requestId: string; ip: string | null; userAgent: string | null };

/**
 * What an audited write records about the request. Optional: the same services run from the
 * command line and jobs, where there is no request and the audit row stores null. Actions always
 * pass `requestContext()`.
 */
export type AuditContext = Partial<Pick<RequestContext, 'requestId' | 'ip'>>;

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
