// Starts the production build of the portal against the benchmark's database, on loopback.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const DIST = process.env.NEXT_DIST_DIR ?? '.next-bench';
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function newest(dir: string): number {
  let m = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return m;
}

function stale(): boolean {
  const stamp = path.join(root, DIST, 'BUILD_ID');
  if (!existsSync(stamp)) return true;
  const inputs = [newest(path.join(root, 'src')), ...['package-lock.json', 'next.config.ts'].map((f) => statSync(path.join(root, f)).mtimeMs)];
  return Math.max(...inputs) > statSync(stamp).mtimeMs;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
  });
}

export type RunningApp = { url: string; stop: () => Promise<void> };

export async function startApp(p: { databaseUrl: string; port: number }): Promise<RunningApp> {
  const url = `http://localhost:${p.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_DIST_DIR: DIST,
    DATABASE_URL: p.databaseUrl,
    DATABASE_POOL_SIZE: '10',
    APP_URL: url,
    NEXTAUTH_URL: url,
    DEMO_MODE: 'true',
    // No mail server in the benchmark: emails stay in the outbox.
    OUTBOX_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  if (stale()) {
    console.log('Building the production app for the benchmark…');
    await run(bin('next'), ['build'], { ...env, NODE_ENV: 'production' });
  }
  const args = ['start', '-p', String(p.port), '-H', 'localhost'];
  // BENCH_PROFILE=1 writes a V8 CPU profile of the app to bench/results/profiles when it stops.
  const profile = process.env.BENCH_PROFILE === '1' ? [`--cpu-prof`, `--cpu-prof-dir=${path.join(root, 'bench', 'results', 'profiles')}`] : [];
  // BENCH_NODE_ARGS passes V8/Node flags to the app (e.g. --trace-gc), to see where its time goes.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...profile, path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), ...args], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited (${child.exitCode}) before it was ready`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The app did not become ready within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The id Next gave a server action in this build (it changes with every build). */
export async function serverActionId(exportName: string, moduleHint: string): Promise<string> {
  const file = path.join(root, DIST, 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(file, 'utf8'))) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === exportName && (entry.filename ?? '').includes(moduleHint)) return id;
  }
  throw new Error(`Server action ${exportName} (${moduleHint}) not found in the build manifest`);
}
