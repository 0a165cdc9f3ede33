// npm run db:migrate | db:status | db:diff -- <name>
import pg from 'pg';
import { applyMigrations, diffSql, migrationStatus, writeMigration } from './lib/migrations';

function requireUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set. Example: postgres://postgres@127.0.0.1:5432/careconnect');
    process.exit(2);
  }
  return url;
}

async function withScratchDatabase<T>(baseUrl: string, fn: (url: string) => Promise<T>) {
  const name = `cc_shadow_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function main() {
  const [cmd, name] = process.argv.slice(2);
  if (cmd === 'migrate') {
    const applied = await applyMigrations(requireUrl());
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } else if (cmd === 'status') {
    console.log(JSON.stringify(await migrationStatus(requireUrl()), null, 2));
  } else if (cmd === 'diff') {
    if (!name) throw new Error('Usage: npm run db:diff -- <migration_name>');
    const sql = await withScratchDatabase(requireUrl(), diffSql);
    if (!sql || /^-- This is an empty migration/.test(sql)) {
      console.log('The schema matches the migrations; nothing written.');
      return;
    }
    console.log(`Wrote prisma/migrations/${writeMigration(name, sql)}/migration.sql — review it.`);
  } else {
    throw new Error('Usage: tsx scripts/db.ts migrate | status | diff <name>');
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
