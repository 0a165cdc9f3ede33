// npm run db:migrate | db:status | db:diff -- <name> | db:check
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

/** SQL from the replayed migrations to the schema file; empty when they agree. */
async function pendingSql(): Promise<string> {
  const sql = await withScratchDatabase(requireUrl(), diffSql);
  return /^-- This is an empty migration/.test(sql) ? '' : sql;
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
    const sql = await pendingSql();
    if (!sql) {
      console.log('The schema matches the migrations; nothing written.');
      return;
    }
    console.log(`Wrote prisma/migrations/${writeMigration(name, sql)}/migration.sql — review it.`);
  } else if (cmd === 'check') {
    // CI: a schema change without its migration (or a migration the schema does not reflect).
    const sql = await pendingSql();
    if (!sql) {
      console.log('prisma/schema.prisma and prisma/migrations agree.');
      return;
    }
    console.error(
      `prisma/schema.prisma and prisma/migrations disagree. Replaying the migrations and then running this SQL would give the schema:\n\n${sql}\n\nWrite it as a migration with \`npm run db:diff -- <name>\` (or fix the schema), then review it.`,
    );
    process.exit(1);
  } else {
    throw new Error('Usage: tsx scripts/db.ts migrate | status | diff <name> | check');
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
