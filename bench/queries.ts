// npm run bench:data — server time of the team's dashboard, work list and search on a realistic
// volume (10,000 worksites, 50,000 people; bench/seed-volume.ts), calling the same query
// functions the pages call, in process, many times each.
//   DATABASE_URL      a scratch database: migrated and seeded here when it is not yet
//   BENCH_ITERATIONS  timed calls per query (default 200, after 20 warm-up calls)
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import pg from 'pg';
import { applyMigrations } from '../scripts/lib/migrations';
import { db, pool } from '../src/server/db';
import { dashboardCounts } from '../src/server/team/dashboard-queries';
import { parseQueueFilter, type QueueFilter } from '../src/server/team/list-rules';
import { queuePage } from '../src/server/team/queue-queries';
import { exportCsv } from '../src/server/team/export';
import { search } from '../src/server/team/search-queries';
import { benchStaffId, seedVolume } from './seed-volume';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const WARMUP = 20;

const q = (raw: Record<string, string>): QueueFilter => {
  const f = parseQueueFilter(raw);
  if (!f.ok) throw new Error(JSON.stringify(f.errors));
  return f.value;
};

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), max: ms.at(-1)! };
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('Set DATABASE_URL to a scratch database, e.g. postgres://postgres@127.0.0.1:5432/cc_bench');
    process.exit(2);
  }
  await applyMigrations(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let staffId: string;
  try {
    const t = Date.now();
    if (await seedVolume(c)) console.log(`Seeded in ${((Date.now() - t) / 1000).toFixed(1)} s.`);
    staffId = await benchStaffId(c);
    const counts = await c.query(`SELECT (SELECT count(*) FROM "Worksite") AS worksites, (SELECT count(*) FROM "Person") AS people,
      (SELECT count(*) FROM "Enrolment") AS enrolments, (SELECT count(*) FROM "Membership") AS memberships`);
    console.log('Volume:', counts.rows[0]);
  } finally {
    await c.end();
  }
  const staff = { id: staffId, staffRoles: ['ENROLMENT_TEAM' as const] };

  // A realistic second page: the cursor after the first 50 rows.
  const second = (await queuePage(staff, q({}))).nextCursor ?? undefined;
  const someone = await db().enrolment.findFirst({ where: { licenceNumber: { not: null } }, orderBy: { id: 'asc' } });
  const site = await db().worksite.findFirst({ orderBy: { id: 'asc' } });
  const hits: Record<string, number> = {};
  const cases: [string, () => Promise<unknown>][] = [
    ['dashboard: every queue count + oldest, assigned to me', () => dashboardCounts(staff)],
    ['work list: every queue, first page (50)', () => queuePage(staff, q({}))],
    ['work list: every queue, second page (keyset)', () => queuePage(staff, { ...q({}), after: second })],
    ['work list: enrolments in review, unassigned, newest first', () => queuePage(staff, q({ type: 'enrolment', assignee: 'nobody', sort: 'newest' }))],
    ['work list: approved enrolments (~40,000), first page', () => queuePage(staff, q({ type: 'enrolment', status: 'APPROVED' }))],
    ['work list: assigned to me', () => queuePage(staff, q({ assignee: 'me' }))],
    ['search people: name prefix "sm"', async () => (hits.sm = (await search(staff, { kind: 'people', q: 'sm' })).rows.length)],
    ['search people: name prefix "priya gr"', async () => (hits.pg = (await search(staff, { kind: 'people', q: 'priya gr' })).rows.length)],
    ['search people: licence number', async () => (hits.lic = (await search(staff, { kind: 'people', q: someone!.licenceNumber! })).rows.length)],
    ['search people: email', async () => (hits.em = (await search(staff, { kind: 'people', q: 'Person4242@example.com' })).rows.length)],
    ['search worksites: name prefix "harbour"', async () => (hits.wn = (await search(staff, { kind: 'worksites', q: 'harbour' })).rows.length)],
    ['search worksites: Worksite ID', async () => (hits.wid = (await search(staff, { kind: 'worksites', q: site!.worksiteCode })).rows.length)],
  ];
  console.log(`\n${ITERATIONS} timed calls each after ${WARMUP} warm-up calls; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}).\n`);
  console.log('| Query | p50 | p95 | max |\n| --- | --- | --- | --- |');
  for (const [name, fn] of cases) {
    const r = await time(fn);
    console.log(`| ${name} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.max.toFixed(1)} ms |`);
  }
  console.log('\nRows on the first page:', hits);

  // The export streams; time a whole one to a sink (3 runs) and watch the heap while it runs.
  const exportMs: number[] = [];
  let exported = 0;
  let heapPeak = 0;
  const heapBase = process.memoryUsage().heapUsed;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const { stream } = await exportCsv(staff, { list: 'queue', filter: q({ type: 'enrolment', status: 'APPROVED' }) });
    let bytes = 0;
    const reader = stream.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      bytes += r.value.length;
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heapBase);
    }
    exportMs.push(performance.now() - t);
    exported = bytes;
  }
  exportMs.sort((a, b) => a - b);
  console.log(
    `CSV export of approved enrolments: ${(exported / 1e6).toFixed(1)} MB, median ${(exportMs[1]! / 1000).toFixed(2)} s, heap growth peak ${(heapPeak / 1048576).toFixed(0)} MB (garbage included)`,
  );
  await db().$disconnect();
  await pool().end();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
