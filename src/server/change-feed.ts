import 'server-only';
import pg from 'pg';
import type { Tx } from './db';
import { env } from './env';
import { log } from './log';

// Pushes "this changed" from any app instance to every other one, through PostgreSQL
// LISTEN/NOTIFY on one dedicated connection per process. A cache subscribes to a channel and drops
// what a message names; while the connection is down (database restart, network) `live()` is
// false and every cache must go to the database, since notifications sent meanwhile are lost.
// After reconnecting, subscribers are told to forget everything (`onReset`).

export type Subscriber = { onMessage: (payload: string) => void; onReset: () => void };

export type ChangeFeed = {
  subscribe(channel: string, s: Subscriber): () => void;
  /** True while listening on every subscribed channel: a cached value may be trusted. */
  live(): boolean;
  /** Resolves once every notification committed before the call has been handled here (at
   * once when not listening: then nothing is cached). */
  sync(): Promise<void>;
  /** Failed attempts to listen since it last went live (for health reporting). */
  failures(): number;
  /** The listening connection's server process, for operators (and tests that cut it). */
  backendPid(): number | null;
  close(): Promise<void>;
};

const SYNC_CHANNEL = 'cc_feed_sync';
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const RETRY_MS = [100, 250, 500, 1000, 2000, 5000];
const SYNC_TIMEOUT_MS = 3000;

export function createChangeFeed(connectionString: string): ChangeFeed {
  const subs = new Map<string, Set<Subscriber>>();
  const syncs = new Map<string, () => void>();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let isLive = false;
  let closed = false;
  let attempt = 0;
  let syncSeq = 0;
  // One statement at a time on the connection (pg queues them, but warns).
  let queue: Promise<unknown> = Promise.resolve();
  const run = (c: pg.Client, sql: string, params: unknown[] = []) => {
    const p = queue.then(() => c.query(sql, params));
    queue = p.catch(() => {});
    return p;
  };

  /** Sends a notification to ourselves and waits for it: every earlier one has then arrived. */
  const roundTrip = async (): Promise<boolean> => {
    const token = `${process.pid}:${++syncSeq}`;
    let timer: NodeJS.Timeout | undefined;
    const seen = new Promise<boolean>((resolve) => {
      syncs.set(token, () => resolve(true));
      timer = setTimeout(() => resolve(false), SYNC_TIMEOUT_MS);
    });
    // Sent from another connection: some servers (an embedded database) deliver a session's
    // own notifications but no one else's, and those must count as broken.
    const sender = new pg.Client({ connectionString, connectionTimeoutMillis: 5000 });
    try {
      await sender.connect();
      await sender.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, token]);
      return await seen;
    } finally {
      clearTimeout(timer);
      syncs.delete(token);
      await sender.end().catch(() => {});
    }
  };

  const resetAll = () => {
    for (const set of subs.values()) for (const s of set) s.onReset();
  };

  const dropped = (c: pg.Client) => {
    if (client !== c) return;
    client = null;
    isLive = false;
    resetAll();
    // Nothing cached survives a reset, so a waiting sync() has nothing left to wait for.
    for (const done of syncs.values()) done();
    syncs.clear();
    c.end().catch(() => {});
    if (closed) return;
    const wait = RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]!;
    setTimeout(() => void connect(), wait).unref();
  };

  const connect = (): Promise<void> => {
    if (closed || client) return Promise.resolve();
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString, keepAlive: true, connectionTimeoutMillis: 5000 });
      c.on('error', () => dropped(c));
      c.on('end', () => dropped(c));
      c.on('notification', (n) => {
        if (n.channel === SYNC_CHANNEL) return syncs.get(n.payload ?? '')?.();
        for (const s of subs.get(n.channel) ?? []) s.onMessage(n.payload ?? '');
      });
      try {
        await c.connect();
        client = c;
        for (const ch of [SYNC_CHANNEL, ...subs.keys()]) await run(c, `LISTEN ${ch}`);
        // Some servers accept LISTEN but do not deliver other sessions' notifications (an
        // embedded database): then the feed never goes live and nothing is ever cached.
        if (!(await roundTrip()))
          throw new Error('LISTEN accepted but notifications do not arrive');
        if (client !== c) return;
        // Anything cached before now may have missed a message: start from nothing.
        resetAll();
        isLive = true;
        attempt = 0;
      } catch (error) {
        // Info, not warn: caches only go to the database meanwhile.
        log.info('change feed: cannot listen yet', { error });
        if (client === c) dropped(c);
        else {
          c.end().catch(() => {});
          if (!closed)
            setTimeout(
              () => void connect(),
              RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]!,
            ).unref();
        }
      }
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  };

  return {
    subscribe(channel, s) {
      if (!CHANNEL.test(channel)) throw new Error(`Bad channel name: ${channel}`);
      const isNew = !subs.has(channel);
      if (isNew) subs.set(channel, new Set());
      subs.get(channel)!.add(s);
      if (isNew && client) {
        // Not live for this channel until LISTEN is in place.
        isLive = false;
        const c = client;
        run(c, `LISTEN ${channel}`).then(
          () => {
            if (client === c) isLive = true;
          },
          () => dropped(c),
        );
      } else void connect();
      return () => subs.get(channel)?.delete(s);
    },
    live: () => isLive,
    failures: () => attempt,
    backendPid: () => (client as (pg.Client & { processID?: number }) | null)?.processID ?? null,
    async sync() {
      const c = client;
      // Not listening: nothing is cached anywhere here, so there is nothing to wait for.
      if (!c || !isLive) {
        void connect();
        return;
      }
      // Notifications arrive in commit order, so ours comes after every earlier one. One that
      // does not come back means the feed is broken: start afresh (the reset empties every
      // cache, so returning is safe).
      if (!(await roundTrip())) dropped(c);
    },
    async close() {
      closed = true;
      isLive = false;
      const c = client;
      client = null;
      if (c) await c.end().catch(() => {});
    },
  };
}

const g = globalThis as unknown as { __ccChangeFeed?: ChangeFeed };

/** The process's feed, on the portal's database. */
export function changeFeed(): ChangeFeed {
  g.__ccChangeFeed ??= createChangeFeed(env().DATABASE_URL);
  return g.__ccChangeFeed;
}

/** Announces a change; inside a transaction it is delivered only if that transaction commits. */
export async function notifyChange(
  tx: Pick<Tx, '$executeRaw'>,
  channel: string,
  payload: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${channel}, ${payload})`;
}
