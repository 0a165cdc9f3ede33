// npm run bench: seeds a realistic volume into a throw-away database, times the team's queries
// (bench/queries.ts), then starts the production build and measures pages, the access API and a
// server action at 1 and 10 connections. Each page is reported as a share of an empty page of the
// same size from the same build (/floor), with its database round trips per request counted on
// the wire (pg-count.ts); a bare Node http server sending the dashboard's bytes is shown too.
//   BENCH_SERVER   PostgreSQL server for the throw-away database (default the local one)
//   BENCH_SECONDS  seconds per round (default 6)
//   BENCH_ROUNDS   rounds per target, interleaved with its empty page (default 3); the report
//                  gives requests/s over all rounds and the median of the rounds' latencies
//   BENCH_PORT     port for the app (default 3200, loopback)
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFloor } from './floor';
import { combine, measure, table, type Result, type Row, type Target } from './measure';
import type { PgCounter } from './pg-count';
import { check, emptyPageLike, send, tsx, withBench } from './setup';
import { targets } from './targets';

const root = path.resolve(__dirname, '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const server = process.env.BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Database round trips per request, counted on the wire over sequential requests. */
async function roundTripsOf(base: string, t: Target, counter: PgCounter, n = 20): Promise<number> {
  // Asked of the counting instance, so a server action names its origin.
  const here = t.headers?.origin ? { ...t, headers: { ...t.headers, origin: new URL(base).origin } } : t;
  await check(base, here); // warm, and a refused request would count the wrong thing
  counter.reset();
  for (let i = 0; i < n; i++) await send(base, here).then((r) => r.arrayBuffer());
  return counter.roundTrips / n;
}

async function main() {
  const skipQueries = process.env.BENCH_SKIP_QUERIES === '1';
  await withBench(
    // Server time of the team's queries on the same data, before the HTTP runs load the machine.
    {
      server,
      port: PORT,
      count: true,
      beforeApp: skipQueries ? undefined : (databaseUrl) => tsx('bench/queries.ts', databaseUrl),
    },
    async ({ app, fx, counted, volume }) => {
      const list = await targets(app.url, fx);
      const sizes = new Map<string, number>();
      for (const t of list) sizes.set(t.name, await check(app.url, t));
      const dashboard = list[0]!;
      const dashBytes = sizes.get(dashboard.name)!;
      // Each page next to an empty page of its own size from the same build, asked for by the same
      // person (so both pay the session check); the dashboard's also signed out.
      const floors = new Map<string, Target>();
      for (const t of list.filter((x) => x.floor)) {
        floors.set(
          t.name,
          await emptyPageLike(
            app.url,
            `Empty page like "${t.name}"`,
            sizes.get(t.name)!,
            t.headers,
          ),
        );
      }
      const signedOut = await emptyPageLike(
        app.url,
        'Empty page, signed out (dashboard size)',
        dashBytes,
      );
      const bare = await startFloor(Buffer.from(await (await send(app.url, dashboard)).text()));
      const results: Row[] = [];
      const roundTrips = new Map<string, number>();
      try {
        for (const connections of [1, 10]) {
          // Targets measured together, round by round (a page and its empty page back to back, so
          // both see the same load); one result per target over all its rounds.
          const run = async (ts: Target[], base = app.url) => {
            const rounds: Result[][] = ts.map(() => []);
            for (const t of ts) {
              if (connections === 1 && base === app.url)
                roundTrips.set(t.name, await roundTripsOf(counted!.app.url, t, counted!.counter));
              await measure(base, t, connections, 2); // warm up
            }
            for (let i = 0; i < ROUNDS; i++)
              for (const [j, t] of ts.entries()) rounds[j]!.push(await measure(base, t, connections, SECONDS));
            return Promise.all(
              ts.map(async (t, j) => {
                const r = combine(rounds[j]!);
                console.log(
                  `${t.name} @${connections}: ${r.rps.toFixed(0)} req/s, p99 ${r.p99} ms (rounds ${r.p99s.join(', ')}), failed ${r.failures}`,
                );
                const bytes = base === app.url ? await check(base, t) : null;
                return { ...r, bytes, roundTrips: roundTrips.get(t.name) ?? null };
              }),
            );
          };
          const [b] = await run(
            [{ name: 'Bare Node http, same bytes as the dashboard', path: '/' }],
            bare.url,
          );
          results.push({ ...b!, ratio: null });
          const [out] = await run([signedOut]);
          results.push({ ...out!, ratio: 1 });
          for (const t of list) {
            const f = floors.get(t.name);
            const [fr, r] = f ? await run([f, t]) : [null, (await run([t]))[0]!];
            if (fr)
              results.push({
                ...fr,
                ratio: fr.rps > 0 ? fr.rps / out!.rps : null,
                name: `${fr.name} (× signed-out empty page)`,
              });
            results.push({ ...r!, ratio: fr && fr.rps > 0 ? r!.rps / fr.rps : null });
          }
        }
      } finally {
        await bare.close();
      }
      const report = table(results);
      // The machine's load goes with the numbers: two shared cores swing with whatever else runs.
      const loadavg = os.loadavg();
      console.log(`\n${report}\n\nLoad average: ${loadavg.map((l) => l.toFixed(2)).join(' / ')}\n`);
      mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
      const out = path.join(
        root,
        'bench',
        'results',
        `http-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`,
      );
      writeFileSync(out, JSON.stringify({ seconds: SECONDS, volume, loadavg, results }, null, 2));
      console.log(`Saved ${path.relative(root, out)}`);
      const failed = results.filter((r) => r.failures > 0 || r.requests === 0);
      if (failed.length) {
        console.error(
          `Requests failed in: ${failed.map((r) => `${r.name} @${r.connections}`).join(', ')}`,
        );
        process.exitCode = 1;
      }
    },
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
