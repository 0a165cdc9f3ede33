// The production build of the portal, started against the page matrix's database. The build is
// reused when nothing it is made from changed since (as `npm run demo` and the e2e tests do), so
// CI builds once for both; NEXT_DIST_DIR picks another folder (default .next).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = process.env.NEXT_DIST_DIR || '.next';
const next = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let m = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return m;
}

function buildIsStale(): boolean {
  const stamp = path.join(ROOT, DIST, 'BUILD_ID');
  if (!existsSync(stamp)) return true;
  const inputs = [newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'public'))];
  for (const f of ['package-lock.json', 'next.config.ts', 'prisma/schema.prisma', 'postcss.config.mjs']) {
    inputs.push(statSync(path.join(ROOT, f)).mtimeMs);
  }
  return Math.max(...inputs) > statSync(stamp).mtimeMs;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [next, ...args], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next ${args.join(' ')} exited ${code}`))));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export type RunningApp = { url: string; stop: () => Promise<void>; output: () => string };

/** Builds when stale, then `next start` on a free loopback port; resolves once it answers. */
export async function startApp(databaseUrl: string): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: DIST,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    APP_URL: url,
    NEXTAUTH_URL: url,
    // Development secrets and a local sign-in provider are fine here: no real person's data.
    DEMO_MODE: 'true',
    OUTBOX_ENABLED: 'false',
    LOG_LEVEL: 'error',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  if (buildIsStale()) await run(['build'], env);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', 'localhost'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}) before answering:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.status > 0,
      () => false,
    );
    if (ok) break;
    if (i > 600) {
      await stop();
      throw new Error(`next start did not answer within a minute:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop, output: () => output };
}

/** The build's own list of routes: "/(admin)/admin/enrolments/page" → "/admin/enrolments". */
export function builtRoutes(): string[] {
  const file = path.join(ROOT, DIST, 'app-path-routes-manifest.json');
  return [...new Set(Object.values(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>))].sort();
}

/** Every server action in the build: its id, and the module and export it comes from. */
export function builtActions(): { id: string; name: string; file: string }[] {
  const file = path.join(ROOT, DIST, 'server', 'server-reference-manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as { node: Record<string, { exportedName?: string; filename?: string }> };
  return Object.entries(m.node).map(([id, e]) => ({ id, name: e.exportedName ?? '?', file: e.filename ?? '?' }));
}
