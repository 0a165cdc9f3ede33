// npm run bench:access: the access API side by side with its floors, in one run, on the volume
// data (10,000 worksites / 50,000 people) in a throw-away database (docs/decisions/026):
//   - a bare node:http server sending the same bytes as an answer (what HTTP costs here);
//   - an empty Next.js route handler (/api/v1/access/ping) and the access API in the portal;
//   - the access API's own process (src/server/access/main.ts), empty and real.
// Each at 1, 10 and 32 connections; every answer is checked and every decision must be audited.
//   BENCH_SERVER   PostgreSQL server for the throw-away database (default the local one)
//   BENCH_SECONDS  seconds per measurement (default 8; BENCH_WARM_SECONDS of warm-up before, 2)
//   BENCH_PORT     port for the portal (default 3210; the access process uses the next one)
//   NEXT_DIST_DIR  the portal's build folder (default .next-bench)
//   BENCH_NEXT=0   leave out the portal (no build): the access process and its floors only
//   BENCH_PROFILE=1  the access process writes a V8 CPU profile to bench/results/profiles when it stops
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '../scripts/lib/migrations';
import { generateApiKey, hashApiKey, keyPrefix } from '../src/server/api-keys/token';
import { startApp } from './http/app';
import { startFloor } from './http/floor';
import { seedVolumeInto } from './http/volume';
import { load, waitUntilUp, type Load } from './access/load';

const root = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 2);
const PORT = Number(process.env.BENCH_PORT ?? 3210);
const server = process.env.BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KEYS = 8;
const LABEL = 'Access benchmark key';
const WITH_NEXT = process.env.BENCH_NEXT !== '0';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** The access API's own process, as the demo launcher starts it. */
async function startAccessProcess(databaseUrl: string, port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const profile = process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench', 'results', 'profiles')}`] : [];
  const child: ChildProcess = spawn(tsx, [...profile, '--conditions=react-server', 'src/server/access/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '10',
      ACCESS_PORT: String(port),
      APP_URL: `http://localhost:${PORT}`,
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      DEMO_MODE: 'true',
      OUTBOX_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/api/v1/access/ping`, () => child.exitCode !== null);
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** A fully enrolled physician at an active worksite (the demo's), and keys that allow plenty. */
async function prepare(databaseUrl: string) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ subject: string; worksiteCode: string; staffId: string }>(`
      SELECT 'bcsc-demo-physician' AS subject, w."worksiteCode",
             (SELECT "personId" FROM "LoginAccount" WHERE subject = 'bcsc-demo-team') AS "staffId"
        FROM "Worksite" w WHERE w."operatingName" = 'Harbour Medical Associates' AND w.status = 'ACTIVE' LIMIT 1`);
    if (!rows[0]?.staffId) throw new Error('Demo data is missing: the demo seed did not run');
    const keys: string[] = [];
    for (let i = 0; i < KEYS; i++) {
      const key = generateApiKey();
      await c.query(
        `INSERT INTO "ApiKey" (id, name, prefix, "keyHash", "createdById", "requestsPerMinute", "createdAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 100000, now(), now())`,
        [`${LABEL} ${i + 1}`, keyPrefix(key), hashApiKey(key), rows[0].staffId],
      );
      keys.push(key);
    }
    return { subject: rows[0].subject, worksite: rows[0].worksiteCode, keys };
  } finally {
    await c.end();
  }
}

async function auditedDecisions(databaseUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'access.decided' AND "actorLabel" LIKE $1`,
      [`${LABEL}%`],
    );
    return Number(r.rows[0]!.n);
  } finally {
    await c.end();
  }
}

type Row = Load & { floorRatio: number | null; nextRatio: number | null };

function table(rows: Row[]): string {
  const head =
    '| Target | Conn. | Requests/s | p50 ms | p99 ms | Failed | Node floor ÷ target | Next floor ÷ target |\n| --- | --- | --- | --- | --- | --- | --- | --- |';
  const x = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}×`);
  return [
    head,
    ...rows.map(
      (r) => `| ${r.name} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.failures} | ${x(r.floorRatio)} | ${x(r.nextRatio)} |`,
    ),
  ].join('\n');
}

async function main() {
  const name = `cc_bench_access_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const stops: Array<() => Promise<void>> = [];
  try {
    await applyMigrations(databaseUrl);
    await run(tsx, ['--conditions=react-server', 'prisma/seed.ts'], { ...process.env, DATABASE_URL: databaseUrl, DEMO_MODE: 'true', LOG_LEVEL: 'warn' });
    const volume = await seedVolumeInto(databaseUrl);
    console.log(`Seeded ${volume.worksites} worksites and ${volume.people} people`);
    const fx = await prepare(databaseUrl);
    const app = WITH_NEXT ? await startApp({ databaseUrl, port: PORT }) : null;
    if (app) stops.push(app.stop);
    const own = await startAccessProcess(databaseUrl, PORT + 1);
    stops.push(own.stop);

    const query = `/api/v1/access?${new URLSearchParams({ subject: fx.subject, worksite: fx.worksite, location: 'onsite' })}`;
    let k = 0;
    const keyed = () => ({ authorization: `Bearer ${fx.keys[k++ % fx.keys.length]}` });
    const sample = await fetch(new URL(query, app?.url ?? own.url), { headers: keyed() }).then((r) => r.text());
    if (!sample.includes('"allowed":true')) throw new Error(`The access API did not allow the demo physician: ${sample.slice(0, 300)}`);
    const floor = await startFloor(Buffer.from(sample));
    stops.push(floor.close);

    const nextTargets = app
      ? [
          { name: 'Floor: empty Next.js route handler', base: app.url, path: '/api/v1/access/ping' },
          { name: 'Access API in Next.js', base: app.url, path: query, keyed, expect: '"allowed":true' },
        ]
      : [];
    const targets = [
      { name: 'Floor: bare node:http, same bytes as an answer', base: floor.url, path: '/' },
      ...nextTargets,
      { name: 'Floor: access process, no work', base: own.url, path: '/api/v1/access/ping' },
      { name: 'Access API, own process', base: own.url, path: query, keyed, expect: '"allowed":true' },
    ];
    const rows: Row[] = [];
    let answered = 1; // the sample above
    for (const connections of [1, 10, 32]) {
      const level: Load[] = [];
      for (const t of targets) {
        const warm = await load({ ...t, connections, seconds: WARM_SECONDS });
        const r = await load({ ...t, connections, seconds: SECONDS });
        if (t.keyed) answered += warm.ok + r.ok;
        level.push(r);
        console.log(`${t.name} @${connections}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, failed ${r.failures}`);
      }
      const nodeFloor = level[0]!.rps;
      const nextFloor = app ? level[1]!.rps : 0;
      for (const r of level) rows.push({ ...r, floorRatio: r.rps > 0 ? nodeFloor / r.rps : null, nextRatio: app && r.rps > 0 ? nextFloor / r.rps : null });
    }
    const audited = await auditedDecisions(databaseUrl);
    const report = table(rows);
    const load1 = os.loadavg().map((v) => v.toFixed(2)).join(', ');
    console.log(`\n${report}\n\nAnswers with a decision: ${answered}; audit rows for them: ${audited}. Load average: ${load1}.`);
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    const out = path.join(root, 'bench', 'results', `access-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
    writeFileSync(out, JSON.stringify({ seconds: SECONDS, volume, answered, audited, loadavg: os.loadavg(), rows }, null, 2));
    console.log(`Saved ${path.relative(root, out)}`);
    if (audited < answered || rows.some((r) => r.failures > 0 || r.requests === 0)) {
      console.error('Some requests failed or some answers were not audited.');
      process.exitCode = 1;
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
