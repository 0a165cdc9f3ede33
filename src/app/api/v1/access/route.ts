import { randomUUID } from 'node:crypto';
import { checkAccess } from '@/server/access/service';
import { checkAccessQuery } from '@/server/access/schema';
import { NO_STORE, serviceCaller } from '@/server/api-keys/route-guard';
import { log } from '@/server/log';
import { clock } from '@/lib/clock';

export const dynamic = 'force-dynamic';

// May this person open CareConnect here now (SPEC §11)? Called by the viewer and EMRs with an
// API key. Only GET is exported, so other methods get 405. Decisions are never cached.

export async function GET(request: Request): Promise<Response> {
  const now = clock.now();
  const requestId = request.headers.get('x-request-id') ?? randomUUID();
  const ip = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || null;
  try {
    const caller = await serviceCaller(request, 'careconnect-access', now);
    if (caller instanceof Response) return caller;
    const { key, headers } = caller;
    const query = checkAccessQuery(new URL(request.url).searchParams);
    if (!query.ok) {
      return Response.json(
        { error: 'invalid_request', message: 'Check the query parameters.', fieldErrors: query.fieldErrors },
        { status: 400, headers },
      );
    }
    const { subject, worksite, location } = query.values;
    const outcome = await checkAccess({ apiKey: key, subject, worksite, location, requestId, ip, now });
    return Response.json(outcome.body, { status: outcome.status, headers });
  } catch (error) {
    log.error('access decision failed', { requestId, error });
    return Response.json({ error: 'temporarily_unavailable' }, { status: 503, headers: NO_STORE });
  }
}
