// The server's start, as a process: with a production configuration that lacks a secret or uses
// a development one, it exits with the names before serving anything.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_ENV } from '../support/production-env';

const root = path.resolve(__dirname, '../..');

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['--conditions=react-server', '--tsconfig', path.join(root, 'tsconfig.json'), path.join(root, 'tests/support/boot-child.ts')],
      // Only what a deployment would set: nothing of this test process's own environment.
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', NEXT_RUNTIME: 'nodejs', OUTBOX_ENABLED: 'false', ...env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('server start in production', { timeout: 120_000 }, () => {
  it('refuses a missing webhook secret and a development client secret, naming both and no value', async () => {
    const { PRIVACY_COURSE_WEBHOOK_SECRET: _missing, ...env } = PRODUCTION_ENV;
    const r = await start({ ...env, OIDC_CLIENT_SECRET: 'dev-client-secret' });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('BOOTED');
    expect(r.stderr).toContain('PRIVACY_COURSE_WEBHOOK_SECRET: is required but not set');
    expect(r.stderr).toContain('OIDC_CLIENT_SECRET: is a development value');
    expect(r.stderr).toContain('The server did not start');
    for (const secret of [env.AUTH_SECRET, env.DATABASE_URL, 'dev-client-secret']) expect(r.stderr).not.toContain(secret);
  });

  it('starts with a complete production configuration', async () => {
    const r = await start(PRODUCTION_ENV);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('BOOTED');
    expect(r.code).toBe(0);
  });
});
