import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium when present (Playwright cannot download its own browser everywhere),
// else Playwright's own; a clear error when neither is installed.
function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p) => p && existsSync(p));
  if (found) return found;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const own = require('playwright-core').chromium.executablePath() as string;
    if (existsSync(own)) return undefined;
  } catch {}
  throw new Error(
    'No Chromium found. Install it (Debian: apt-get install -y chromium) or run `npx playwright install chromium`, or set CHROMIUM_PATH.',
  );
}

const PORT = 3100;
export const E2E = {
  appUrl: `http://localhost:${PORT}`,
  oidcUrl: 'http://localhost:4100',
  mailUrl: 'http://localhost:1180',
  viewerUrl: 'https://viewer.e2e.example.test/login',
};

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1, // one app, one database, 2 cores
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Limits sized for a 2-core machine at a load average of 10, not expectations of speed.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E.appUrl,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  webServer: {
    command: 'npx tsx dev/launch.ts e2e',
    url: `${E2E.appUrl}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    // SIGTERM lets the launcher drop its throw-away database and stop its services.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      OIDC_PORT: '4100',
      MAIL_SMTP_PORT: '1125',
      MAIL_HTTP_PORT: '1180',
      SESSION_IDLE_MINUTES: '30',
      LOG_LEVEL: 'warn',
      VIEWER_URL: E2E.viewerUrl,
    },
  },
});
