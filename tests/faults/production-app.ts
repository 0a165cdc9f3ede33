// The production build of the portal, started for a fault test: what a browser really gets
// (status codes, headers, the proxy) can only be seen over HTTP from `next start`. The build is
// made only when something it is made from changed, into the folder the demo, the page matrix and
// the e2e tests reuse (`.next`, or NEXT_DIST_DIR), so a CI run builds once.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { until } from '../support/tcp-proxy';

const root = path.resolve(__dirname, '..', '..');
const DIST = process.env.NEXT_DIST_DIR || '.next';
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
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
  const inputs = [newest(path.join(root, 'src')), newest(path.join(root, 'public'))];
  for (const f of ['package-lock.json', 'next.config.ts', 'prisma/schema.prisma', 'postcss.config.mjs']) inputs.push(statSync(path.join(root, f)).mtimeMs);
  return Math.max(...inputs) > statSync(stamp).mtimeMs;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [nextBin, ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
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

export type AppLogLine = { level: string; msg: string; [field: string]: unknown };

export type ProductionApp = {
  url: string;
  /** The app's structured log lines so far. */
  logs: AppLogLine[];
  /** The id this build gave a server action. */
  actionId(exportName: string, fileHint: string): string;
  stop(): Promise<void>;
};

export async function startProductionApp(p: { databaseUrl: string }): Promise<ProductionApp> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: '1',
    // Development defaults on a production build, with secrets of its own.
    DEMO_MODE: 'true',
    AUTH_SECRET: randomBytes(32).toString('hex'),
    PRIVACY_COURSE_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
    DATABASE_URL: p.databaseUrl,
    APP_URL: url,
    NEXTAUTH_URL: url,
    OUTBOX_ENABLED: 'false',
    LOG_LEVEL: 'info',
  };
  if (stale()) await run(['build'], env);

  const logs: AppLogLine[] = [];
  const child: ChildProcess = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', 'localhost'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) {
        if (!l.startsWith('{')) continue;
        try {
          logs.push(JSON.parse(l) as AppLogLine);
        } catch {
          // not one of ours
        }
      }
    });
  }
  await until(
    'the app to answer its health check',
    async () => {
      if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}) before it was ready`);
      return (await fetch(`${url}/api/health`).catch(() => null))?.ok ?? false;
    },
    90_000,
    250,
  );
  const manifest = JSON.parse(readFileSync(path.join(root, DIST, 'server', 'server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  return {
    url,
    logs,
    actionId(exportName, fileHint) {
      const found = Object.entries(manifest.node).find(([, e]) => e.exportedName === exportName && (e.filename ?? '').includes(fileHint));
      if (!found) throw new Error(`Server action ${exportName} (${fileHint}) is not in the build manifest`);
      return found[0];
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
