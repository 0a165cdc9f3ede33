// What every HTTP benchmark needs: a throw-away database with the demo seed and the volume, the
// fixtures, and the production app reaching the database through the round-trip counter.
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '../../scripts/lib/migrations';
import { startApp, type RunningApp } from './app';
import { prepareFixtures, type Fixtures } from './fixtures';
import { startPgCounter, type PgCounter } from './pg-count';
import { seedVolumeInto } from './volume';
import type { Target } from './measure';

const root = path.resolve(__dirname, '..', '..');

/** Runs a script of the project against the benchmark's database (seeds, the query benchmark). */
export function tsx(script: string, databaseUrl: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['--conditions=react-server', script],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, DEMO_MODE: 'true', LOG_LEVEL: 'warn' },
        stdio: 'inherit',
      },
    );
    c.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} exited ${code}`)),
    );
  });
}

export type Bench = {
  databaseUrl: string;
  volume: { worksites: number; people: number };
  fx: Fixtures;
  /** The app, straight to PostgreSQL: what throughput, latency and CPU are measured on. */
  app: RunningApp;
  /** With `count`: a second instance of the same build reaching the database through the
   * round-trip counter, asked one request at a time. */
  counted: { app: RunningApp; counter: PgCounter } | null;
};

/** Seeds a throw-away database, starts the app on it, runs `body`, then drops everything. */
export async function withBench(
  p: { server: string; port: number; count?: boolean; beforeApp?: (databaseUrl: string) => Promise<void> },
  body: (b: Bench) => Promise<void>,
): Promise<void> {
  const name = `cc_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: p.server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(p.server);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const stops: (() => Promise<void>)[] = [];
  try {
    await applyMigrations(databaseUrl);
    await tsx('prisma/seed.ts', databaseUrl);
    const volume = await seedVolumeInto(databaseUrl);
    console.log(`Seeded ${volume.worksites} worksites and ${volume.people} people`);
    await p.beforeApp?.(databaseUrl);
    const fx = await prepareFixtures(databaseUrl, 60);
    const app = await startApp({ databaseUrl, port: p.port });
    stops.push(app.stop);
    // Round trips are counted on a second instance, through a proxy in this process: under load,
    // the proxy would wait behind autocannon here and add its delay to every round trip measured.
    let counted: Bench['counted'] = null;
    if (p.count) {
      const counter = await startPgCounter({ host: url.hostname, port: Number(url.port || 5432) });
      stops.push(counter.close);
      const proxied = new URL(databaseUrl);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(counter.port);
      const countedApp = await startApp({ databaseUrl: proxied.toString(), port: p.port + 1 });
      stops.push(countedApp.stop);
      counted = { app: countedApp, counter };
    }
    await body({ databaseUrl, volume, fx, app, counted });
  } finally {
    for (const stop of stops.reverse()) await stop();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

export const send = (base: string, t: Target) =>
  fetch(new URL(t.path, base), {
    method: t.method ?? 'GET',
    headers: { ...t.headers, ...t.perRequest?.() },
    body: t.perRequestBody?.() ?? t.body,
    redirect: 'manual',
  });

/** A benchmark of error pages measures nothing: each target must answer as the person expects.
 * Returns the answer's size in bytes. */
export async function check(base: string, t: Target): Promise<number> {
  const r = await send(base, t);
  const text = await r.text();
  if (r.status !== 200 || (t.expect && !text.includes(t.expect))) {
    throw new Error(
      `${t.name}: HTTP ${r.status}${t.expect ? `, expected ${JSON.stringify(t.expect)} in the answer` : ''}\n${text.slice(0, 300)}`,
    );
  }
  return Buffer.byteLength(text);
}

/** An empty page (/floor) of `bytes` bytes, asked for with these headers (signed in or not). The
 * padding is sent twice (in the HTML and in its RSC payload), so the size per padded byte is
 * measured rather than assumed. */
export async function emptyPageLike(
  base: string,
  name: string,
  bytes: number,
  headers: Record<string, string> = {},
): Promise<Target> {
  const size = (n: number) =>
    check(base, { name, path: `/floor?bytes=${n}`, headers, expect: 'Floor' });
  const [bare, padded] = [await size(0), await size(10_000)];
  const perByte = (padded - bare) / 10_000;
  return {
    name,
    path: `/floor?bytes=${Math.max(0, Math.round((bytes - bare) / perByte))}`,
    headers,
    expect: 'Floor',
  };
}
