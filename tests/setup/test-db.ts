// Per-test-file databases: a clone of a migrated template on a real PostgreSQL server, or an
// in-memory embedded database when no server is reachable.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations, migrationsDir } from '../../scripts/lib/migrations';

export type TestDatabase = { url: string; drop(): Promise<void> };

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
export const EMBEDDED = 'embedded';
const LOCK_KEY = 727_001; // advisory lock guarding template builds on the server

/** Which server the run uses: set once by the global setup (CC_TEST_SERVER=embedded forces the
 * embedded one), resolved here when run alone. */
export async function resolveServer(): Promise<string> {
  if (process.env.CC_TEST_SERVER) return process.env.CC_TEST_SERVER;
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  return (await answers(DEFAULT_SERVER)) ? DEFAULT_SERVER : EMBEDDED;
}

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Clones share a prefix per run so the global teardown can find this run's leftovers. */
export function runId(): string {
  return process.env.CC_TEST_RUN_ID ?? String(process.pid);
}

export function migrationsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else
        h.update(path.relative(migrationsDir, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(migrationsDir);
  return h.digest('hex').slice(0, 12);
}

export const templateName = () => `cc_tpl_${migrationsHash()}`;

export function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withAdmin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  c.on('error', () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function exists(c: pg.Client, name: string): Promise<boolean> {
  const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return r.rowCount === 1;
}

/** Builds the template for the current migrations once; concurrent runs wait on the lock. */
export async function ensureTemplate(serverUrl: string): Promise<string> {
  const tpl = templateName();
  return withAdmin(serverUrl, async (c) => {
    if (await exists(c, tpl)) return tpl;
    await c.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      if (await exists(c, tpl)) return tpl;
      // Half-built leftovers of a builder that died; nobody else builds while we hold the lock.
      const stale = await c.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'cc\\_tpl\\_%\\_build\\_%'",
      );
      for (const r of stale.rows)
        await c.query(`DROP DATABASE IF EXISTS ${ident(r.datname)} WITH (FORCE)`);
      const building = `${tpl}_build_${process.pid}`;
      await c.query(`CREATE DATABASE ${ident(building)}`);
      try {
        await applyMigrations(withDatabase(serverUrl, building));
        await c.query(`ALTER DATABASE ${ident(building)} RENAME TO ${ident(tpl)}`);
      } catch (e) {
        await c.query(`DROP DATABASE IF EXISTS ${ident(building)} WITH (FORCE)`);
        throw e;
      }
      return tpl;
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, async (c) => {
    // A pool's end() resolves before its sockets have closed; terminating those connections
    // (FORCE) would then hand a closing client an error nobody listens for. Wait for them to go
    // (a few seconds at most), then drop whatever is left.
    for (let attempt = 0; attempt < 50; attempt++) {
      const r = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (r.rows[0]?.n === 0) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
  });
}

/** Drops this run's clones that a crashed or killed test file left behind. */
export async function dropRunClones(serverUrl: string, id = runId()): Promise<string[]> {
  return withAdmin(serverUrl, async (c) => {
    const r = await c.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `cc\\_test\\_${id}\\_%`,
    ]);
    for (const row of r.rows)
      await c.query(`DROP DATABASE IF EXISTS ${ident(row.datname)} WITH (FORCE)`);
    return r.rows.map((row) => row.datname as string);
  });
}

/** Drops clones of earlier runs whose process is gone and that nobody is connected to. */
export async function dropOrphanClones(serverUrl: string): Promise<void> {
  await withAdmin(serverUrl, async (c) => {
    const r = await c.query(
      `SELECT d.datname FROM pg_database d
        WHERE d.datname LIKE 'cc\\_test\\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)`,
    );
    for (const { datname } of r.rows as { datname: string }[]) {
      const pid = Number(datname.split('_')[2]);
      if (Number.isInteger(pid) && !alive(pid)) {
        await c.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
      }
    }
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = await resolveServer();
  if (server === EMBEDDED) return createEmbedded();
  const tpl = await ensureTemplate(server);
  const name = `cc_test_${runId()}_${randomBytes(4).toString('hex')}`;
  await withAdmin(server, async (c) => {
    // A client connected to the template (someone's psql) makes cloning fail; it usually leaves.
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(tpl)}`);
        // A throw-away database need not wait for the disk at every commit: the same answers,
        // ~1.7× the commits per second on this machine. Isolation and ordering are unchanged.
        await c.query(`ALTER DATABASE ${ident(name)} SET synchronous_commit = off`);
        return;
      } catch (e) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  });
  return { url: withDatabase(server, name), drop: () => dropDatabase(server, name) };
}

async function createEmbedded(): Promise<TestDatabase> {
  const { startEmbeddedDatabase } = await import('../../dev/embedded-db');
  const e = await startEmbeddedDatabase({ inMemory: true });
  try {
    await applyMigrations(e.url);
  } catch (err) {
    await e.close();
    throw err;
  }
  return { url: e.url, drop: () => e.close() };
}
