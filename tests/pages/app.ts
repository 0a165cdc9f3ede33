// The production build of the portal, started against the page matrix's database. The build is
// reused when nothing it is made from changed since (as `npm run demo` and the e2e tests do), so
// CI builds once for both; NEXT_DIST_DIR picks another folder (default .next).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DIST, NEXT_BIN, ROOT, buildIsStale, freePort, runNext } from '../support/next-build';

export { DIST, ROOT };

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
  if (buildIsStale()) await runNext(['build'], env);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', 'localhost'], {
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
