// Load generator for GET /api/v1/access against an app that is already running.
//   BENCH_URL     the app (default http://localhost:3000; loopback only)
//   DATABASE_URL  the app's database: used to create temporary keys and find a known subject
//   BENCH_API_KEY use this key instead of creating keys (then the key's rate limit applies)
//   BENCH_SUBJECT / BENCH_WORKSITE  the person and worksite to ask about
//   BENCH_REQUESTS requests per run (default 2000), BENCH_MAX_SECONDS time bound per run (60)
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { generateApiKey, hashApiKey, keyPrefix } from '../src/server/api-keys/token';

const BASE = new URL(process.env.BENCH_URL ?? 'http://localhost:3000');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const MAX_MS = Number(process.env.BENCH_MAX_SECONDS ?? 60) * 1000;
// Stay under the per-key limit (600 a minute) by spreading calls over several keys.
const CALLS_PER_KEY = 500;

if (!['localhost', '127.0.0.1', '[::1]'].includes(BASE.hostname) || BASE.protocol !== 'http:') {
  console.error(`BENCH_URL must be http on this machine (localhost, 127.0.0.1 or [::1]); got ${BASE.href}`);
  process.exit(2);
}

type Target = { keys: string[]; subject: string; worksite: string; cleanup: () => Promise<void> };

async function prepare(): Promise<Target> {
  const given = process.env.BENCH_API_KEY;
  if (given && process.env.BENCH_SUBJECT && process.env.BENCH_WORKSITE)
    return { keys: [given], subject: process.env.BENCH_SUBJECT, worksite: process.env.BENCH_WORKSITE, cleanup: async () => {} };
  if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL (the running app’s database) or BENCH_API_KEY, BENCH_SUBJECT and BENCH_WORKSITE.');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    // A fully enrolled person with an active membership at an active worksite: the full path.
    const { rows } = await client.query<{ subject: string; worksiteCode: string }>(`
      SELECT la.subject, w."worksiteCode"
        FROM "Membership" m
        JOIN "Worksite" w ON w.id = m."worksiteId"
        JOIN "LoginAccount" la ON la."personId" = m."personId" AND la.provider = 'bcsc'
        LEFT JOIN "Enrolment" e ON e."personId" = m."personId"
       ORDER BY (m.status = 'ACTIVE' AND w.status = 'ACTIVE' AND e.status = 'APPROVED') DESC, m."createdAt"
       LIMIT 1`);
    const subject = process.env.BENCH_SUBJECT ?? rows[0]?.subject;
    const worksite = process.env.BENCH_WORKSITE ?? rows[0]?.worksiteCode;
    if (!subject || !worksite) throw new Error('No membership in the database: start the app with demo data.');
    if (given) return { keys: [given], subject, worksite, cleanup: async () => {} };
    const owner = await client.query<{ id: string }>(
      `SELECT p.id FROM "Person" p LEFT JOIN "StaffRole" r ON r."personId" = p.id AND r.role = 'STAFF_ADMIN'
        ORDER BY (r.id IS NOT NULL) DESC, p."createdAt" LIMIT 1`,
    );
    const keys: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < Math.ceil((REQUESTS * 2) / CALLS_PER_KEY) + 1; i++) {
      const key = generateApiKey();
      const r = await client.query<{ id: string }>(
        `INSERT INTO "ApiKey" (id, name, prefix, "keyHash", "createdById", "createdAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, $4, now(), now()) RETURNING id`,
        [`Benchmark ${new Date().toISOString()} #${i + 1}`, keyPrefix(key), hashApiKey(key), owner.rows[0]!.id],
      );
      keys.push(key);
      ids.push(r.rows[0]!.id);
    }
    return {
      keys,
      subject,
      worksite,
      cleanup: async () => {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        await c.query(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE id = ANY($1::uuid[])`, [ids]);
        await c.end();
      },
    };
  } finally {
    await client.end();
  }
}

function get(agent: Agent, path: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: BASE.hostname.replace(/^\[|\]$/g, ''), port: BASE.port || 80, path, agent, headers: { authorization: `Bearer ${key}` } },
      (res) => {
        res.resume(); // drain, so the socket goes back to the pool
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function run(t: Target, concurrency: number, keyOffset: number, count = REQUESTS, quiet = false) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const path = `/api/v1/access?${new URLSearchParams({ subject: t.subject, worksite: t.worksite, location: 'onsite' })}`;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count && performance.now() - started < MAX_MS) {
      const i = next++;
      const key = t.keys[(keyOffset + Math.floor(i / CALLS_PER_KEY)) % t.keys.length]!;
      const t0 = performance.now();
      const status = await get(agent, path, key);
      latencies.push(performance.now() - t0);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  if (quiet) return;
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(
    `concurrency ${String(concurrency).padStart(2)}: ${latencies.length} requests in ${seconds.toFixed(1)} s = ` +
      `${(latencies.length / seconds).toFixed(0)} req/s; p50 ${ms(percentile(latencies, 50))}, ` +
      `p95 ${ms(percentile(latencies, 95))}, p99 ${ms(percentile(latencies, 99))}; ` +
      `status ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`,
  );
}

async function main() {
  const target = await prepare();
  try {
    console.log(`GET ${BASE.origin}/api/v1/access (subject ${target.subject.slice(0, 8)}…, worksite ${target.worksite})`);
    // Warm up the route (compilation in dev, connection pools) before measuring.
    await run(target, 1, target.keys.length - 1, 50, true);
    await run(target, 1, 0);
    await run(target, 10, Math.ceil(REQUESTS / CALLS_PER_KEY));
  } finally {
    await target.cleanup();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
