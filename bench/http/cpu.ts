// The app's CPU per request, page by page, next to an empty page of the same size (/floor) asked
// for by the same person (`tsx --conditions=react-server bench/http/cpu.ts`). Requests are
// sequential, rounds interleave the targets, and the CPU time (user + system, from /proc) of the
// app process and of the database's backends is read around each batch, so other work on the
// machine does not count against a page.
//   BENCH_CPU_REQUESTS  requests per target per round (default 40)
//   BENCH_CPU_ROUNDS    rounds (default 3)
//   BENCH_PROFILE=1     also writes a V8 CPU profile of the app (bench/http/app.ts)
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import type { Target } from './measure';
import { check, emptyPageLike, send, withBench } from './setup';
import { targets } from './targets';

const N = Number(process.env.BENCH_CPU_REQUESTS ?? 40);
const ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3);
const TICK_MS = 1000 / 100; // USER_HZ on Linux

/** The process listening on the port (the Next server), found through /proc/net/tcp. */
function listenerPid(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      }
    } catch {
      // gone, or not ours
    }
  }
  throw new Error(`No process listens on port ${port}`);
}

/** CPU milliseconds (user + system) the process has used so far (0 once it is gone). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const cols = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(cols[11]) + Number(cols[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving the benchmark's database (their title names it). */
function backendPids(database: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `);
      } catch {
        return false;
      }
    })
    .map(Number);
}

type Sample = { cpu: number; db: number; wall: number };

// Without accept-encoding, as autocannon asks: the answer is not compressed.
const plain = (t: Target): Target => ({
  ...t,
  headers: { ...t.headers, 'accept-encoding': 'identity' },
});

async function batch(base: string, t: Target, app: number, database: string): Promise<Sample> {
  const backends = backendPids(database);
  const dbMs = () => backends.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const [c0, d0, w0] = [cpuMs(app), dbMs(), performance.now()];
  for (let i = 0; i < N; i++) await send(base, plain(t)).then((r) => r.arrayBuffer());
  return { cpu: (cpuMs(app) - c0) / N, db: (dbMs() - d0) / N, wall: (performance.now() - w0) / N };
}

async function main() {
  const server = process.env.BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const port = Number(process.env.BENCH_PORT ?? 3200);
  await withBench({ server, port }, async ({ app, fx, databaseUrl }) => {
    const database = new URL(databaseUrl).pathname.slice(1);
    const pid = listenerPid(port);
    const pages = (await targets(app.url, fx)).filter((t) => t.floor);
    const list: { t: Target; floorOf?: string }[] = [];
    const dash = pages[0]!;
    const out = await emptyPageLike(
      app.url,
      'Empty page, signed out (dashboard size)',
      await check(app.url, dash),
    );
    list.push({ t: out });
    for (const t of pages) {
      const bytes = await check(app.url, t);
      list.push({
        t: await emptyPageLike(app.url, `Empty page like "${t.name}"`, bytes, t.headers),
        floorOf: t.name,
      });
      list.push({ t });
      console.log(`${t.name}: ${bytes} bytes`);
    }
    for (const { t } of list) await batch(app.url, t, pid, database); // warm up
    const sums = new Map<string, Sample>();
    for (let r = 0; r < ROUNDS; r++) {
      for (const { t } of list) {
        const b = await batch(app.url, t, pid, database);
        const s = sums.get(t.name) ?? { cpu: 0, db: 0, wall: 0 };
        sums.set(t.name, {
          cpu: s.cpu + b.cpu / ROUNDS,
          db: s.db + b.db / ROUNDS,
          wall: s.wall + b.wall / ROUNDS,
        });
      }
    }
    const rows = [
      '| Target | App CPU ms/request | × empty page | + PostgreSQL CPU ms | × empty page (both) | wall ms/request |',
      '| --- | --- | --- | --- | --- | --- |',
    ];
    const signedOut = sums.get(out.name)!;
    for (let i = 0; i < list.length; i++) {
      const { t, floorOf } = list[i]!;
      const s = sums.get(t.name)!;
      // A page against the empty page before it; an empty page against the signed-out one.
      const floor = t === out ? null : floorOf ? signedOut : sums.get(list[i - 1]!.t.name)!;
      const ratio = (f: number, p: number) => (floor ? (f / p).toFixed(2) : '—');
      rows.push(
        `| ${t.name} | ${s.cpu.toFixed(1)} | ${ratio(floor?.cpu ?? 0, s.cpu)} | ${s.db.toFixed(1)} | ${ratio((floor?.cpu ?? 0) + (floor?.db ?? 0), s.cpu + s.db)} | ${s.wall.toFixed(1)} |`,
      );
    }
    console.log(
      `\n${rows.join('\n')}\n\nload average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')}; ${N} requests × ${ROUNDS} rounds`,
    );
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
