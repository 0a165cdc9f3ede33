// The access API's throttles under concurrency (SPEC §11, docs/api/access.md): each key's own
// limit is exact under 50 parallel calls and slides (no double burst at a minute boundary);
// invalid keys from one address are refused after 20 in 10 minutes; a repeated parameter is a 400.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/access/route';
import { createApiKey, setApiKeyLimit } from '@/server/api-keys/service';
import { db } from '@/server/db';
import { createEnrolment } from '../factories/course-and-agreement';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { advance, now, setNow, TRAPS } from '../support/clock';

let staffAdmin: { id: string; staffRoles: ['STAFF_ADMIN'] };
let query: string;

beforeAll(async () => {
  const admin = await ensurePerson(db(), { givenName: 'Sam', familyName: 'Staffadmin', staffRoles: ['STAFF_ADMIN'] });
  staffAdmin = { id: admin.id, staffRoles: ['STAFF_ADMIN'] };
  const subject = `sub-${randomUUID()}`;
  const p = await ensurePerson(db(), { subject });
  await createEnrolment(db(), { personId: p.id, profession: 'PHYSICIAN', status: 'APPROVED' });
  const ws = await createWorksite(db(), { creatorId: p.id });
  query = new URLSearchParams({ subject, worksite: ws.worksiteCode, location: 'onsite' }).toString();
});

type Caller = { key?: string; from?: string; requestId?: string; search?: string };

function call({ key, from, requestId, search = query }: Caller): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (from) headers['x-forwarded-for'] = from;
  if (requestId) headers['x-request-id'] = requestId;
  return GET(new Request(`http://localhost/api/v1/access?${search}`, { headers }));
}

const statuses = (rs: Response[]) => rs.map((r) => r.status).sort((a, b) => a - b);
const decided = async (prefix: string) =>
  Number(
    (await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'access.decided' AND "requestId" LIKE ${`${prefix}%`}`)[0]!.n,
  );
const badKey = () => `cc_${randomUUID().replace(/-/g, '').padEnd(43, 'Q')}`;

describe('per-key limit', () => {
  it('is exact under 50 parallel calls: 20 answered and audited, 30 refused with 429', async () => {
    setNow(TRAPS.ordinaryTuesday);
    const k = await createApiKey(staffAdmin, { name: 'EMR at 20 a minute', requestsPerMinute: 20 });
    const run = `par-${randomUUID()}-`;
    const rs = await Promise.all(Array.from({ length: 50 }, (_, i) => call({ key: k.key, requestId: `${run}${i}` })));
    expect(statuses(rs)).toEqual([...Array(20).fill(200), ...Array(30).fill(429)]);
    expect(await decided(run)).toBe(20);
    const refused = rs.find((r) => r.status === 429)!;
    expect(await refused.json()).toMatchObject({ error: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('20');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('slides: a full minute at :50 leaves nothing at :10 of the next, and frees up at :50', async () => {
    setNow(new Date('2026-06-16T16:00:50Z'));
    const k = await createApiKey(staffAdmin, { name: 'EMR at 10 a minute', requestsPerMinute: 10 });
    const first = await Promise.all(Array.from({ length: 10 }, () => call({ key: k.key })));
    expect(statuses(first)).toEqual(Array(10).fill(200));
    setNow(new Date('2026-06-16T16:01:10Z'));
    const early = await Promise.all(Array.from({ length: 10 }, () => call({ key: k.key })));
    expect(statuses(early)).toEqual(Array(10).fill(429));
    setNow(new Date('2026-06-16T16:01:51Z'));
    expect((await call({ key: k.key })).status).toBe(200);
  });

  it('is set per key by a staff admin, takes effect on the next call, and is audited', async () => {
    setNow(TRAPS.weekdayLate);
    const viewer = await createApiKey(staffAdmin, { name: 'Viewer', requestsPerMinute: 2 });
    const emr = await createApiKey(staffAdmin, { name: 'EMR', requestsPerMinute: 2 });
    for (let i = 0; i < 2; i++) expect((await call({ key: viewer.key })).status).toBe(200);
    expect((await call({ key: viewer.key })).status).toBe(429);
    expect((await call({ key: emr.key })).status).toBe(200); // another key keeps its own count
    await setApiKeyLimit(staffAdmin, { id: viewer.id, requestsPerMinute: 5000 });
    const r = await call({ key: viewer.key });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-ratelimit-limit')).toBe('5000');
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'api_key.limit_changed', targetId: viewer.id } });
    expect(event).toMatchObject({ before: { requestsPerMinute: 2 }, after: { requestsPerMinute: 5000 } });
    expect(await db().apiKey.findUniqueOrThrow({ where: { id: viewer.id } })).toMatchObject({ requestsPerMinute: 5000 });
  });

  it('refuses a limit change by anyone but a staff admin, for a revoked key, and out of range', async () => {
    const k = await createApiKey(staffAdmin, { name: 'Kept', requestsPerMinute: 7 });
    await expect(setApiKeyLimit({ id: staffAdmin.id, staffRoles: [] }, { id: k.id, requestsPerMinute: 9 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setApiKeyLimit(staffAdmin, { id: randomUUID(), requestsPerMinute: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { setApiKeyLimitSchema } = await import('@/server/api-keys/schema');
    for (const bad of [0, -5, 1.5, 100_001, '600', Number.NaN]) {
      expect(setApiKeyLimitSchema.safeParse({ id: k.id, requestsPerMinute: bad }).success, String(bad)).toBe(false);
    }
    await db().apiKey.update({ where: { id: k.id }, data: { revokedAt: now() } });
    await expect(setApiKeyLimit(staffAdmin, { id: k.id, requestsPerMinute: 9 })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).requestsPerMinute).toBe(7);
  });
});

describe('invalid API keys per client address', () => {
  it('answers 20 of 50 parallel wrong keys with 401 and the rest with 429, then refuses even a valid key', async () => {
    setNow(TRAPS.saturday);
    const from = '203.0.113.50';
    const rs = await Promise.all(Array.from({ length: 50 }, () => call({ key: badKey(), from })));
    expect(statuses(rs)).toEqual([...Array(20).fill(401), ...Array(30).fill(429)]);
    const [row] = await db().$queryRaw<{ counts: number[] }[]>`SELECT "counts" FROM "Throttle" WHERE "key" = ${`bad-api-key:${from}`}`;
    expect(row!.counts.reduce((s, n) => s + n, 0)).toBe(20);

    const blocked = rs.find((r) => r.status === 429)!;
    const body = await blocked.json();
    expect(body.error).toBe('too_many_invalid_keys');
    // Saturday noon Pacific: the first failure leaves the window ten minutes (and at most one
    // 10-second bucket) later; the time shown is rounded up to the minute.
    expect(body.retryAfterSeconds).toBeGreaterThanOrEqual(600);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(610);
    expect(body.message).toMatch(/^Too many API keys that are not valid were tried from your network\. Try again after 12:1[01]\.$/);
    expect(blocked.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));

    const good = await createApiKey(staffAdmin, { name: 'Behind the same address' });
    const run = `blocked-${randomUUID()}`;
    expect((await call({ key: good.key, from, requestId: run })).status).toBe(429);
    expect(await decided(run)).toBe(0);
    // What the client writes in front of the proxy's entry changes nothing.
    expect((await call({ key: badKey(), from: `198.51.100.7, ${from}` })).status).toBe(429);
    // Another address is not affected.
    expect((await call({ key: good.key, from: '198.51.100.7' })).status).toBe(200);

    advance(10 * 60_000 + 10_000);
    expect((await call({ key: badKey(), from })).status).toBe(401);
    expect((await call({ key: good.key, from })).status).toBe(200);
  });

  it('counts a missing or malformed key as invalid too', async () => {
    setNow(TRAPS.statutoryHoliday);
    const from = '203.0.113.51';
    const kinds = [undefined, 'not-a-key', badKey()];
    const rs = await Promise.all(Array.from({ length: 24 }, (_, i) => call({ key: kinds[i % 3], from })));
    expect(statuses(rs)).toEqual([...Array(20).fill(401), ...Array(4).fill(429)]);
  });
});

describe('query hygiene', () => {
  it('refuses a repeated parameter with a 400 naming it, and decides nothing', async () => {
    setNow(TRAPS.afterSpringForward);
    const k = await createApiKey(staffAdmin, { name: 'Hygiene' });
    const run = `dup-${randomUUID()}`;
    for (const search of [`${query}&location=remote`, `${query}&extra=1`, query.replace('onsite', 'ONSITE')]) {
      const r = await call({ key: k.key, requestId: run, search });
      expect(r.status, search).toBe(400);
      expect(r.headers.get('cache-control')).toBe('no-store');
      const body = await r.json();
      expect(body.error).toBe('invalid_request');
      expect(Object.keys(body.fieldErrors)).toHaveLength(1);
    }
    const r = await call({ key: k.key, requestId: run, search: `${query}&location=remote` });
    expect(await r.json()).toMatchObject({ fieldErrors: { location: 'location must be given once, not 2 times' } });
    expect(await decided(run)).toBe(0);
  });
});
