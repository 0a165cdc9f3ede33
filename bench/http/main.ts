// npm run bench: seeds a realistic volume into a throw-away database, times the team's queries
// (bench/queries.ts), then starts the production build and measures pages, the access API and a
// server action at 1 and 10 connections. Each page is reported as a share of an empty page of the
// same size from the same build (/floor), with its database round trips per request counted on
// the wire (pg-count.ts); a bare Node http server sending the dashboard's bytes is shown too.
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
import { measure, table, type Row, type Target } from './measure';
import { startPgCounter, type PgCounter } from './pg-count';
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

/** A benchmark of error pages measures nothing: each target must answer as the person expects.
 * Returns the answer's size in bytes. */
async function check(base: string, t: Target): Promise<number> {
  const r = await send(base, t);
  const text = await r.text();
  if (r.status !== 200 || (t.expect && !text.includes(t.expect))) {
    throw new Error(`${t.name}: HTTP ${r.status}${t.expect ? `, expected ${JSON.stringify(t.expect)} in the answer` : ''}\n${text.slice(0, 300)}`);
  }
  return Buffer.byteLength(text);
}

const send = (base: string, t: Target) =>
  fetch(new URL(t.path, base), { method: t.method ?? 'GET', headers: { ...t.headers, ...t.perRequest?.() }, body: t.perRequestBody?.() ?? t.body, redirect: 'manual' });

/** Database round trips per request, counted on the wire over sequential requests. */
async function roundTripsOf(base: string, t: Target, counter: PgCounter, n = 20): Promise<number> {
  await send(base, t).then((r) => r.arrayBuffer()); // warm
  counter.reset();
  for (let i = 0; i < n; i++) await send(base, t).then((r) => r.arrayBuffer());
  return counter.roundTrips / n;
}

/** An empty page (/floor) of `bytes` bytes, asked for with these headers (signed in or not). The
 * padding is sent twice (in the HTML and in its RSC payload), so the size per padded byte is
 * measured rather than assumed. */
async function emptyPageLike(base: string, name: string, bytes: number, headers: Record<string, string> = {}): Promise<Target> {
  const size = (n: number) => check(base, { name, path: `/floor?bytes=${n}`, headers, expect: 'Floor' });
  const [bare, padded] = [await size(0), await size(10_000)];
  const perByte = (padded - bare) / 10_000;
  return { name, path: `/floor?bytes=${Math.max(0, Math.round((bytes - bare) / perByte))}`, headers, expect: 'Floor' };
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
  let stopCounter: (() => Promise<void>) | null = null;
  try {
    await applyMigrations(databaseUrl);
    await tsx('prisma/seed.ts', databaseUrl);
    const volume = await seedVolumeInto(databaseUrl);
    console.log(`Seeded ${volume.worksites} worksites and ${volume.people} people`);
    // Server time of the team's queries on the same data, before the HTTP runs load the machine.
    if (process.env.BENCH_SKIP_QUERIES !== '1') await tsx('bench/queries.ts', databaseUrl);
    const fx = await prepareFixtures(databaseUrl, 60);
    // The app reaches the database through a counting proxy: round trips per request.
    const counter = await startPgCounter({ host: url.hostname, port: Number(url.port || 5432) });
    stopCounter = counter.close;
    const proxied = new URL(databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(counter.port);
    const app = await startApp({ databaseUrl: proxied.toString(), port: PORT });
    stopApp = app.stop;

    const list = await targets(app.url, fx);
    const sizes = new Map<string, number>();
    for (const t of list) sizes.set(t.name, await check(app.url, t));
    const dashboard = list[0]!;
    const dashBytes = sizes.get(dashboard.name)!;
    // Each page next to an empty page of its own size from the same build, asked for by the same
    // person (so both pay the session check); the dashboard's also signed out.
    const floors = new Map<string, Target>();
    for (const t of list.filter((x) => x.floor)) {
      floors.set(t.name, await emptyPageLike(app.url, `Empty page like "${t.name}"`, sizes.get(t.name)!, t.headers));
    }
    const signedOut = await emptyPageLike(app.url, 'Empty page, signed out (dashboard size)', dashBytes);
    const bare = await startFloor(Buffer.from(await (await send(app.url, dashboard)).text()));
    const results: Row[] = [];
    const roundTrips = new Map<string, number>();
    try {
      for (const connections of [1, 10]) {
        const run = async (t: Target, base = app.url) => {
          const bytes = base === app.url ? await check(base, t) : null;
          if (connections === 1 && base === app.url) roundTrips.set(t.name, await roundTripsOf(base, t, counter));
          await measure(base, t, connections, 2); // warm up
          const r = await measure(base, t, connections, SECONDS);
          console.log(`${t.name} @${connections}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms, failed ${r.failures}`);
          return { ...r, bytes, roundTrips: roundTrips.get(t.name) ?? null };
        };
        const b = await run({ name: 'Bare Node http, same bytes as the dashboard', path: '/' }, bare.url);
        results.push({ ...b, ratio: null });
        const out = await run(signedOut);
        results.push({ ...out, ratio: 1 });
        for (const t of list) {
          const f = floors.get(t.name);
          // Interleaved: the page and its empty page measured back to back, under the same load.
          const fr = f ? await run(f) : null;
          const r = await run(t);
          if (fr) results.push({ ...fr, ratio: fr.rps > 0 ? fr.rps / out.rps : null, name: `${fr.name} (× signed-out empty page)` });
          results.push({ ...r, ratio: fr && fr.rps > 0 ? r.rps / fr.rps : null });
        }
      }
    } finally {
      await bare.close();
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
    if (stopCounter) await stopCounter();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
