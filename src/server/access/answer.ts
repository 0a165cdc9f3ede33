import 'server-only';
import { randomUUID } from 'node:crypto';
import { NO_STORE, serviceCaller } from '../api-keys/route-guard';
import { log } from '../log';
import { checkAccessQuery } from './schema';
import { checkAccess } from './service';

// GET /api/v1/access, whichever server receives it: the portal's route handler or the access
// API's own process (server.ts, decision 026). Only the request's headers and query matter.

export type AccessRequest = { headers: Pick<Headers, 'get'>; searchParams: URLSearchParams };
/** A JSON answer, sent as it is by either server. */
export type AccessAnswer = { status: number; headers: Record<string, string>; body: unknown };

const fromResponse = async (r: Response): Promise<AccessAnswer> => ({
  status: r.status,
  headers: Object.fromEntries([...r.headers].filter(([k]) => k !== 'content-type')),
  body: await r.json(),
});

export async function answerAccess(request: AccessRequest, now: Date): Promise<AccessAnswer> {
  const requestId = request.headers.get('x-request-id') ?? randomUUID();
  const ip =
    request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ||
    request.headers.get('x-real-ip') ||
    null;
  try {
    const caller = await serviceCaller(request, 'careconnect-access', now);
    if (caller instanceof Response) return await fromResponse(caller);
    const { key, headers } = caller;
    const query = checkAccessQuery(request.searchParams);
    if (!query.ok) {
      const body = {
        error: 'invalid_request',
        message: 'Check the query parameters.',
        fieldErrors: query.fieldErrors,
      };
      return { status: 400, headers, body };
    }
    const { subject, worksite, location } = query.values;
    const outcome = await checkAccess({
      apiKey: key,
      subject,
      worksite,
      location,
      requestId,
      ip,
      now,
    });
    return { status: outcome.status, headers, body: outcome.body };
  } catch (error) {
    // Includes an audit write that failed: the decision is not given without its record.
    log.error('access decision failed', { requestId, error });
    return { status: 503, headers: NO_STORE, body: { error: 'temporarily_unavailable' } };
  }
}
