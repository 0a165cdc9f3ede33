// Offline migrations through Prisma's WebAssembly schema engine (the CLI's native engine would
// be downloaded from a host these machines cannot reach). Writes the standard
// `_prisma_migrations` table, so `prisma migrate deploy` accepts the same history elsewhere.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const root = path.resolve(__dirname, '..', '..');
export const schemaPath = path.join(root, 'prisma', 'schema.prisma');
export const migrationsDir = path.join(root, 'prisma', 'migrations');
const noFilter = { externalTables: [], externalEnums: [] };

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diagnoseMigrationHistory(input: unknown): Promise<Record<string, unknown>>;
  diff(input: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free(): void;
};

let lastPanic: string | null = null;
let wasmReady: Promise<{ SchemaEngine: { new: (...a: unknown[]) => Promise<Engine> } }> | null =
  null;

// A plain `import` of the package fails on the .wasm extension under Node, so instantiate by hand.
function loadEngineModule() {
  // The engine reports a Rust panic here before it traps; keep the message for the error.
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (m: string) => void (lastPanic = m),
  };
  wasmReady ??= (async () => {
    const require = createRequire(__filename);
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = await import(bgPath);
    const bytes = readFileSync(path.join(path.dirname(bgPath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bg;
  })();
  return wasmReady;
}

function readSchema() {
  return { files: [{ path: 'schema.prisma', content: readFileSync(schemaPath, 'utf8') }] };
}

export function listMigrations() {
  mkdirSync(migrationsDir, { recursive: true });
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  const dirs = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lock) ? readFileSync(lock, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok', value: readFileSync(file, 'utf8') }
            : { tag: 'error', value: 'migration.sql is missing' },
        },
      };
    }),
  };
}

/** Runs fn with an engine bound to the database; always ends the pool (an idle leftover
 * connection would block `CREATE DATABASE … TEMPLATE`). */
export async function withEngine<T>(
  connectionString: string,
  fn: (engine: Engine) => Promise<T>,
  opts: { shadowIsSelf?: boolean } = {},
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  lastPanic = null;
  const pool = catalogCharAsText(new pg.Pool({ connectionString, max: 2 }));
  pool.on('error', () => {}); // a dropped scratch database terminates idle clients
  const pgFactory = new PrismaPg(pool);
  if (opts.shadowIsSelf) pgFactory.connectToShadowDb = () => pgFactory.connect();
  const factory = bindMigrationAwareSqlAdapterFactory(wholeScripts(pgFactory) as never);
  // The engine's log lines repeat whole scripts; errors carry what matters.
  const engine = await SchemaEngine.new({ datamodels: undefined }, () => {}, factory);
  try {
    return await fn(engine);
  } catch (e) {
    const detail = lastPanic ?? (e instanceof Error ? e.message : JSON.stringify(e));
    throw new Error(`Schema engine: ${detail.slice(0, 2000)}`);
  } finally {
    engine.free();
    await pool.end();
  }
}

// Catalog columns of type "char" (OID 18) are not in adapter-pg's type map, so pg reads them as
// text; the rows are remembered so the adapter can still tell the engine they are characters
// (its schema describer reads constraint kinds as a char and panics on text).
function catalogCharAsText(pool: pg.Pool): pg.Pool {
  const query = pool.query.bind(pool) as (...a: unknown[]) => Promise<unknown>;
  (pool as unknown as { query: unknown }).query = async (...args: unknown[]) => {
    const result = await query(...args);
    for (const set of Array.isArray(result) ? result : [result]) {
      const r = set as pg.QueryResult;
      const chars = (r?.fields ?? []).flatMap((f, i) => (f.dataTypeID === 18 ? [i] : []));
      for (const i of chars) r.fields[i]!.dataTypeID = 25;
      if (chars.length && r.rows) charColumns.set(r.rows, chars);
    }
    return result;
  };
  return pool;
}

type RawAdapter = { queryRaw(q: unknown): Promise<{ rows: object; columnTypes: number[] }> };
const charColumns = new WeakMap<object, number[]>();

type ScriptAdapter = { executeScript(s: string): Promise<void>; client: pg.Pool; onError(e: unknown): never };

// adapter-pg splits scripts on ';', which breaks function bodies ($$ … $$). PostgreSQL's simple
// query protocol runs a whole multi-statement script as the native engine would.
function wholeScripts(factory: PrismaPg) {
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  const patch = (adapter: unknown) => {
    const a = adapter as ScriptAdapter;
    a.executeScript = async function (this: ScriptAdapter, script: string) {
      try {
        await this.client.query(script);
      } catch (e) {
        this.onError(e);
      }
    };
    // Columns that were "char" in the catalog (see catalogCharAsText).
    const queryRaw = (a as unknown as RawAdapter).queryRaw.bind(a);
    (a as unknown as RawAdapter).queryRaw = async (q: unknown) => {
      const result = await queryRaw(q);
      for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
      return result;
    };
    return adapter;
  };
  factory.connect = async () => patch(await connect()) as never;
  factory.connectToShadowDb = async () => patch(await connectToShadowDb()) as never;
  return factory;
}

export async function applyMigrations(connectionString: string): Promise<string[]> {
  return withEngine(connectionString, async (engine) => {
    const res = await engine.applyMigrations({ migrationsList: listMigrations(), filters: noFilter });
    return res.appliedMigrationNames;
  });
}

export async function migrationStatus(connectionString: string) {
  return withEngine(connectionString, (engine) =>
    engine.diagnoseMigrationHistory({
      migrationsList: listMigrations(),
      optInToShadowDatabase: false,
      filters: noFilter,
    }),
  );
}

/** SQL that takes the committed migrations to the current schema, computed without a database
 * beyond the shadow one the engine needs to replay the migrations. */
export async function diffSql(shadowConnectionString: string): Promise<string> {
  return withEngine(shadowConnectionString, async (engine) => {
    const existing = listMigrations();
    const from =
      existing.migrationDirectories.length > 0
        ? { tag: 'migrations', ...existing }
        : { tag: 'empty' };
    const res = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', ...readSchema() },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return (res.stdout ?? '').trim();
  }, { shadowIsSelf: true });
}

export function writeMigration(name: string, sql: string): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  const dirName = `${stamp}_${name.replace(/[^a-z0-9_]+/gi, '_').toLowerCase()}`;
  mkdirSync(path.join(migrationsDir, dirName), { recursive: true });
  writeFileSync(path.join(migrationsDir, dirName, 'migration.sql'), `${sql}\n`);
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) {
    writeFileSync(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  return dirName;
}
