import 'server-only';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '@/generated/prisma/client';
import { env } from './env';
import { noteConnectionFailure } from './outage';

// Lazy: a module-level client that throws on a missing DATABASE_URL would break `next build`.
const g = globalThis as unknown as { __ccPrisma?: PrismaClient; __ccPool?: pg.Pool };

// pg waits forever by default for a server that accepts but never answers (a hung host, a
// firewall dropping packets): every request would hang and the pool would never heal. Opening a
// connection is bounded by the outage setting, and a refused one is an outage (outage.ts);
// waiting for a pooled connection is only a busy moment and may take longer (below).
class WatchedClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: env().DATABASE_UNAVAILABLE_AFTER_MS });
  }
  override connect(): Promise<pg.Client>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<pg.Client> | void {
    if (!callback) {
      return super.connect().catch((e: unknown) => {
        noteConnectionFailure(e);
        throw e;
      });
    }
    super.connect((err: Error) => {
      if (err) noteConnectionFailure(err);
      callback(err);
    });
  }
}

export function pool(): pg.Pool {
  g.__ccPool ??= (() => {
    const p = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: env().DATABASE_POOL_SIZE,
      Client: WatchedClient,
      connectionTimeoutMillis: 10_000,
      // Notices a peer that vanished without closing the connection (an idle one in the pool).
      keepAlive: true,
    });
    // A dropped connection (database restart) must not crash the process; the pool reconnects.
    p.on('error', () => {});
    return p;
  })();
  return g.__ccPool;
}

export function db(): PrismaClient {
  g.__ccPrisma ??= new PrismaClient({
    adapter: new PrismaPg(pool()),
    // Prisma's defaults (2 s to start, 5 s to run) refuse transactions on a busy machine that
    // would have finished a moment later; the limits are settings so tests can size them for load.
    transactionOptions: { maxWait: env().DATABASE_TX_MAX_WAIT_MS, timeout: env().DATABASE_TX_TIMEOUT_MS },
  });
  return g.__ccPrisma;
}

export type Db = PrismaClient;
/** The client inside `db().$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
