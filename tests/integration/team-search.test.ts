import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { searchKeys, type SearchInput } from '@/server/team/list-rules';
import { peopleSql, search, worksitesSql } from '@/server/team/search-queries';
import { createEnrolment } from '../factories/course-and-agreement';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

let me: { id: string; staffRoles: StaffRoleKind[] };
const ids = {} as Record<'jane' | 'kim' | 'percent' | 'harbour' | 'harbourCode', string>;

const people = async (q: string, after?: string) => {
  const r = await search(me, { kind: 'people', q, after });
  if (r.kind !== 'people') throw new Error('expected people');
  return r;
};
const worksites = async (q: string) => {
  const r = await search(me, { kind: 'worksites', q });
  if (r.kind !== 'worksites') throw new Error('expected worksites');
  return r.rows;
};
const names = async (q: string) => (await people(q)).rows.map((p) => p.name);

beforeAll(async () => {
  const client = db();
  me = { id: (await ensurePerson(client, { staffRoles: ['ENROLMENT_TEAM'] })).id, staffRoles: ['ENROLMENT_TEAM'] };
  const jane = await ensurePerson(client, { givenName: 'Jane', familyName: 'Smithers', email: 'Jane.Smithers@Example.com' });
  await client.person.update({ where: { id: jane.id }, data: { preferredGivenName: 'Janie', idpEmail: 'jsmithers@bcsc.example' } });
  await createEnrolment(client, { personId: jane.id, profession: 'PHYSICIAN' });
  await client.enrolment.update({ where: { personId: jane.id }, data: { licenceNumber: 'AB12345' } });
  const kim = await ensurePerson(client, { givenName: 'Kim', familyName: 'Van Der Berg' });
  const percent = await ensurePerson(client, { givenName: 'Per', familyName: '100%_Sure' });
  ids.jane = jane.id;
  ids.kim = kim.id;
  ids.percent = percent.id;
  const creator = await ensurePerson(client);
  const harbour = await createWorksite(client, { creatorId: creator.id, operatingName: 'Harbour Medical' });
  await client.worksite.update({ where: { id: harbour.id }, data: { legalName: 'Coastal Health Partners Ltd.', email: 'Front.Desk@Harbour.example' } });
  await createWorksite(client, { creatorId: creator.id, operatingName: 'Inland Clinic' });
  ids.harbour = harbour.id;
  ids.harbourCode = harbour.worksiteCode;
});

describe('searching people', () => {
  it('finds people by the start of their legal, shown or family name, in any case', async () => {
    expect(await names('jane')).toEqual(['Janie Smithers']);
    expect(await names('JANIE SMI')).toEqual(['Janie Smithers']);
    expect(await names('Jane Smithers')).toEqual(['Janie Smithers']);
    expect(await names('smith')).toEqual(['Janie Smithers']);
    expect(await names('van der')).toEqual(['Kim Van Der Berg']);
    expect(await names('ithers')).toEqual([]); // a prefix, not a substring
  });

  it('finds people by their whole contact or sign-in email, in any case, and nothing by part of one', async () => {
    expect(await names('jane.smithers@example.COM')).toEqual(['Janie Smithers']);
    expect(await names('JSMITHERS@bcsc.example')).toEqual(['Janie Smithers']);
    expect(await names('smithers@example.com')).toEqual([]);
  });

  it('finds people by licence number, ignoring spaces and case', async () => {
    expect(await names('ab 123 45')).toEqual(['Janie Smithers']);
    expect(await names('AB12345')).toEqual(['Janie Smithers']);
    expect(await names('AB1234')).toEqual([]);
    const hit = (await people('ab12345')).rows[0]!;
    expect(hit).toMatchObject({ licence: 'CPSBC AB12345', profession: 'Physician', legalName: 'Jane Smithers', href: `/admin/people/${ids.jane}` });
  });

  it('takes % and _ literally', async () => {
    expect(await names('100%_')).toEqual(['Per 100%_Sure']);
    expect(await names('1_0')).toEqual([]); // "_" would match any one character
    expect(await names('%')).toEqual([]); // "%" would match everyone
  });

  it('pages by name with a keyset: every match once while people keep signing up', async () => {
    const client = db();
    for (let i = 0; i < 120; i++) await ensurePerson(client, { givenName: 'Pager', familyName: `Zed ${String(i % 40).padStart(3, '0')}` });
    const all = (await search(me, { kind: 'people', q: 'zed' }, { pageSize: 500 })).rows.map((r) => r.id);
    expect(all).toHaveLength(120);
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await search(me, { kind: 'people', q: 'zed', after }, { pageSize: 50 });
      seen.push(...page.rows.map((r) => r.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
      // One sorts before the cursor (never shown), one after it (shown on a later page).
      await ensurePerson(client, { givenName: 'Pager', familyName: 'Zed 000' });
      await ensurePerson(client, { givenName: 'Pager', familyName: 'Zed 999' });
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => all.includes(id))).toEqual(all);
  });
});

describe('searching worksites', () => {
  it('by the start of the legal or operating name, the Worksite ID as people type it, or the email', async () => {
    expect((await worksites('harb')).map((w) => w.id)).toEqual([ids.harbour]);
    expect((await worksites('coastal health')).map((w) => w.id)).toEqual([ids.harbour]);
    const typed = `${ids.harbourCode.slice(0, 3).toLowerCase()} ${ids.harbourCode.slice(3)}`;
    expect((await worksites(typed)).map((w) => w.id)).toEqual([ids.harbour]);
    expect((await worksites('front.desk@harbour.EXAMPLE')).map((w) => w.id)).toEqual([ids.harbour]);
    expect(await worksites('medical')).toEqual([]);
    const [w] = await worksites('harbour');
    expect(w).toMatchObject({ worksiteCode: ids.harbourCode, statusLabel: expect.any(String), href: `/admin/worksites/${ids.harbour}` });
  });
});

describe('refusals and empty terms', () => {
  it('refuses anyone without a staff role', async () => {
    const outsider = { id: (await ensurePerson(db())).id, staffRoles: [] };
    await expect(search(outsider, { kind: 'people', q: 'jane' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an empty term finds nothing rather than everyone', async () => {
    expect((await search(me, { kind: 'people', q: '  ' })).rows).toEqual([]);
    expect((await search(me, { kind: 'worksites' })).rows).toEqual([]);
  });
});

describe('indexes', () => {
  it('every search key is an index scan on 50,000 people and 10,000 worksites', async () => {
    const client = db();
    await client.$executeRawUnsafe(`
      WITH p AS (
        INSERT INTO "Person" (id, "legalGivenName", "legalFamilyName", "contactEmail", "idpEmail", "identityAssuranceLevel", "updatedAt")
        SELECT gen_random_uuid(), 'Given' || g, 'Family' || g, 'c' || g || '@example.com', 'i' || g || '@example.com', 3, now()
          FROM generate_series(1, 50000) g
        RETURNING id, "legalFamilyName")
      INSERT INTO "Enrolment" (id, "personId", status, college, "licenceNumber", "updatedAt")
      SELECT gen_random_uuid(), id, 'APPROVED', 'CPSBC', substr("legalFamilyName", 7), now() FROM p`);
    await client.$executeRawUnsafe(`
      INSERT INTO "Worksite" (id, "worksiteCode", "legalName", "operatingName", "locationType", street, city, "postalCode", phone, email, status, "createdById", "updatedAt")
      SELECT gen_random_uuid(), 'V' || translate(lpad(g::text, 6, '0'), '0123456789', 'ABCDEFGH23'), 'Legal ' || g, 'Clinic ' || g, 'PRIVATE_PRACTICE_CLINIC', '1 Main', 'Victoria', 'V8W 1A1',
             '250-555-0100', 'w' || g || '@example.com', 'ACTIVE', '${me.id}', now()
        FROM generate_series(1, 10000) g`);
    await client.$executeRawUnsafe('ANALYZE');
    const explain = async (sql: ReturnType<typeof peopleSql>) =>
      (await client.$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN ${sql}`).map((r) => r['QUERY PLAN']).join('\n');
    const cases: [SearchInput['kind'], string, RegExp][] = [
      ['people', 'family123', /Person_search_legal_family_idx/],
      ['people', 'family1', /Person_search_legal_family_idx/], // 11,111 matches: page first, then join enrolments
      ['people', 'given12 fam', /Person_search_legal_name_idx/],
      ['people', 'c777@example.com', /Person_search_contact_email_idx/],
      ['people', '4242', /Enrolment_search_licence_idx/],
      ['worksites', 'clinic 99', /Worksite_search_operating_name_idx/],
      ['worksites', 'vaaa bcd', /Worksite_worksiteCode_key/],
      ['worksites', 'w5@example.com', /Worksite_search_email_idx/],
    ];
    for (const [kind, q, index] of cases) {
      const keys = searchKeys(kind, q)!;
      const plan = await explain(kind === 'people' ? peopleSql(keys, undefined, 50) : worksitesSql(keys, undefined, 50));
      expect(plan, `${kind} "${q}"`).toMatch(index);
      expect(plan, `${kind} "${q}"`).not.toMatch(/Seq Scan on "(Person|Worksite|Enrolment)"/);
    }
  });
});
