import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
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
  override query(...args: unknown[]): never {
    note((this as unknown as Counted).__scope, args);
    return (super.query as (...a: unknown[]) => never)(...args);
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

// Round-trip counting (docs/decisions/027-round-trip-budget.md): a scope opened by
// countRoundTrips() counts every statement sent on its behalf. Outside a scope nothing is counted.
type Scope = { roundTrips: number; statements: string[] };
const scopes = new AsyncLocalStorage<Scope>();
type Counted = pg.PoolClient & { __scope?: Scope };

/** Runs fn and reports how many statements (database round trips) it sent. */
export async function countRoundTrips<T>(
  fn: () => PromiseLike<T>,
): Promise<{ result: T; roundTrips: number; statements: string[] }> {
  const scope: Scope = { roundTrips: 0, statements: [] };
  // Awaited inside the scope: a Prisma query only starts when it is awaited.
  const result = await scopes.run(scope, async () => await fn());
  return { result, roundTrips: scope.roundTrips, statements: scope.statements };
}

function note(scope: Scope | undefined, args: unknown[]) {
  if (!scope) return;
  scope.roundTrips++;
  const q = args[0] as string | { text?: string } | undefined;
  scope.statements.push(
    (typeof q === 'string' ? q : (q?.text ?? '')).replace(/\s+/g, ' ').slice(0, 160),
  );
}

// pool.query is counted where it is called (the caller's scope). A client checked out with
// connect() (a transaction) carries the scope of whoever checked it out until it is released:
// its statements are sent later, when the caller's async context may no longer be at hand.
class CountingPool extends pg.Pool {
  override query(...args: unknown[]): never {
    note(scopes.getStore(), args);
    return (super.query as (...a: unknown[]) => never)(...args);
  }
  override connect(): Promise<pg.PoolClient>;
  override connect(
    cb: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ): void;
  override connect(
    cb?: (
      err: Error | undefined,
      client: pg.PoolClient | undefined,
      done: (release?: unknown) => void,
    ) => void,
  ) {
    if (cb) return super.connect(cb);
    const scope = scopes.getStore();
    return super.connect().then((c: Counted) => {
      if (!scope) return c;
      c.__scope = scope;
      const release = c.release;
      c.release = (err?: Error | boolean) => {
        c.__scope = undefined;
        c.release = release;
        return release.call(c, err);
      };
      return c;
    });
  }
}

export function pool(): pg.Pool {
  g.__ccPool ??= (() => {
    const p = new CountingPool({
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
    transactionOptions: {
      maxWait: env().DATABASE_TX_MAX_WAIT_MS,
      timeout: env().DATABASE_TX_TIMEOUT_MS,
    },
  });
  return g.__ccPrisma;
}

export type Db = PrismaClient;
/** The client inside `db().$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
