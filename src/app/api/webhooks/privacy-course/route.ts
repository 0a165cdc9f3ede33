import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER } from '@/lib/hmac';
import { log } from '@/server/log';
import { readBodyLimited } from '@/server/privacy-course/raw-body';
import { recordCompletionFromWebhook, WEBHOOK_MAX_BYTES } from '@/server/privacy-course/service';
import { clock } from '@/lib/clock';

export const dynamic = 'force-dynamic';

// The learning platform reports privacy-course completions here (SPEC §7 step 3). Only POST is
// exported, so other methods get 405. The logic lives in the service; this only adapts HTTP.
export async function POST(request: Request): Promise<Response> {
  const headers = { 'Cache-Control': 'no-store' };
  const rawBody = await readBodyLimited(request, WEBHOOK_MAX_BYTES);
  if (rawBody === null) return Response.json({ error: 'payload_too_large' }, { status: 413, headers });
  const ctx = {
    requestId: request.headers.get('x-request-id') ?? randomUUID(),
    ip: request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || null,
  };
  try {
    const outcome = await recordCompletionFromWebhook(rawBody, request.headers.get(SIGNATURE_HEADER), clock.now(), ctx);
    return Response.json(outcome.body, { status: outcome.status, headers });
  } catch (error) {
    // Nothing was recorded (one transaction); 503 tells the platform to deliver again later.
    log.error('privacy-course webhook failed', { requestId: ctx.requestId, error });
    return Response.json({ error: 'temporarily_unavailable' }, { status: 503, headers });
  }
}
