// npm run audit:verify — recomputes the audit hash chain and exits 1 when it is broken.
// Talks to the database directly (same SQL as src/server/audit-verify.ts) so it runs under
// plain tsx, where server-only modules refuse to load.
import pg from 'pg';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'DATABASE_URL is not set. Example: postgres://postgres@127.0.0.1:5432/careconnect',
    );
    return 2;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One snapshot, so events committed meanwhile cannot skew the count.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const broken = await client.query<{ bad_id: string; problem: string }>(
      'SELECT bad_id::text, problem FROM cc_audit_verify()',
    );
    const total = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM "AuditEvent"');
    await client.query('COMMIT');
    const first = broken.rows[0];
    if (first) {
      console.error(`Audit chain BROKEN at event ${first.bad_id}: ${first.problem}.`);
      console.error('Events from this one on cannot be trusted; investigate before anything else.');
      return 1;
    }
    console.log(`Audit chain intact: ${total.rows[0]?.n ?? '0'} events verified.`);
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(
      `Audit verification failed to run: ${e instanceof Error ? e.message : String(e)}`,
    );
    process.exit(2);
  },
);
