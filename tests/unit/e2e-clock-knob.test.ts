// The browser tests' clock offset (dev/e2e-clock.cjs, E2E_CLOCK_FILE) must be impossible in
// production: the configuration refuses it, and the preload leaves Date alone there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/server/env';
import { PRODUCTION_ENV } from '../support/production-env';

const root = path.resolve(__dirname, '../..');
const DAY = 86_400_000;

/** How far (ms) Date.now() in a fresh node process with the preload is from its real clock. */
function shiftIn(env: Record<string, string>): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-clock-'));
  const file = path.join(dir, 'offset');
  writeFileSync(file, String(3 * DAY));
  const out = execFileSync(process.execPath, ['--require', path.join(root, 'dev/e2e-clock.cjs'), '-e', 'const R = globalThis.__ccRealDate ?? Date; console.log(Date.now() - R.now())'], {
    env: { PATH: process.env.PATH ?? '', ...env, E2E_CLOCK_FILE: file } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  // Two reads of the same clock a millisecond apart round to -0 days; + 0 makes that 0.
  return Math.round(Number(out.trim()) / DAY) + 0;
}

describe('E2E_CLOCK_FILE', () => {
  it('is refused by a production configuration, by name', () => {
    expect(() => parseEnv({ ...PRODUCTION_ENV, E2E_CLOCK_FILE: '/tmp/clock' })).toThrow('E2E_CLOCK_FILE: must not be set in production');
    expect(parseEnv({ ...PRODUCTION_ENV, DEMO_MODE: 'true', E2E_CLOCK_FILE: '/tmp/clock' }).E2E_CLOCK_FILE).toBe('/tmp/clock');
  });

  it('moves the clock in the e2e server (demo mode) and never in production', () => {
    expect(shiftIn({ NODE_ENV: 'production', DEMO_MODE: 'true' })).toBe(3);
    expect(shiftIn({ NODE_ENV: 'production' })).toBe(0);
  });
});
