import 'server-only';
import { Prisma } from '@/generated/prisma/client';
import { ageTone, businessAge, type AgeTone } from '@/lib/business-days';
import { db } from '../db';
import { QUEUE_SOURCES, QUEUE_TYPES, WAITING_TYPES, queueParts, type QueueType } from './list-rules';
import { requireCapability } from '../authz/guard';
import { partFrom, type StaffCaller } from './queue-queries';
import { clock } from '@/lib/clock';

// The team dashboard (SPEC §10): how many items wait in each queue and how long the oldest has
// waited, in BC business days; and the same for the items assigned to the viewer.

export type QueueCount = { count: number; oldestAt: Date | null; oldestDays: number | null; oldestTone: AgeTone };
export type Dashboard = {
  queues: ({ type: QueueType; label: string } & QueueCount)[];
  assignedToMe: QueueCount;
};

const empty = (): QueueCount => ({ count: 0, oldestAt: null, oldestDays: null, oldestTone: 'normal' });

/**
 * One statement: a count and a min per (type, status) part, each answered from the part's
 * (status, since, id) index; "mine" parts use the assignedToId indexes. Exported for EXPLAIN.
 */
export function dashboardSql(callerId: string): Prisma.Sql {
  const parts = queueParts({ type: 'all', status: 'open' });
  const select = (scope: 'all' | 'mine') =>
    parts.map(({ type, status }) => {
      const since = Prisma.raw(`t."${QUEUE_SOURCES[type].since}"`);
      const extra = scope === 'mine' ? [Prisma.sql`t."assignedToId" = ${callerId}::uuid`] : [];
      return Prisma.sql`SELECT ${scope}::text AS scope, ${type}::text AS type, count(*)::int AS n, min(${since}) AS oldest
        ${partFrom(type, status, extra)}`;
    });
  return Prisma.join([...select('all'), ...select('mine')], ' UNION ALL ', '', '');
}

export async function dashboardCounts(caller: StaffCaller | null, now: Date = clock.now()): Promise<Dashboard> {
  requireCapability(caller, 'team.queue.read');
  const rows = await db().$queryRaw<{ scope: 'all' | 'mine'; type: QueueType; n: number; oldest: Date | null }[]>(dashboardSql(caller.id));

  const byType = new Map<QueueType, QueueCount>(QUEUE_TYPES.map((t) => [t, empty()]));
  const mine = empty();
  for (const r of rows) {
    const into = r.scope === 'all' ? byType.get(r.type)! : mine;
    into.count += Number(r.n);
    if (r.oldest && (!into.oldestAt || r.oldest < into.oldestAt)) into.oldestAt = r.oldest;
  }
  const aged = (q: QueueCount): QueueCount => {
    const days = q.oldestAt ? businessAge(q.oldestAt, now) : null;
    return { ...q, oldestDays: days, oldestTone: ageTone(days ?? 0) };
  };
  return {
    queues: WAITING_TYPES.map((type) => ({ type, label: QUEUE_SOURCES[type].label, ...aged(byType.get(type)!) })),
    assignedToMe: aged(mine),
  };
}
