// Property-based fuzzing of the route handlers' inputs, sent by a caller who gets past their
// authentication (a valid API key, a staff session, a correct webhook signature): odd query
// parameters, NUL bytes, line breaks, 1 MB values, odd ids. Pass = a 4xx answer (or 200), never a
// 5xx and never a crash.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fromNow, now, unixSeconds } from '../support/clock';

const jar = vi.hoisted(() => ({ cookies: {} as Record<string, string> }));
vi.mock('next/headers', async () => (await import('../support/real-session')).nextHeadersWithJar(jar));

import { GET as exportGet } from '@/app/api/admin/export/route';
import { GET as fileGet } from '@/app/api/files/[id]/route';
import { GET as accessGet } from '@/app/api/v1/access/route';
import { POST as webhookPost } from '@/app/api/webhooks/privacy-course/route';
import { SIGNATURE_HEADER, signatureHeader } from '@/lib/hmac';
import { createApiKey } from '@/server/api-keys/service';
import { careConnectAdapter } from '@/server/auth/adapter';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { ensurePerson } from '../factories/people';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const MB = 1024 * 1024;

/** Strings an attacker would try in any one value; `size` is the longest (a URL cannot carry 1 MB:
 * Node.js refuses request heads over 16 KB before any handler runs). */
const nastyOf = (size: number) =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '\u0000',
      'a\u0000b',
      'x\r\nSet-Cookie: a=b',
      '\u202e',
      '../../etc/passwd',
      "' OR 1=1 --",
      '%00',
      '<script>alert(1)</script>',
    ),
    fc.constantFrom('a', 'é').map((c) => c.repeat(size)),
  );
const nasty = nastyOf(MB);
const query = fc.dictionary(
  fc.constantFrom(
    'subject',
    'worksite',
    'location',
    'list',
    'kind',
    'q',
    'type',
    'status',
    'after',
    '__proto__',
    'constructor',
  ),
  nastyOf(16 * 1024),
  { maxKeys: 5 },
);
const url = (path: string, params: Record<string, string>) => {
  const u = new URL(`http://localhost:3000${path}`);
  for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
  return u.toString();
};

let apiKeys: string[] = [];
let staffToken = '';
beforeAll(async () => {
  const admin = await ensurePerson(db(), { staffRoles: ['STAFF_ADMIN', 'ENROLMENT_TEAM'] });
  // One key per few runs: the access API's rate limit is not what is being tested.
  apiKeys = await Promise.all(
    Array.from({ length: 3 }, (_, i) =>
      createApiKey({ id: admin.id, staffRoles: ['STAFF_ADMIN'] }, { name: `Fuzz ${i}` }).then(
        (k) => k.key,
      ),
    ),
  );
  staffToken = randomUUID();
  await careConnectAdapter().createSession!({
    sessionToken: staffToken,
    userId: admin.id,
    expires: fromNow(3_600_000),
  });
});

const TIMEOUT = { timeout: 120_000 };
const okStatus = (s: number) => (s >= 200 && s < 300) || (s >= 400 && s < 500);

describe('route handlers answer malformed input with 4xx, never 5xx', () => {
  it('GET /api/v1/access with a valid key', TIMEOUT, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const key = apiKeys[n++ % apiKeys.length]!;
        const res = await accessGet(
          new Request(url('/api/v1/access', params), {
            headers: { authorization: `Bearer ${key}` },
          }),
        );
        expect(okStatus(res.status), `${res.status} ${await res.text()}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('GET /api/v1/access: a NUL or a line break in each parameter is a 400', async () => {
    for (const field of ['subject', 'worksite', 'location'])
      for (const bad of ['a\u0000b', 'a\r\nb']) {
        const params = {
          subject: 'someone',
          worksite: 'ABCDEFG',
          location: 'onsite',
          [field]: bad,
        };
        const res = await accessGet(
          new Request(url('/api/v1/access', params), {
            headers: { authorization: `Bearer ${apiKeys[0]}` },
          }),
        );
        expect([field, res.status]).toEqual([field, 400]);
      }
  });

  it('GET /api/files/[id] as staff', TIMEOUT, async () => {
    jar.cookies = { 'next-auth.session-token': staffToken };
    await fc.assert(
      fc.asyncProperty(nasty, async (id) => {
        const res = await fileGet(new Request('http://localhost:3000/api/files/x'), {
          params: Promise.resolve({ id }),
        });
        expect(res.status).toBe(404);
      }),
      { numRuns: RUNS },
    );
  });

  it('GET /api/admin/export as staff', TIMEOUT, async () => {
    jar.cookies = { 'next-auth.session-token': staffToken };
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const res = await exportGet(new Request(url('/api/admin/export', params)));
        const text = await res.text(); // read to the end: the CSV is streamed
        expect(okStatus(res.status), `${res.status} ${text.slice(0, 200)}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /api/webhooks/privacy-course: a signed payload with a NUL is a 400 the platform will not retry', async () => {
    for (const field of ['eventId', 'subject']) {
      const body = JSON.stringify({
        eventId: 'evt-1',
        subject: 'someone',
        completedAt: now().toISOString(),
        course: 'careconnect-privacy',
        [field]: 'a\u0000b',
      });
      const header = signatureHeader(
        env().PRIVACY_COURSE_WEBHOOK_SECRET,
        unixSeconds(),
        body,
      );
      const res = await webhookPost(
        new Request('http://localhost:3000/api/webhooks/privacy-course', {
          method: 'POST',
          body,
          headers: { [SIGNATURE_HEADER]: header },
        }),
      );
      expect([field, res.status, await res.json()]).toEqual([
        field,
        400,
        { error: 'invalid_payload', fields: [field] },
      ]);
    }
  });

  it(
    'POST /api/webhooks/privacy-course with a correct signature over a hostile body',
    TIMEOUT,
    async () => {
      const payload = fc.record(
        {
          eventId: nasty,
          subject: nasty,
          completedAt: fc.oneof(nasty, fc.constant(now().toISOString())),
          course: fc.oneof(nasty, fc.constant('careconnect-privacy')),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            payload.map((p) => JSON.stringify(p)),
            nasty,
          ),
          async (body) => {
            const header = signatureHeader(
              env().PRIVACY_COURSE_WEBHOOK_SECRET,
              unixSeconds(),
              body,
            );
            const res = await webhookPost(
              new Request('http://localhost:3000/api/webhooks/privacy-course', {
                method: 'POST',
                body,
                headers: { [SIGNATURE_HEADER]: header, 'content-type': 'application/json' },
              }),
            );
            expect(okStatus(res.status), `${res.status} ${await res.text()}`).toBe(true);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );
});
