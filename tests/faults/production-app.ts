// The production build of the portal, started for a fault test: what a browser really gets
// (status codes, headers, the proxy) can only be seen over HTTP from `next start`. The build is
// made only when something it is made from changed, into the folder the demo, the page matrix and
// the e2e tests reuse (`.next`, or NEXT_DIST_DIR), so a CI run builds once.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DIST, NEXT_BIN, ROOT, buildIsStale, freePort, runNext } from '../support/next-build';
import { until } from '../support/tcp-proxy';

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
  if (buildIsStale()) await runNext(['build'], env, 'ignore');

  const logs: AppLogLine[] = [];
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', 'localhost'], {
    cwd: ROOT,
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
  const manifest = JSON.parse(readFileSync(path.join(ROOT, DIST, 'server', 'server-reference-manifest.json'), 'utf8')) as {
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
