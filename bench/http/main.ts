// npm run bench: seeds a realistic volume into a throw-away database, times the team's queries
// (bench/queries.ts), then starts the production build and measures pages, the access API and a
// server action at 1 and 10 connections, next to a bare Node http floor.
//   BENCH_SERVER   PostgreSQL server for the throw-away database (default the local one)
//   BENCH_SECONDS  seconds per measurement (default 8)
//   BENCH_PORT     port for the app (default 3200, loopback)
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '../../scripts/lib/migrations';
import { startApp } from './app';
import { prepareFixtures } from './fixtures';
import { startFloor } from './floor';
import { measure, table, type Result, type Target } from './measure';
import { targets } from './targets';
import { seedVolumeInto } from './volume';

const root = path.resolve(__dirname, '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const server = process.env.BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function tsx(script: string, databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', script], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, DEMO_MODE: 'true', LOG_LEVEL: 'warn' },
      stdio: 'inherit',
    });
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}`))));
  });
}

/** A benchmark of error pages measures nothing: each target must answer as the person expects. */
async function check(base: string, t: Target): Promise<void> {
  const r = await fetch(new URL(t.path, base), { method: t.method ?? 'GET', headers: { ...t.headers, ...t.perRequest?.() }, body: t.perRequestBody?.() ?? t.body, redirect: 'manual' });
  const text = await r.text();
  if (r.status !== 200 || (t.expect && !text.includes(t.expect))) {
    throw new Error(`${t.name}: HTTP ${r.status}${t.expect ? `, expected ${JSON.stringify(t.expect)} in the answer` : ''}\n${text.slice(0, 300)}`);
  }
}

async function main() {
  const name = `cc_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let stopApp: (() => Promise<void>) | null = null;
  try {
    await applyMigrations(databaseUrl);
    await tsx('prisma/seed.ts', databaseUrl);
    const volume = await seedVolumeInto(databaseUrl);
    console.log(`Seeded ${volume.worksites} worksites and ${volume.people} people`);
    // Server time of the team's queries on the same data, before the HTTP runs load the machine.
    if (process.env.BENCH_SKIP_QUERIES !== '1') await tsx('bench/queries.ts', databaseUrl);
    const fx = await prepareFixtures(databaseUrl, 60);
    const app = await startApp({ databaseUrl, port: PORT });
    stopApp = app.stop;

    const list = await targets(app.url, fx);
    const dashboard = await fetch(new URL('/', app.url), { headers: { cookie: fx.cookies.practitioner } });
    const floor = await startFloor(Buffer.from(await dashboard.text()));
    const results: Array<Result & { ratio: number | null }> = [];
    try {
      for (const connections of [1, 10]) {
        const f = await measure(floor.url, { name: `Floor: bare Node http, same bytes as the dashboard`, path: '/' }, connections, SECONDS);
        results.push({ ...f, ratio: null });
        for (const t of list) {
          if (connections === 1) await check(app.url, t);
          await measure(app.url, t, connections, 2); // warm up
          const r = await measure(app.url, t, connections, SECONDS);
          results.push({ ...r, ratio: r.rps > 0 ? f.rps / r.rps : null });
          console.log(`${t.name} @${connections}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, failed ${r.failures}`);
        }
      }
    } finally {
      await floor.close();
    }
    const report = table(results);
    console.log(`\n${report}\n`);
    mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
    const out = path.join(root, 'bench', 'results', `http-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
    writeFileSync(out, JSON.stringify({ seconds: SECONDS, volume, results }, null, 2));
    console.log(`Saved ${path.relative(root, out)}`);
    const failed = results.filter((r) => r.failures > 0 || r.requests === 0);
    if (failed.length) {
      console.error(`Requests failed in: ${failed.map((r) => `${r.name} @${r.connections}`).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    if (stopApp) await stopApp();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
