// PostgreSQL "restarts" under load: every connection drops and new ones are refused for about
// two seconds. The app's pool must recover on its own, with the same client object, as soon as
// the database answers again (no restart of the app).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, pool } from '@/server/db';
import { ensurePerson } from '../factories/people';
import { startTcpProxy, until, type TcpProxy } from '../support/tcp-proxy';
import { monotonic, now } from '../support/clock';

let proxy: TcpProxy;

beforeAll(async () => {
  const url = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  process.env.DATABASE_URL = url.toString();
});

afterAll(async () => {
  await proxy?.close();
});

type Outcome = { at: number; ok: boolean; error?: string };

/** Eight request loops reading and writing through the app's client until told to stop. */
function startLoad() {
  const outcomes: Outcome[] = [];
  let stopping = false;
  const loop = async (n: number) => {
    while (!stopping) {
      try {
        if (n % 2 === 0) {
          await db().person.count();
        } else {
          // A write in an interactive transaction, like every service call.
          await db().$transaction(async (tx) => {
            const p = await tx.person.findFirst({ select: { id: true } });
            if (p) await tx.person.update({ where: { id: p.id }, data: { updatedAt: now() } });
          });
        }
        outcomes.push({ at: monotonic(), ok: true });
      } catch (e) {
        outcomes.push({ at: monotonic(), ok: false, error: (e as Error).message });
      }
      // Requests arrive over time; a loop with no pause would also starve this test's timers.
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const loops = Array.from({ length: 8 }, (_, n) => loop(n));
  return {
    outcomes,
    since: (t: number) => outcomes.filter((o) => o.at >= t),
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}

// The embedded database (PGlite behind one socket server, development only) shares one session
// among its connections; cutting them mid-query leaves it answering "portal does not exist".
// Restarts are a PostgreSQL server's concern, so this case needs one.
// Nothing is skipped silently: without a PostgreSQL server this case fails and says why.
const embedded = process.env.CC_TEST_SERVER === 'embedded';

describe('database restarted under load', () => {
  it('the pool recovers by itself once the database is back', async () => {
    if (embedded) throw new Error('This case needs a PostgreSQL server (set TEST_DATABASE_URL or start the local one); the embedded database cannot be restarted.');
    await ensurePerson(db());
    const client = db();
    const load = startLoad();
    try {
      await until('load running', () => load.outcomes.filter((o) => o.ok).length >= 40);
      const acceptedBefore = proxy.accepted;

      // Down: every connection drops, new ones are refused.
      const downAt = monotonic();
      await proxy.refuse();
      proxy.cutAll();
      await until('requests failing while down', () => load.since(downAt).some((o) => !o.ok));
      // Stay down for about two seconds of failing requests.
      await until('two seconds of outage', () => monotonic() - downAt >= 2000, 5000);
      const failed = load.since(downAt).filter((o) => !o.ok);
      expect(failed.length).toBeGreaterThan(0);

      // Back up.
      const upAt = monotonic();
      await proxy.restore();
      await until('40 successes after the restart', () => load.since(upAt).filter((o) => o.ok).length >= 40, 15_000);
      const firstOk = load.since(upAt).find((o) => o.ok)!;
      const recoveryMs = firstOk.at - upAt;
      expect(recoveryMs).toBeLessThan(5000);

      // Once recovered, it stays recovered: the last 40 requests all succeeded.
      await until('steady', () => load.since(firstOk.at + 500).length >= 40, 15_000);
      const steady = load.since(firstOk.at + 500);
      expect(steady.filter((o) => !o.ok)).toEqual([]);
      expect(proxy.accepted).toBeGreaterThan(acceptedBefore);
    } finally {
      await load.stop();
    }
    // The same client, not a recreated one.
    expect(db()).toBe(client);
    expect(await db().person.count()).toBeGreaterThan(0);
  });

  it('a database that accepts connections but never answers fails requests in bounded time, then recovers', async () => {
    const client = db();
    // Idle pooled connections die with the "crash"; new ones reach a server that never answers.
    proxy.stall();
    proxy.cutAll();
    await until('the pool noticed its connections died', () => pool().totalCount === 0);
    const started = monotonic();
    const outcome = await db()
      .person.count()
      .then(
        () => 'answered',
        (e: Error) => e.message,
      );
    const waited = monotonic() - started;
    // Without a connection timeout the pool would wait forever and requests would pile up; the
    // limit (DATABASE_UNAVAILABLE_AFTER_MS, 3 s) keeps every answer under 5 s.
    expect(outcome).toMatch(/timeout/i);
    expect(waited).toBeLessThan(5000);

    await proxy.restore();
    await until('queries succeed again', async () => (await db().person.count()) > 0, 20_000, 100);
    expect(db()).toBe(client);
  });
});
