// The production build that the fault tests, the page matrix and the browser tests share: made
// only when something it is made from changed since (as `npm run demo` does), into `.next` or
// NEXT_DIST_DIR, so a CI run builds once.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = process.env.NEXT_DIST_DIR || '.next';
export const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let m = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return m;
}

export function buildIsStale(): boolean {
  const stamp = path.join(ROOT, DIST, 'BUILD_ID');
  if (!existsSync(stamp)) return true;
  const inputs = [newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'public'))];
  for (const f of ['package-lock.json', 'next.config.ts', 'prisma/schema.prisma', 'postcss.config.mjs']) {
    inputs.push(statSync(path.join(ROOT, f)).mtimeMs);
  }
  return Math.max(...inputs) > statSync(stamp).mtimeMs;
}

/** Runs the `next` command line (e.g. `['build']`) and resolves when it exits 0. */
export function runNext(args: string[], env: NodeJS.ProcessEnv, stdout: 'inherit' | 'ignore' = 'inherit'): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', stdout, 'inherit'] });
    c.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next ${args.join(' ')} exited ${code}`))));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
