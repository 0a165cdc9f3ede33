// Runs before each integration test file is imported: the file gets its own fresh, migrated
// database, and DATABASE_URL points at it before any app module reads the environment.
import { afterAll } from 'vitest';
import { createTestDatabase } from './test-db';

// The outbox worker stays off: tests that need it start it themselves.
// Transaction limits are sized for a 2-core machine at a load average of 10, where a
// transaction may queue behind the audit chain's lock for many seconds.
Object.assign(process.env, {
  NODE_ENV: 'test',
  OUTBOX_ENABLED: 'false',
  LOG_LEVEL: 'warn',
  DATABASE_TX_MAX_WAIT_MS: '60000',
  DATABASE_TX_TIMEOUT_MS: '120000',
});

const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  const g = globalThis as unknown as {
    __ccPrisma?: { $disconnect(): Promise<void> };
    __ccPool?: { end(): Promise<void>; ended?: boolean };
  };
  // The client and pool must be gone before the database is dropped, or they log errors.
  if (g.__ccPrisma) await g.__ccPrisma.$disconnect();
  if (g.__ccPool && !g.__ccPool.ended) await g.__ccPool.end();
  delete g.__ccPrisma;
  delete g.__ccPool;
  await database.drop();
});
