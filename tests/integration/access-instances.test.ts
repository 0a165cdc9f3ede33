// Two app instances on one database (docs/decisions/026): each has its own key cache and rate
// limiter, as two processes would. A key revoked through one is refused by the other as soon as
// the notification arrives; while an instance cannot listen it trusts nothing it cached; the
// per-key limit holds across both, within the documented tolerance.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, maxBatch } from '@/server/access/rate-limit';
import { createApiKey, createApiKeyVerifier, revokeApiKey, setApiKeyLimit } from '@/server/api-keys/service';
import { createChangeFeed, type ChangeFeed } from '@/server/change-feed';
import { countRoundTrips, db } from '@/server/db';
import { startEmbeddedDatabase } from '../../dev/embedded-db';
import { ensurePerson } from '../factories/people';
import { advance, now } from '../support/clock';

let staffAdmin: { id: string; staffRoles: ['STAFF_ADMIN'] };
const feeds: ChangeFeed[] = [];

beforeAll(async () => {
  const admin = await ensurePerson(db(), { givenName: 'Sam', familyName: 'Staffadmin', staffRoles: ['STAFF_ADMIN'] });
  staffAdmin = { id: admin.id, staffRoles: ['STAFF_ADMIN'] };
});
afterAll(async () => {
  await Promise.all(feeds.map((f) => f.close()));
});

/** An instance's key verification, listening on its own connection. */
async function instance() {
  const feed = createChangeFeed(process.env.DATABASE_URL!);
  feeds.push(feed);
  const verify = createApiKeyVerifier(feed);
  await vi.waitFor(() => expect(feed.live()).toBe(true), { timeout: 10_000 });
  return { feed, verify };
}

describe('API key cache on two instances', () => {
  it('serves a known key from memory, and refuses it on the other instance once revoked here', async () => {
    const b = await instance();
    const k = await createApiKey(staffAdmin, { name: 'Viewer' });
    expect(await b.verify(k.key)).toMatchObject({ id: k.id });
    const cached = await countRoundTrips(() => b.verify(k.key));
    expect(cached).toMatchObject({ result: { id: k.id, name: 'Viewer', requestsPerMinute: 600 }, roundTrips: 0 });

    await revokeApiKey(staffAdmin, { id: k.id });
    // Delivered in commit order: once B has seen a later notification it has seen the revocation.
    await b.feed.sync();
    const after = await countRoundTrips(() => b.verify(k.key));
    expect(after).toMatchObject({ result: null, roundTrips: 1 });
  });

  it('applies a new limit on the other instance', async () => {
    const b = await instance();
    const k = await createApiKey(staffAdmin, { name: 'EMR', requestsPerMinute: 60 });
    expect(await b.verify(k.key)).toMatchObject({ requestsPerMinute: 60 });
    await setApiKeyLimit(staffAdmin, { id: k.id, requestsPerMinute: 900 });
    await b.feed.sync();
    expect(await b.verify(k.key)).toMatchObject({ requestsPerMinute: 900 });
  });

  it('trusts nothing cached while it cannot listen, and starts afresh when it can again', async () => {
    const b = await instance();
    const k = await createApiKey(staffAdmin, { name: 'Cut off' });
    expect(await b.verify(k.key)).not.toBeNull();
    const pid = b.feed.backendPid();
    expect(pid).not.toBeNull();
    await db().$queryRaw`SELECT pg_terminate_backend(${pid}::int)`;
    await vi.waitFor(() => expect(b.feed.live()).toBe(false), { timeout: 10_000 });
    // Revoked behind the portal's back: no notification at all. B goes to the database.
    await db().apiKey.update({ where: { id: k.id }, data: { revokedAt: now() } });
    expect(await b.verify(k.key)).toBeNull();
    await vi.waitFor(() => expect(b.feed.live()).toBe(true), { timeout: 10_000 });
    expect(b.feed.backendPid()).not.toBe(pid);
    expect(await b.verify(k.key)).toBeNull();
  });
});

describe('a database that does not pass notifications between sessions', () => {
  it('never lets the feed go live, so nothing is served from a cache', async () => {
    const embedded = await startEmbeddedDatabase({ inMemory: true, maxConnections: 5 });
    const feed = createChangeFeed(embedded.url);
    try {
      feed.subscribe('cc_api_keys', { onMessage: () => {}, onReset: () => {} });
      // It connects and listens, but its own test notification from another session never
      // arrives; it keeps retrying and never goes live.
      await vi.waitFor(() => expect(feed.failures()).toBeGreaterThanOrEqual(1), { timeout: 20_000 });
      expect(feed.live()).toBe(false);
    } finally {
      await feed.close();
      await embedded.close();
    }
  });
});

describe('per-key limit on two instances', () => {
  const hammer = async (perMinute: number, calls: number) => {
    const a = createRateLimiter();
    const b = createRateLimiter();
    const id = crypto.randomUUID();
    const at = now();
    const rs = await Promise.all(Array.from({ length: calls }, (_, i) => (i % 2 ? a : b).hit(id, perMinute, at)));
    return { id, a, b, allowed: rs.filter((r) => r.allowed).length, refused: rs.filter((r) => !r.allowed) };
  };

  it('never answers more than the limit, and at most one batch per instance fewer', async () => {
    const perMinute = 200;
    const { allowed, refused } = await hammer(perMinute, 600);
    expect(allowed).toBeLessThanOrEqual(perMinute);
    expect(allowed).toBeGreaterThanOrEqual(perMinute - 2 * maxBatch(perMinute));
    expect(refused.length).toBe(600 - allowed);
    expect(refused[0]).toMatchObject({ allowed: false, limit: perMinute, remaining: 0 });
    expect(refused[0]!.retryAfterSeconds).toBeGreaterThanOrEqual(59);
  });

  it('slides: the window frees up a minute later on both instances', async () => {
    const { id, a, b } = await hammer(40, 100);
    expect((await a.hit(id, 40, now())).allowed).toBe(false);
    advance(61_000);
    const later = now();
    const rs = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).hit(id, 40, later)));
    const allowed = rs.filter((r) => r.allowed).length;
    expect(allowed).toBeLessThanOrEqual(40);
    expect(allowed).toBeGreaterThanOrEqual(40 - 2 * maxBatch(40));
  });

  it('holds in every minute while time moves and batches are claimed ahead, on both instances', async () => {
    const perMinute = 300;
    const [a, b] = [createRateLimiter(), createRateLimiter()];
    const id = crypto.randomUUID();
    const start = now().getTime();
    // Two instances take turns, a call every 20 ms each for 130 s: batches expire, are claimed
    // before they run out, and are dropped half-used and given back.
    const allowedAt: number[] = [];
    for (let t = 0; t < 130_000; t += 10) {
      const r = await ((t / 10) % 2 ? a : b).hit(id, perMinute, new Date(start + t));
      if (r.allowed) allowedAt.push(t);
    }
    const most = Math.max(...allowedAt.map((t0) => allowedAt.filter((t) => t >= t0 && t < t0 + 60_000).length));
    expect(most).toBeLessThanOrEqual(perMinute);
    // Idle quota comes back: across two full windows well over one limit's worth is answered.
    expect(allowedAt.length).toBeGreaterThan(1.5 * perMinute);
  });

  it('claims in growing batches instead of locking the row on every call', async () => {
    const a = createRateLimiter();
    const id = crypto.randomUUID();
    const { result, roundTrips } = await countRoundTrips(async () => {
      let ok = 0;
      for (let i = 0; i < 200; i++) if ((await a.hit(id, 6000, now())).allowed) ok++;
      return ok;
    });
    expect(result).toBe(200);
    expect(roundTrips).toBeLessThanOrEqual(20);
  });
});
