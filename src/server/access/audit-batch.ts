import 'server-only';
import { auditRow, type AuditInput } from '../audit';
import { clock } from '@/lib/clock';
import { pool } from '../db';

// Group commit for the access API's audit rows (decision 026): calls answered in the same turn
// of the event loop share ONE multi-row INSERT (its own commit). Up to two writes are in flight:
// a call arriving during a write starts the next at once instead of waiting a whole commit (the
// disk flush) for its turn, and PostgreSQL flushes concurrent commits together.
// A call is answered only after the write holding its row committed; when a write fails, every
// call in it fails and none of their rows exists (a statement is atomic).

export type GroupCommit<T> = {
  /** Resolves once `item` is committed; rejects with the write's error. */
  add(item: T): Promise<void>;
  /** Writes so far and their sizes, for tests and the benchmark. */
  stats(): { writes: number; items: number; largest: number };
};

type Waiting<T> = { item: T; resolve: () => void; reject: (e: unknown) => void };

export function createGroupCommit<T>(
  write: (items: T[]) => Promise<void>,
  maxBatch = 500,
  maxInFlight = 2,
): GroupCommit<T> {
  let queue: Waiting<T>[] = [];
  let inFlight = 0;
  let scheduled = false;
  const totals = { writes: 0, items: 0, largest: 0 };

  async function flush() {
    scheduled = false;
    if (inFlight >= maxInFlight || queue.length === 0) return;
    inFlight++;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    try {
      await write(batch.map((w) => w.item));
      totals.writes++;
      totals.items += batch.length;
      totals.largest = Math.max(totals.largest, batch.length);
      for (const w of batch) w.resolve();
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      inFlight--;
      // What arrived meanwhile goes in the next write, at once.
      if (queue.length) void flush();
    }
  }

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // Calls answered in the same turn of the event loop share the write.
        if (inFlight < maxInFlight && !scheduled) {
          scheduled = true;
          setImmediate(() => void flush());
        }
      });
    },
    stats: () => ({ ...totals }),
  };
}

// One INSERT for the batch, outside any transaction: the statement is its own commit. Named, so
// each pooled connection plans it once; arrays keep the text the same for any batch size.
const INSERT_ROWS = `
  INSERT INTO "AuditEvent" ("occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType",
    "targetId", "worksiteId", "personId", "before", "after", "requestId", "ip")
  SELECT $1::timestamptz AT TIME ZONE 'UTC', u.actor_type::"ActorType", u.actor_id, u.actor_label, u.action,
    u.target_type::"RecordType", u.target_id, u.worksite_id, u.person_id, u.before, u.after, u.request_id, u.ip
  FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[], $9::uuid[],
    $10::jsonb[], $11::jsonb[], $12::text[], $13::text[])
    AS u(actor_type, actor_id, actor_label, action, target_type, target_id, worksite_id, person_id, before, after, request_id, ip)`;

const jsonText = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The rows as `audit()` would write them (auditRow), in one statement. */
export const writeAuditRows = async (inputs: AuditInput[]) => {
  const rows = inputs.map(auditRow);
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await pool().query({
    name: 'cc_access_audit_rows',
    text: INSERT_ROWS,
    values: [
      clock.now().toISOString(),
      col((r) => r.actorType),
      col((r) => r.actorId),
      col((r) => r.actorLabel),
      col((r) => r.action),
      col((r) => r.targetType),
      col((r) => r.targetId),
      col((r) => r.worksiteId),
      col((r) => r.personId),
      col((r) => jsonText(r.before)),
      col((r) => jsonText(r.after)),
      col((r) => r.requestId),
      col((r) => r.ip),
    ],
  });
};

const g = globalThis as unknown as { __ccAccessAudit?: GroupCommit<AuditInput> };

export const accessAudit = (): GroupCommit<AuditInput> =>
  (g.__ccAccessAudit ??= createGroupCommit(writeAuditRows));
