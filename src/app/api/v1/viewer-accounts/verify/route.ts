import { randomUUID } from 'node:crypto';
import { clock } from '@/lib/clock';
import { NO_STORE, serviceCaller } from '@/server/api-keys/route-guard';
import { log } from '@/server/log';
import { verifyViewerSignIn } from '@/server/viewer-accounts/verify';

export const dynamic = 'force-dynamic';

// May this username and password sign in to the CareConnect eHealth Viewer now (SPEC §14)?
// Called by the viewer with an API key; docs/api/viewer-accounts.md. Only POST is exported, so
// other methods get 405. Answers are never cached.
// A username and a password fit in far less; anything bigger is not a sign-in.
const MAX_BODY_BYTES = 4096;

const invalid = (message: string, status = 400) =>
  Response.json({ error: 'invalid_request', message, fieldErrors: {} }, { status, headers: NO_STORE });

/** The body as JSON, or the answer to send instead. */
async function readJson(request: Request): Promise<{ body: unknown } | { error: Response }> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? ''))
    return { error: invalid('Send the body as application/json.', 415) };
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) return { error: invalid('The body is too large.', 413) };
  try {
    return { body: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { error: invalid('The body is not valid JSON.') };
  }
}

export async function POST(request: Request): Promise<Response> {
  const now = clock.now();
  const requestId = request.headers.get('x-request-id') ?? randomUUID();
  const ip = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.headers.get('x-real-ip') || null;
  try {
    const caller = await serviceCaller(request, 'careconnect-viewer-accounts', now);
    if (caller instanceof Response) return caller;
    const read = await readJson(request);
    if ('error' in read) return read.error;
    const outcome = await verifyViewerSignIn({ apiKey: caller.key, body: read.body, requestId, ip, now });
    return Response.json(outcome.body, { status: outcome.status, headers: caller.headers });
  } catch (error) {
    log.error('viewer sign-in check failed', { requestId, error });
    return Response.json({ error: 'temporarily_unavailable' }, { status: 503, headers: NO_STORE });
  }
}
