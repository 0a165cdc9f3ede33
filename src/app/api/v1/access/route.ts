import { answerAccess } from '@/server/access/answer';
import { clock } from '@/lib/clock';

export const dynamic = 'force-dynamic';

// May this person open CareConnect here now (SPEC §11)? Called by the viewer and EMRs with an
// API key. Only GET is exported, so other methods get 405. Decisions are never cached. The same
// answer is served by the access API's own process (src/server/access/server.ts, decision 026).

export async function GET(request: Request): Promise<Response> {
  const a = await answerAccess(
    { headers: request.headers, searchParams: new URL(request.url).searchParams },
    clock.now(),
  );
  return Response.json(a.body, { status: a.status, headers: a.headers });
}
