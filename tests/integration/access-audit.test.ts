// The access API's audit rows by group commit (docs/decisions/026): calls answered together share
// one INSERT and one commit; no answer leaves before its row is committed; when the write fails,
// every call in it gets 503 and none of their rows exists.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/access/route';
import { createGroupCommit, writeAuditRows } from '@/server/access/audit-batch';
import type { AuditInput } from '@/server/audit';
import { createApiKey } from '@/server/api-keys/service';
import { db } from '@/server/db';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

let key: string;
let query: string;

beforeAll(async () => {
  const admin = await ensurePerson(db(), { givenName: 'Sam', familyName: 'Staffadmin', staffRoles: ['STAFF_ADMIN'] });
  key = (await createApiKey({ id: admin.id, staffRoles: ['STAFF_ADMIN'] }, { name: 'Viewer', requestsPerMinute: 10_000 })).key;
  const subject = `sub-${randomUUID()}`;
  const p = await ensurePerson(db(), { givenName: 'Priya', familyName: 'Physician', subject });
  await createEnrolment(db(), { personId: p.id, profession: 'PHYSICIAN', status: 'APPROVED' });
  await completeCourse(db(), { personId: p.id });
  await acceptHpcaa(db(), { personId: p.id });
  const ws = await createWorksite(db(), { creatorId: p.id });
  await createMembership(db(), { worksiteId: ws.id, personId: p.id });
  query = new URLSearchParams({ subject, worksite: ws.worksiteCode, location: 'onsite' }).toString();
  // A write the database refuses, as a full disk or a lost connection would: any batch holding a
  // row whose request id starts with "fail-" fails as a whole.
  await db().$executeRawUnsafe(`
    CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit write refused for the test'; END $$`);
  await db().$executeRawUnsafe(`
    CREATE TRIGGER test_refuse_audit BEFORE INSERT ON "AuditEvent" FOR EACH ROW
    WHEN (NEW."requestId" LIKE 'fail-%') EXECUTE FUNCTION test_refuse_audit()`);
});

const call = (requestId: string) =>
  GET(new Request(`http://localhost/api/v1/access?${query}`, { headers: { authorization: `Bearer ${key}`, 'x-request-id': requestId } }));

type Stored = { requestId: string; xmin: string; after: { allowed: boolean; reasons: string[] } };
const stored = (ids: string[]) =>
  db().$queryRaw<Stored[]>`
    SELECT "requestId", xmin::text AS xmin, "after" FROM "AuditEvent" WHERE "requestId" = ANY(${ids}::text[])`;

const row = (requestId: string): AuditInput => ({
  actor: { type: 'SERVICE', label: 'Viewer' },
  action: 'access.decided',
  target: { type: 'PERSON', id: null },
  after: { allowed: false },
  requestId,
});

describe('group commit', () => {
  it('writes rows added together in one INSERT and one commit', async () => {
    const batcher = createGroupCommit(writeAuditRows);
    const ids = Array.from({ length: 12 }, () => `grp-${randomUUID()}`);
    await Promise.all(ids.map((id) => batcher.add(row(id))));
    expect(batcher.stats()).toEqual({ writes: 1, items: 12, largest: 12 });
    const rows = await stored(ids);
    expect(rows).toHaveLength(12);
    // Rows inserted by one transaction carry its id.
    expect(new Set(rows.map((r) => r.xmin)).size).toBe(1);
  });

  it('starts the next write while one is in flight (a commit need not wait for another), two at most', async () => {
    const started: number[][] = [];
    const finish: Array<() => void> = [];
    const batcher = createGroupCommit<number>(
      (items) => new Promise<void>((resolve) => void (started.push(items), finish.push(resolve))),
    );
    const turn = () => new Promise((r) => setImmediate(r));
    const first = batcher.add(1);
    await turn();
    const second = Promise.all([batcher.add(2), batcher.add(3)]);
    await turn();
    expect(started).toEqual([[1], [2, 3]]);
    const third = batcher.add(4);
    await turn();
    expect(started).toHaveLength(2);
    // Each call is answered when its own write commits, whichever ends first.
    finish[1]!();
    await second;
    expect(started).toEqual([[1], [2, 3], [4]]);
    finish[0]!();
    finish[2]!();
    await Promise.all([first, third]);
    expect(batcher.stats()).toEqual({ writes: 3, items: 4, largest: 2 });
  });

  it('fails every call waiting on a failed write, and commits none of their rows', async () => {
    const batcher = createGroupCommit(writeAuditRows);
    const ids = [...Array.from({ length: 7 }, () => `ok-${randomUUID()}`), `fail-${randomUUID()}`];
    const outcomes = await Promise.allSettled(ids.map((id) => batcher.add(row(id))));
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill('rejected'));
    expect(await stored(ids)).toEqual([]);
    // The next write is not affected.
    const next = `ok-${randomUUID()}`;
    await batcher.add(row(next));
    expect(await stored([next])).toHaveLength(1);
  });
});

describe('GET /api/v1/access audit', () => {
  it('audits every answer before it leaves, sharing commits between concurrent calls', async () => {
    const ids = Array.from({ length: 30 }, () => `api-${randomUUID()}`);
    const committedOnAnswer = await Promise.all(
      ids.map(async (id) => {
        const res = await call(id);
        expect(res.status).toBe(200);
        // Checked as soon as this answer arrived, while others are still being decided.
        return (await stored([id])).length;
      }),
    );
    expect(committedOnAnswer).toEqual(Array(30).fill(1));
    const rows = await stored(ids);
    expect(rows.map((r) => r.after.allowed)).toEqual(Array(30).fill(true));
    expect(new Set(rows.map((r) => r.xmin)).size).toBeLessThan(30);
  });

  it('answers 503 with no decision when its audit row cannot be written', async () => {
    const id = `fail-${randomUUID()}`;
    const res = await call(id);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'temporarily_unavailable' });
    expect(await stored([id])).toEqual([]);
  });

  it('gives 503 to exactly the calls whose rows were not committed', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => (i === 10 ? `fail-${randomUUID()}` : `mix-${randomUUID()}`));
    const statuses = await Promise.all(ids.map(async (id) => (await call(id)).status));
    const committed = new Set((await stored(ids)).map((r) => r.requestId));
    ids.forEach((id, i) => expect(statuses[i], id).toBe(committed.has(id) ? 200 : 503));
    expect(committed.has(ids[10]!)).toBe(false);
  });
});
