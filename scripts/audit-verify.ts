// npm run audit:verify — verifies the audit trail (every link, every signed checkpoint, nothing
// left unsealed too long) and exits 1 when it fails. The checks run with their own client and the
// app's pure code (src/lib), so they need no app configuration; only --email loads the app's
// outbox (server modules: `npm run` gives tsx the react-server condition they need).
//   --export   also prints the latest checkpoint as a text file to keep outside the database
//   --check F  also checks an exported checkpoint file against today's chain
//   --email    also queues the latest checkpoint for PRIVACY_OFFICE_EMAIL (once a Pacific day)
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { DEVELOPMENT_SIGNING_SEED, checkpointExport, checkpointSignatureValid, parseCheckpointExport, signingKeyFromSeed } from '../src/lib/audit-checkpoint';
import { verifyAuditTrail } from '../src/lib/audit-trail-verify';

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set. Example: postgres://postgres@127.0.0.1:5432/careconnect');
    return 2;
  }
  if (!process.env.AUDIT_SIGNING_KEY) console.error('AUDIT_SIGNING_KEY is not set: checking signatures with the development key.');
  const key = signingKeyFromSeed(process.env.AUDIT_SIGNING_KEY || DEVELOPMENT_SIGNING_SEED);
  const args = process.argv.slice(2);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const r = await verifyAuditTrail(async (sql) => (await client.query(sql)).rows, {
      key,
      now: new Date(),
      maxUnsealedSeconds: Number(process.env.AUDIT_MAX_UNSEALED_SECONDS ?? 10),
    });
    let code = 0;
    if (!r.ok) {
      console.error(r.badId ? `Audit chain BROKEN at event ${r.badId}: ${r.problem}.` : `Audit trail FAILED: ${r.problem}.`);
      console.error('Events from there on cannot be trusted; investigate before anything else.');
      code = 1;
    } else {
      console.log(`Audit chain intact: ${r.count} events verified (${r.sealed} sealed, ${r.checkpoints} signed checkpoints).`);
    }
    const checkAt = args.indexOf('--check');
    if (checkAt >= 0) {
      const cp = parseCheckpointExport(readFileSync(args[checkAt + 1] ?? '', 'utf8'));
      const row = cp && (await client.query('SELECT "hash" FROM "AuditEvent" WHERE "seq" = $1', [String(cp.seq)])).rows[0];
      if (!cp || !checkpointSignatureValid(cp, key)) {
        console.error('The exported checkpoint is not a checkpoint signed by the configured key.');
        code = 1;
      } else if (row?.hash !== cp.headHash) {
        console.error(`The chain contradicts the exported checkpoint ${cp.seq}: history before it was rewritten.`);
        code = 1;
      } else console.log(`The exported checkpoint ${cp.seq} is a prefix of the chain.`);
    }
    if (args.includes('--export')) {
      const [last] = (
        await client.query(
          `SELECT "seq"::text AS seq, "headHash", to_char("signedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at, "keyId", "signature"
             FROM "AuditCheckpoint" ORDER BY "seq" DESC LIMIT 1`,
        )
      ).rows;
      if (last) {
        const cp = { seq: last.seq, headHash: last.headHash, signedAt: new Date(last.signed_at), keyId: last.keyId, signature: last.signature };
        process.stdout.write(checkpointExport(cp));
      }
    }
    await client.query('COMMIT');
    if (args.includes('--email')) code = Math.max(code, await emailCheckpoint());
    return code;
  } finally {
    await client.end();
  }
}

/** Through the app's own outbox, so the copy is sent (and retried) like every other email. */
async function emailCheckpoint(): Promise<number> {
  const { env } = await import('../src/server/env');
  const { emailLatestCheckpoint } = await import('../src/server/audit-sealer');
  const to = env().PRIVACY_OFFICE_EMAIL;
  if (!to) {
    console.error('PRIVACY_OFFICE_EMAIL is not set: no checkpoint was emailed.');
    return 2;
  }
  if (!(await emailLatestCheckpoint(to))) {
    console.error('There is no signed checkpoint yet: nothing was emailed.');
    return 1;
  }
  console.log(`The latest checkpoint is queued for ${to} (one copy a day; a second request the same day is ignored).`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`Audit verification failed to run: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
