import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${here('./src')}/` },
      // Outside a react-server bundle the real package throws on import.
      { find: /^server-only$/, replacement: here('./tests/setup/empty.ts') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'src/**/*.test.{ts,tsx}'],
          environment: 'node',
          globalSetup: ['tests/setup/global-seed.ts'],
          setupFiles: ['tests/setup/clock.ts', 'tests/setup/fast-check.ts', 'tests/setup/console-guard.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-seed.ts', 'tests/setup/global-integration.ts'],
          setupFiles: [
            'tests/setup/clock.ts',
            'tests/setup/fast-check.ts',
            'tests/setup/integration.ts',
            'tests/setup/console-guard.ts',
          ],
          // Limits, not expectations: sized for a 2-core machine at a load average of 10.
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Two cores: more files at once only adds contention on the database server.
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          // The page × caller matrix against the production build (tests/pages): real time, since
          // the server it starts keeps the real clock; one file, one server.
          name: 'pages',
          include: ['tests/pages/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-seed.ts', 'tests/setup/global-integration.ts'],
          setupFiles: ['tests/setup/integration.ts', 'tests/setup/console-guard.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          maxWorkers: 1,
        },
      },
      {
        extends: true,
        test: {
          // Fault injection: proxies that cut the database, mail servers that go away, a worker
          // process killed mid-batch. One file at a time so the timings they depend on hold.
          name: 'hard',
          include: ['tests/faults/**/*.test.ts'],
          environment: 'node',
          // Real time here: these tests share rows with processes (a worker, PostgreSQL restarts)
          // that keep the real clock.
          globalSetup: ['tests/setup/global-seed.ts', 'tests/setup/global-integration.ts'],
          setupFiles: ['tests/setup/fast-check.ts', 'tests/setup/integration.ts', 'tests/setup/console-guard.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
