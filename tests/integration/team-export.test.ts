import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { exportCsv, exportResponse } from '@/server/team/export';
import { parseQueueFilter } from '@/server/team/list-rules';
import { createEnrolment } from '../factories/course-and-agreement';
import { ensurePerson } from '../factories/people';

let staff: { id: string; staffRoles: StaffRoleKind[] };
let outsider: { id: string; staffRoles: StaffRoleKind[] };

// A full collection before each measurement, so the numbers are what the export keeps alive
// rather than garbage the collector has not reached yet.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const liveHeap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

const params = (q: Record<string, string>) => new URLSearchParams(q);
const exportEvents = (actorId: string) =>
  db().auditEvent.findMany({ where: { actorId, action: { startsWith: 'team.export.' } }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  staff = { id: (await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] })).id, staffRoles: ['ENROLMENT_TEAM'] };
  outsider = { id: (await ensurePerson(db())).id, staffRoles: [] };
  // A name typed to attack whoever opens the export in a spreadsheet.
  const mallory = await ensurePerson(db(), { givenName: '=HYPERLINK("http://evil.example","Click")', familyName: 'Mallory, Jr.' });
  await createEnrolment(db(), { personId: mallory.id, status: 'IN_REVIEW' });
});

describe('who may export', () => {
  it('refuses a visitor who is not signed in with 401 and no data', async () => {
    const r = await exportResponse(null, params({ list: 'queue' }));
    expect(r.status).toBe(401);
    expect(await r.text()).not.toMatch(/Mallory|Type,Status/);
  });

  it('refuses a signed-in person without a staff role with 403, no data and nothing audited', async () => {
    const r = await exportResponse(outsider, params({ list: 'queue' }));
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).not.toMatch(/csv/);
    expect(await r.text()).not.toMatch(/Mallory|Type,Status/);
    expect(await exportEvents(outsider.id)).toEqual([]);
    await expect(exportCsv(outsider, { list: 'queue', filter: parseQueueFilter({}).value })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers a bad filter with 400 and the field at fault', async () => {
    const r = await exportResponse(staff, params({ list: 'queue', status: 'EVERYTHING' }));
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ errors: { status: expect.any(String) } });
    expect((await exportResponse(staff, params({ list: 'passwords' }))).status).toBe(400);
  });
});

describe('the export', () => {
  it('is the current filter as CSV, neutralised for spreadsheets, and audited with the row count', async () => {
    const r = await exportResponse(staff, params({ list: 'queue', type: 'enrolment', after: 'ignored' }), { requestId: 'req-export-1' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="careconnect-queue-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await r.text();
    const lines = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Type,Status,Person,Worksite,Worksite ID,Waiting since (UTC),Business days waiting,Assigned to,Record id');
    expect(lines).toHaveLength(3); // header, one row, and the empty string after the last CRLF
    expect(lines[1]).toMatch(/^Enrolment,In review,"'=HYPERLINK\(""http:\/\/evil\.example"",""Click""\) Mallory, Jr\.",,,\d{4}-/);
    const events = await exportEvents(staff.id);
    expect(events.map((e) => e.action)).toEqual(['team.export.started', 'team.export.finished']);
    expect(events[0]).toMatchObject({ actorType: 'STAFF', requestId: 'req-export-1' });
    expect(events[0]!.after).toMatchObject({ list: 'queue', filter: { type: 'enrolment', status: 'open' } });
    expect(events[1]!.after).toMatchObject({ rows: 1, outcome: 'complete' });
  });

  it('exports search results too', async () => {
    const r = await exportResponse(staff, params({ list: 'search', kind: 'people', q: 'mallory' }));
    const lines = (await r.text()).split('\r\n');
    expect(lines[0]).toContain('Name,Legal name,Contact email');
    expect(lines[1]).toMatch(/^"'=HYPERLINK/);
    expect(lines).toHaveLength(3);
  });
});

describe('streaming', () => {
  it('streams 50,000 rows in batches with bounded memory, every row once, then audits the count', async () => {
    await db().$executeRawUnsafe(`
      WITH p AS (
        INSERT INTO "Person" (id, "legalGivenName", "legalFamilyName", "identityAssuranceLevel", "updatedAt")
        SELECT gen_random_uuid(), 'Bulk ' || g, 'Exported Person With A Longer Family Name ' || g, 3, now()
          FROM generate_series(1, 50000) g
        RETURNING id)
      INSERT INTO "Enrolment" (id, "personId", status, "statusChangedAt", "updatedAt")
      SELECT gen_random_uuid(), id, 'IN_REVIEW', now() - random() * interval '200 days', now() FROM p`);
    await db().$executeRawUnsafe('ANALYZE');

    const { stream } = await exportCsv(staff, { list: 'queue', filter: parseQueueFilter({ type: 'enrolment' }).value });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    const base = liveHeap();
    let peak = 0;
    let rows = -1; // the header
    let chunks = 0;
    let tail = '';
    let fingerprint = 0; // sum of each row's id prefix: every row once, without keeping rows
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      const text = tail + decoder.decode(value, { stream: true });
      const lines = text.split('\r\n');
      tail = lines.pop()!;
      rows += lines.length;
      for (const l of lines.slice(chunks === 1 ? 1 : 0)) fingerprint += parseInt(l.slice(-36, -28), 16);
      if (chunks % 5 === 0) peak = Math.max(peak, liveHeap() - base);
    }
    expect(tail).toBe('');
    expect(rows).toBe(50_001); // and Mallory
    const [row] = await db().$queryRaw<{ sum: number }[]>`
      SELECT sum(('x' || substr(id::text, 1, 8))::bit(32)::bigint)::float8 AS sum FROM "Enrolment" WHERE status = 'IN_REVIEW'`;
    expect(fingerprint).toBe(row!.sum);
    expect(chunks).toBeGreaterThanOrEqual(50); // one per batch of 1,000, not one big file
    // The whole file is ~7 MB of text (twice that as a JS string) with 50,000 row objects on
    // top; streaming keeps only a batch or two (about 1 MB) alive at a time.
    console.info(`export live heap growth peak ${(peak / 1048576).toFixed(1)} MB`);
    expect(peak).toBeLessThan(8 * 1024 * 1024);
    const finished = (await exportEvents(staff.id)).at(-1)!;
    expect(finished.action).toBe('team.export.finished');
    expect(finished.after).toMatchObject({ rows: 50_001, outcome: 'complete' });
  }, 120_000);

  it('a reader who stops early is audited with the rows that did leave', async () => {
    const { stream } = await exportCsv(staff, { list: 'queue', filter: parseQueueFilter({ type: 'enrolment' }).value }, {}, { batchSize: 100 });
    const reader = stream.getReader();
    await reader.read(); // header
    await reader.read(); // first batch
    await reader.cancel();
    const finished = (await exportEvents(staff.id)).at(-1)!;
    expect(finished.action).toBe('team.export.finished');
    const after = finished.after as { rows: number; outcome: string };
    expect(after.outcome).toBe('cancelled');
    expect(after.rows).toBeGreaterThanOrEqual(100);
    expect(after.rows).toBeLessThan(50_001);
  });
});
