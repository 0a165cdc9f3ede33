import 'server-only';
import pg from 'pg';
import { newReference, unavailableDigest } from '@/lib/unavailable';
import { env } from './env';
import { log } from './log';
import { currentOutage, endOutage, recordOutage } from './outage-state';

// A database that cannot be reached is an outage, never "not signed in" (docs/decisions/020).
// Who notices one records it here; while it lasts the proxy answers pages with 503, and a probe
// on a connection of its own (not the app's pool, which may only be busy) ends it.

/** Pages keep answering 503 this long after the last failure, so a page sent back to the proxy
 * to be answered 503 (see session.ts) never finds the outage already over and loops. */
const HOLD_MS = 2000;
const PROBE_EVERY_MS = 1000;

/** The database could not be reached, so nothing was attempted; `digest` reaches error pages. */
export class DatabaseUnavailableError extends Error {
  readonly reference = newReference();
  readonly digest: string;
  constructor(cause: unknown) {
    super('The database cannot be reached', { cause });
    this.name = 'DatabaseUnavailableError';
    this.digest = unavailableDigest(this.reference);
  }
}

// What pg, Node and Prisma (with adapter-pg) say when the server refused, dropped, is restarting,
// never answered, or the pool had no connection to give.
const MESSAGE =
  /Connection terminated|Connection closed|timeout expired|timeout exceeded when trying to connect|Can't reach database|Server has closed the connection|connection timeout|database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|terminating connection due to|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/i;
const CODE = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|08\w{3}|57P0[123]|53300|P1001|P1002|P1008|P1017|P2024)$/;
const KIND = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/** True when an error (or one it wraps) means the database could not be reached or answer. */
export function isDatabaseUnreachable(e: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  while (queue.length && seen.size < 12) {
    const c = queue.shift();
    if (!c || typeof c !== 'object' || seen.has(c)) continue;
    seen.add(c);
    if (c instanceof DatabaseUnavailableError) return true;
    const { message, code, kind, cause, meta } = c as Record<string, unknown>;
    if (typeof message === 'string' && MESSAGE.test(message)) return true;
    if (typeof code === 'string' && CODE.test(code)) return true;
    if (typeof kind === 'string' && KIND.has(kind)) return true;
    queue.push(cause, (meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
  }
  return false;
}

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Records that the database could not be reached: pages answer 503 until a probe gets an answer. */
export function noteDatabaseUnreachable(reference: string, cause: unknown): void {
  if (recordOutage(reference, describe(cause), HOLD_MS)) {
    log.error('database unreachable: pages answer 503 until it answers again', { reference, error: cause });
    startProbing();
  }
}

/**
 * A new connection to the database failed. Refused or reset means it is gone (restarting, down):
 * an outage at once. A connection that only timed out may be a loaded host, so that is left to
 * awaitDatabase, which asks a probe before calling it an outage.
 */
export function noteConnectionFailure(e: unknown): void {
  const timedOut = e instanceof Error && /timeout|timed out/i.test(`${e.message} ${String(e.cause ?? '')}`);
  if (!timedOut && isDatabaseUnreachable(e)) noteDatabaseUnreachable(newReference(), e);
}

/** True while this instance knows the database to be unreachable. */
export const databaseKnownDown = (): boolean => currentOutage() !== null;

/** For a request answered from what is already known, without trying the database again. */
export function knownOutageError(): DatabaseUnavailableError {
  const o = currentOutage();
  return new DatabaseUnavailableError(new Error(`already known to be unreachable since ${o?.reference ?? '?'} (${o?.detail ?? 'unknown cause'})`));
}

/** How long a database that does answer may keep a request waiting (the pool's own limit). */
const BUSY_LIMIT_MS = 10_000;

const sleep = (ms: number) =>
  new Promise<'time'>((resolve) => {
    setTimeout(() => resolve('time'), Math.max(0, ms)).unref();
  });
const never = new Promise<never>(() => {});

export type AwaitOptions = { ms?: number; busyLimitMs?: number; probe?: (ms: number) => Promise<boolean> };

/**
 * Waits for `work`, which needs the database, and tells an outage from a busy moment. A slow
 * answer alone proves nothing: a cold start or a loaded host also makes the first render slow.
 * So halfway to the limit a probe asks the database on a connection of its own. At the limit,
 * if the work is still waiting, the probe decides: no answer to it either (after a short grace
 * for a busy event loop) is an outage; an answer means keep waiting, as a busy pool would.
 */
export async function awaitDatabase<T>(work: Promise<T>, opts: AwaitOptions = {}): Promise<T> {
  const ms = opts.ms ?? env().DATABASE_UNAVAILABLE_AFTER_MS;
  const started = performance.now();
  // Whatever abandoned work ends with later must not surface as an unhandled rejection.
  const settled = work.then(
    () => 'work' as const,
    () => 'work' as const,
  );
  if ((await Promise.race([settled, sleep(ms / 2)])) === 'work') return work;

  const probe = (opts.probe ?? sharedProbe)(ms).then((ok) => (ok ? ('answers' as const) : ('down' as const)));
  // Until the limit the work may still finish, or a failed probe may settle it sooner.
  let next: 'work' | 'time' | 'answers' | 'down' = await Promise.race([settled, probe.then((p) => (p === 'down' ? p : never)), sleep(ms / 2)]);
  if (next === 'time') next = await Promise.race([settled, probe, sleep(ms / 4)]);
  if (next === 'work') return work;
  if (next === 'answers') {
    const busyLimit = opts.busyLimitMs ?? BUSY_LIMIT_MS;
    if ((await Promise.race([settled, sleep(busyLimit - (performance.now() - started))])) === 'work') return work;
    throw new DatabaseUnavailableError(new Error(`the database answers, but this waited more than ${busyLimit} ms`));
  }
  throw new DatabaseUnavailableError(new Error(`no answer within ${ms} ms, and ${next === 'down' ? 'a new connection failed' : 'none to a new connection either'}`));
}

// One probe at a time, its answer reused for a second: many slow requests ask the same question.
let probing: Promise<boolean> | null = null;
let lastProbe: { at: number; ok: boolean } | null = null;

function sharedProbe(ms: number): Promise<boolean> {
  if (lastProbe && performance.now() - lastProbe.at < 1000) return Promise.resolve(lastProbe.ok);
  probing ??= reachable(ms).then((ok) => {
    lastProbe = { at: performance.now(), ok };
    probing = null;
    return ok;
  });
  return probing;
}

/** One connection of its own, one trivial query, both bounded: does the database answer? */
async function reachable(ms?: number): Promise<boolean> {
  let c: pg.Client | undefined;
  try {
    ms ??= env().DATABASE_UNAVAILABLE_AFTER_MS;
    c = new pg.Client({ connectionString: env().DATABASE_URL, connectionTimeoutMillis: ms, query_timeout: ms });
    c.on('error', () => {});
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    c?.end().catch(() => {});
  }
}

const probe = globalThis as unknown as { __ccOutageProbing?: boolean };

function startProbing(): void {
  if (probe.__ccOutageProbing) return;
  probe.__ccOutageProbing = true;
  const tick = async () => {
    const known = currentOutage();
    if (known && !((await reachable()) && performance.now() >= (currentOutage()?.holdUntil ?? 0))) {
      setTimeout(tick, PROBE_EVERY_MS).unref();
      return;
    }
    probe.__ccOutageProbing = false;
    const ended = endOutage();
    if (ended) log.info('database reachable again', { reference: ended.reference, downForMs: Math.round(performance.now() - ended.since) });
  };
  setTimeout(tick, PROBE_EVERY_MS).unref();
}
