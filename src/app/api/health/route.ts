import { oldestUnsealedSeconds } from '@/server/audit-sealer';
import { db } from '@/server/db';
import { log } from '@/server/log';
import { outboxBacklog } from '@/server/outbox/worker';

export const dynamic = 'force-dynamic';

// For load balancers and operators: is the database reachable, is email flowing?
export async function GET() {
  const headers = { 'Cache-Control': 'no-store' };
  try {
    await db().$queryRaw`SELECT 1`;
  } catch (e) {
    log.error('health: database unreachable', { error: e });
    return Response.json({ status: 'down', database: 'unreachable' }, { status: 503, headers });
  }
  const [outbox, unsealed] = await Promise.all([outboxBacklog(), oldestUnsealedSeconds()]);
  // Committed audit rows should be chained within a second or two; longer means no sealer runs.
  const status = outbox.dead > 0 || unsealed > 10 ? 'degraded' : 'ok';
  return Response.json({ status, database: 'ok', outbox, audit: { oldestUnsealedSeconds: unsealed } }, { status: 200, headers });
}
