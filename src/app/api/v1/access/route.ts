import { randomUUID } from 'node:crypto';
import { checkAccess } from '@/server/access/service';
import { ACCESS_RATE_LIMIT, hitRateLimit } from '@/server/access/rate-limit';
import { verifyApiKey } from '@/server/api-keys/service';
import { db } from '@/server/db';
import { log } from '@/server/log';
import { clock } from '@/lib/clock';

export const dynamic = 'force-dynamic';

// May this person open CareConnect here now (SPEC §11)? Called by the viewer and EMRs with an
// API key. Only GET is exported, so other methods get 405. Decisions are never cached.
const NO_STORE = { 'Cache-Control': 'no-store' };

function rawKey(request: Request): string | null {
  const auth = request.headers.get('authorization');
  const bearer = auth?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer ?? request.headers.get('x-api-key')?.trim() ?? null;
}

export async function GET(request: Request): Promise<Response> {
  const now = clock.now();
  const requestId = request.headers.get('x-request-id') ?? randomUUID();
  const ip = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || null;
  try {
    const key = await verifyApiKey(rawKey(request), now);
    if (!key) {
      return Response.json(
        { error: 'invalid_api_key' },
        { status: 401, headers: { ...NO_STORE, 'WWW-Authenticate': 'Bearer realm="careconnect-access"' } },
      );
    }
    const rate = await hitRateLimit(db(), `access:${key.id}`, now);
    const limitHeaders = {
      'X-RateLimit-Limit': String(ACCESS_RATE_LIMIT.limit),
      'X-RateLimit-Remaining': String(Math.max(0, rate.limit - rate.count)),
    };
    if (!rate.allowed) {
      return Response.json(
        { error: 'rate_limited', retryAfterSeconds: rate.retryAfterSeconds },
        { status: 429, headers: { ...NO_STORE, ...limitHeaders, 'Retry-After': String(rate.retryAfterSeconds) } },
      );
    }
    const { subject, worksite, location, ...extra } = Object.fromEntries(new URL(request.url).searchParams);
    const outcome = await checkAccess({ apiKey: key, subject, worksite, location, extra, requestId, ip, now });
    return Response.json(outcome.body, { status: outcome.status, headers: { ...NO_STORE, ...limitHeaders } });
  } catch (error) {
    log.error('access decision failed', { requestId, error });
    return Response.json({ error: 'temporarily_unavailable' }, { status: 503, headers: NO_STORE });
  }
}
