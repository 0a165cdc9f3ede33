// What the HTTP benchmark needs in its database: sessions for known demo people and API keys.
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateApiKey, hashApiKey, keyPrefix } from '../../src/server/api-keys/token';

export type Fixtures = {
  cookies: { practitioner: string; siteAdmin: string; staff: string };
  worksiteId: string;
  worksiteCode: string;
  subject: string;
  enrolmentId: string;
  licence: string;
  apiKeys: string[];
};

const COOKIE = 'next-auth.session-token'; // the plain-http name; https uses the __Secure- name

async function session(c: pg.Client, subject: string): Promise<string> {
  const token = randomBytes(32).toString('hex');
  const { rows } = await c.query<{ personId: string }>(`SELECT "personId" FROM "LoginAccount" WHERE subject = $1`, [subject]);
  if (!rows[0]) throw new Error(`Demo person ${subject} is missing: the demo seed did not run`);
  await c.query(
    `INSERT INTO "Session" (id, "tokenHash", "personId", expires, "absoluteEnd", "createdAt", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, now() + interval '2 hours', now() + interval '2 hours', now(), now())`,
    [createHash('sha256').update(token).digest('hex'), rows[0].personId],
  );
  return `${COOKIE}=${token}`;
}

export async function prepareFixtures(databaseUrl: string, keys: number): Promise<Fixtures> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const ws = await c.query<{ id: string; worksiteCode: string }>(
      `SELECT id, "worksiteCode" FROM "Worksite" WHERE "operatingName" = 'Harbour Medical Associates' AND status = 'ACTIVE' LIMIT 1`,
    );
    const inReview = await c.query<{ id: string; licenceNumber: string }>(
      `SELECT id, "licenceNumber" FROM "Enrolment" WHERE status = 'IN_REVIEW' AND "licenceNumber" IS NOT NULL ORDER BY "statusChangedAt" LIMIT 1`,
    );
    if (!ws.rows[0] || !inReview.rows[0]) throw new Error('Demo data is missing: the demo seed did not run');
    const staff = await c.query<{ personId: string }>(`SELECT "personId" FROM "LoginAccount" WHERE subject = 'bcsc-demo-team'`);
    const apiKeys: string[] = [];
    for (let i = 0; i < keys; i++) {
      const key = generateApiKey();
      await c.query(
        `INSERT INTO "ApiKey" (id, name, prefix, "keyHash", "createdById", "createdAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, $4, now(), now())`,
        [`Benchmark key ${i + 1}`, keyPrefix(key), hashApiKey(key), staff.rows[0]!.personId],
      );
      apiKeys.push(key);
    }
    return {
      cookies: {
        practitioner: await session(c, 'bcsc-demo-physician'),
        siteAdmin: await session(c, 'bcsc-demo-manager'),
        staff: await session(c, 'bcsc-demo-team'),
      },
      worksiteId: ws.rows[0].id,
      worksiteCode: ws.rows[0].worksiteCode,
      subject: 'bcsc-demo-physician',
      enrolmentId: inReview.rows[0].id,
      licence: inReview.rows[0].licenceNumber,
      apiKeys,
    };
  } finally {
    await c.end();
  }
}
