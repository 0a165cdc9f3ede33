// npm run bench:audit — audited writes in the database alone, side by side in one run:
//   floor    plain inserts into a copy of the audit table with no trigger at all
//   legacy   the former design: every insert takes one global lock and chains itself
//   sealed   today's: writers insert unsealed rows with no lock; the sealer chains them
// each with 1 and 10 writers (one transaction per row, as the portal writes them), plus how long
// committed rows waited to be sealed while the sealer ran (as the app runs it). Then audited writes
// through the portal's own write path (`audit()` in a Prisma transaction, as a server action
// does) from one app instance and from two (child processes, each with its own pool and its own
// sealer, as the app boots), BENCH_APP_WRITERS concurrent writes per instance (default 8),
// alternated BENCH_ROUNDS times (default 2). A throw-away database on the local PostgreSQL
// (BENCH_SERVER to choose another); BENCH_SECONDS per run (default 5).
import { execSync, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { DEVELOPMENT_SIGNING_SEED, signCheckpoint, signingKeyFromSeed } from '../src/lib/audit-checkpoint';
import { dropDatabase, ensureTemplate, resolveServer, withDatabase } from '../tests/setup/test-db';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const key = signingKeyFromSeed(DEVELOPMENT_SIGNING_SEED);

const LEGACY = `
  CREATE TABLE "AuditLegacy" (LIKE "AuditEvent" INCLUDING DEFAULTS);
  CREATE SEQUENCE audit_legacy_id;
  CREATE FUNCTION bench_legacy_chain() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE last_hash text;
  BEGIN
    PERFORM pg_advisory_xact_lock(727299);
    NEW."id" := nextval('audit_legacy_id');
    SELECT "hash" INTO last_hash FROM "AuditLegacy" ORDER BY "id" DESC LIMIT 1;
    NEW."prevHash" := coalesce(last_hash, repeat('0', 64));
    NEW."hash" := encode(sha256(convert_to(cc_audit_canonical(NEW::text::"AuditEvent"), 'UTF8')), 'hex');
    RETURN NEW;
  END $$;
  CREATE TRIGGER legacy_chain BEFORE INSERT ON "AuditLegacy" FOR EACH ROW EXECUTE FUNCTION bench_legacy_chain();
  CREATE UNIQUE INDEX ON "AuditLegacy"("id");
  CREATE TABLE "AuditFloor" (LIKE "AuditEvent" INCLUDING DEFAULTS);
  CREATE SEQUENCE audit_floor_id;
  ALTER TABLE "AuditFloor" ALTER COLUMN "id" SET DEFAULT nextval('audit_floor_id');`;

const insertInto = (table: string) =>
  `INSERT INTO "${table}" ("actorType", "action", "targetType", "targetId", "after") VALUES ('SYSTEM', 'bench.write', 'WORKSITE', 'w-1', '{"status":"ACTIVE"}')`;

async function writers(url: string, table: string, n: number): Promise<number> {
  const clients = await Promise.all(Array.from({ length: n }, async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  }));
  const sql = insertInto(table);
  let rows = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        await c.query('BEGIN');
        await c.query(sql);
        await c.query('COMMIT');
        rows++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  return rows / SECONDS;
}

/** The app's sealer, run as it runs in the app (src/server/audit-sealer.ts): two round trips a
 * batch (BEGIN with the batch, then the signed checkpoint with COMMIT), every 250 ms when idle
 * and 50 ms after a batch that sealed rows. */
function sealer(url: string) {
  const c = new pg.Client({ connectionString: url });
  let stop = false;
  let maxWait = 0;
  const run = (async () => {
    await c.connect();
    while (!stop) {
      const t = performance.now();
      const sent = (await c.query(
        `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT sealed, head_seq::text, head_hash FROM cc_audit_seal(2000, (now() AT TIME ZONE 'UTC'))`,
      )) as unknown as pg.QueryResult[];
      const r = sent[1]!.rows[0];
      if (r.sealed > 0) {
        const signedAt = new Date();
        const { keyId, signature } = signCheckpoint({ seq: r.head_seq, headHash: r.head_hash, signedAt }, key);
        const lit = (v: string) => c.escapeLiteral(v);
        await c.query(
          `INSERT INTO "AuditCheckpoint" ("seq", "headHash", "signedAt", "keyId", "signature")
             VALUES (${lit(r.head_seq)}::bigint, ${lit(r.head_hash)}, ${lit(signedAt.toISOString())}::timestamptz AT TIME ZONE 'UTC', ${lit(keyId)}, ${lit(signature)}); COMMIT`,
        );
      } else await c.query('COMMIT');
      const [w] = (await c.query(`SELECT extract(epoch FROM (now() AT TIME ZONE 'UTC') - min("occurredAt"))::float AS waited FROM "AuditEvent" WHERE "seq" IS NULL`)).rows;
      maxWait = Math.max(maxWait, Number(w?.waited ?? 0));
      const left = (r.sealed > 0 ? 50 : 250) - (performance.now() - t);
      if (left > 0) await new Promise((res) => setTimeout(res, left));
    }
    await c.end();
  })();
  return { async stop() { stop = true; await run; return maxWait; } };
}

const APP_WRITERS = Number(process.env.BENCH_APP_WRITERS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** One app instance (a child process): the portal's own modules, pool and sealer. */
async function instance() {
  const { db } = await import('../src/server/db');
  const { audit } = await import('../src/server/audit');
  const { startAuditSealer } = await import('../src/server/audit-sealer');
  const write = () =>
    db().$transaction((tx) =>
      audit(tx, { actor: { type: 'SYSTEM', label: 'bench' }, action: 'bench.app-write', target: { type: 'WORKSITE', id: 'w-1' }, after: { status: 'ACTIVE' } }),
    );
  await Promise.all(Array.from({ length: APP_WRITERS }, write)); // open the pool's connections
  const sealer = startAuditSealer();
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  process.stdout.write('ready\n');
  await lines.next(); // "go"
  const cpu = process.cpuUsage();
  let rows = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: APP_WRITERS }, async () => {
      while (performance.now() < end) {
        await write();
        rows++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  await sealer.stop();
  process.stdout.write(`${JSON.stringify({ rows, cpuMs: (used.user + used.system) / 1000 })}\n`);
  await db().$disconnect();
  process.exit(0);
}

/** n app instances writing at once; rows/s over all of them and the longest unsealed wait. */
async function appInstances(url: string, n: number): Promise<{ perSecond: number; waited: number; cores: number }> {
  const tsx = path.resolve('node_modules', '.bin', 'tsx');
  const kids = Array.from({ length: n }, () => {
    const child = spawn(tsx, ['--conditions=react-server', process.argv[1]!, '--instance'], {
      env: { ...process.env, DATABASE_URL: url, DATABASE_POOL_SIZE: String(APP_WRITERS + 2), LOG_LEVEL: 'error' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
  });
  for (const k of kids) if ((await k.lines.next()).value !== 'ready') throw new Error('an app instance did not start');
  const watch = new pg.Client({ connectionString: url });
  await watch.connect();
  let waited = 0;
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const [w] = (await watch.query(`SELECT extract(epoch FROM (now() AT TIME ZONE 'UTC') - min("occurredAt"))::float AS waited FROM "AuditEvent" WHERE "seq" IS NULL`)).rows;
      waited = Math.max(waited, Number(w?.waited ?? 0));
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  for (const k of kids) k.child.stdin!.write('go\n');
  const results = await Promise.all(kids.map(async (k) => JSON.parse(String((await k.lines.next()).value)) as { rows: number; cpuMs: number }));
  watching = false;
  await watcher;
  await watch.end();
  // CPU the instances used, in cores: the ceiling on this machine is 2 cores for everything.
  const cores = results.reduce((a, r) => a + r.cpuMs, 0) / 1000 / SECONDS;
  return { perSecond: results.reduce((a, r) => a + r.rows, 0) / SECONDS, waited, cores };
}

/** Seals whatever is left, so a run starts with nothing waiting. */
async function sealEverything(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('BEGIN');
  await c.query(`SELECT * FROM cc_audit_seal(1000000, (now() AT TIME ZONE 'UTC'))`);
  await c.query('COMMIT');
  await c.end();
}

async function main() {
  const server = await resolveServer();
  const template = await ensureTemplate(server);
  const name = `cc_bench_audit_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await admin.end();
  const url = withDatabase(server, name);
  try {
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(LEGACY);
    await setup.end();

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`Audited writes in PostgreSQL alone, ${SECONDS} s a run, ${cpus().length} cores (${cpu}); load average before: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log('| writers | floor (no trigger) rows/s | legacy (global lock) rows/s | sealed rows/s | sealed ÷ legacy | sealed ÷ floor | longest wait unsealed |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const n of [1, 10]) {
      const floor = await writers(url, 'AuditFloor', n);
      const legacy = await writers(url, 'AuditLegacy', n);
      const s = sealer(url);
      const sealed = await writers(url, 'AuditEvent', n);
      const waited = await s.stop();
      console.log(
        `| ${n} | ${floor.toFixed(0)} | ${legacy.toFixed(0)} | ${sealed.toFixed(0)} | ×${(sealed / legacy).toFixed(1)} | ${(sealed / floor).toFixed(2)} | ${waited.toFixed(2)} s |`,
      );
    }
    console.log('');
    console.log(`Audited writes through the portal's write path (audit() in a transaction), ${APP_WRITERS} concurrent writes per app instance, each instance with its own pool and sealer; runs alternated:`);
    console.log('| round | 1 instance rows/s | app CPU (cores) | longest wait unsealed | 2 instances rows/s | app CPU (cores) | longest wait unsealed | 2 ÷ 1 | load (1 min) |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const totals = { one: 0, two: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      await sealEverything(url);
      const one = await appInstances(url, 1);
      await sealEverything(url);
      const two = await appInstances(url, 2);
      totals.one += one.perSecond;
      totals.two += two.perSecond;
      console.log(
        `| ${round} | ${one.perSecond.toFixed(0)} | ${one.cores.toFixed(2)} | ${one.waited.toFixed(2)} s | ${two.perSecond.toFixed(0)} | ${two.cores.toFixed(2)} | ${two.waited.toFixed(2)} s | ×${(two.perSecond / one.perSecond).toFixed(2)} | ${loadavg()[0]!.toFixed(1)} |`,
      );
    }
    console.log(`Two instances ÷ one over all rounds: ×${(totals.two / totals.one).toFixed(2)} (target ≥ ×1.6 where CPU allows; ${cpus().length} cores shared by PostgreSQL, the instances and this process).`);
    await sealEverything(url);
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const broken = (await check.query('SELECT * FROM cc_audit_verify()')).rows;
    await check.end();
    console.log(broken.length ? `Chain BROKEN after the run: ${JSON.stringify(broken[0])}` : 'Chain verified intact after the run.');
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}; git ${execSync('git rev-parse --short HEAD').toString().trim()}`);
    if (broken.length) process.exitCode = 1;
  } finally {
    await dropDatabase(server, name);
  }
}

(process.argv.includes('--instance') ? instance() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
