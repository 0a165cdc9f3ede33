// Seeds a realistic volume for the team-list benchmark: 10,000 worksites, 50,000 people with
// enrolments and 1–2 memberships each, and open items in every team queue (SPEC §10).
//   DATABASE_URL  a migrated database to fill (never production: it refuses a database that
//                 already holds people it did not seed)
// Set-based SQL (INSERT … SELECT generate_series): about half a minute on 2 cores.
// Running it again on a seeded database does nothing.
import pg from 'pg';

export const VOLUME = { worksites: 10_000, people: 50_000, staff: 12 };
const MARKER = 'volume-seed'; // LoginAccount.issuer of the bench's staff, marks a seeded database

const GIVEN = ['Aaron', 'Amara', 'Ben', 'Chen', 'Daniel', 'Elena', 'Farah', 'Gurpreet', 'Hannah', 'Ibrahim', 'Jane', 'Jia', 'Kiran', 'Liam', 'Maya', 'Mohammed', 'Nadia', 'Noah', 'Olivia', 'Omar', 'Priya', 'Quinn', 'Rita', 'Sofia', 'Tessa', 'Uma', 'Victor', 'Wei', 'Xavier', 'Yara', 'Zoe'];
const FAMILY = ['Anderson', 'Brown', 'Campbell', 'Chan', 'Dhillon', 'Edwards', 'Fraser', 'Gill', 'Grewal', 'Huang', 'Johnson', 'Kaur', 'Lee', 'Li', 'MacDonald', 'Martin', 'Nguyen', 'Patel', 'Robinson', 'Sandhu', 'Singh', 'Smith', 'Sidhu', 'Taylor', 'Thompson', 'Tremblay', 'Wang', 'Williams', 'Wilson', 'Wong', 'Young', 'Zhang'];
const CLINIC = ['Harbour', 'Coastal', 'Island', 'Mountain', 'Valley', 'Cedar', 'Pacific', 'Northern', 'Fraser', 'Okanagan', 'Kootenay', 'Skeena', 'Cariboo', 'Sunshine', 'Lakeside'];
const KIND = ['Medical Clinic', 'Family Practice', 'Health Centre', 'Pharmacy', 'Care Home', 'Walk-In Clinic'];
const CITY = ['Victoria', 'Vancouver', 'Kelowna', 'Nanaimo', 'Prince George', 'Kamloops', 'Surrey', 'Burnaby', 'Abbotsford', 'Nelson'];

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;
const pick = (xs: string[], expr: string) => `(${arr(xs)})[1 + (${expr}) % ${xs.length}]`;
// Worksite IDs from the real alphabet, one per number: base 31 digits of g.
const CODE = (g: string) =>
  Array.from({ length: 7 }, (_, i) => `substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + ((${g} / ${31 ** (6 - i)}) % 31)::int, 1)`).join(' || ');
// A random instant in the last `days` days, stable per row (so reruns of the maths agree).
const AGO = (days: number) => `now() - (random() * interval '${days} days')`;

export async function isSeeded(c: pg.Client): Promise<boolean> {
  const r = await c.query('SELECT 1 FROM "LoginAccount" WHERE issuer = $1 LIMIT 1', [MARKER]);
  return r.rowCount === 1;
}

/** Fills the database; returns false when it was seeded already. */
export async function seedVolume(c: pg.Client, log: (s: string) => void = console.log): Promise<boolean> {
  if (await isSeeded(c)) return false;
  const people = Number((await c.query('SELECT count(*) FROM "Person"')).rows[0].count);
  if (people > 100)
    throw new Error(`This database already has ${people} people: seed the benchmark into an empty scratch database.`);
  const step = async (what: string, sql: string) => {
    const t = Date.now();
    const r = await c.query(sql);
    log(`  ${what}: ${r.rowCount ?? 0} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const { people: P, worksites: W, staff: S } = VOLUME;
  await c.query('BEGIN');
  try {
    await step('people', `
      INSERT INTO "Person" (id, "legalGivenName", "legalFamilyName", birthdate, "idpEmail", "identityAssuranceLevel",
                            "preferredGivenName", "contactEmail", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${pick(GIVEN, 'g')}, ${pick(FAMILY, 'g / 7')} || CASE WHEN g % 5 = 0 THEN '-' || ${pick(FAMILY, 'g / 3')} ELSE '' END,
             date '1950-01-01' + (g % 18000), 'bcsc' || g || '@id.example', 3,
             CASE WHEN g % 4 = 0 THEN ${pick(GIVEN, 'g / 11')} END, 'person' || g || '@example.com', ${AGO(900)}, now()
        FROM generate_series(1, ${P}) g`);
    await c.query(`CREATE TEMP TABLE vp ON COMMIT DROP AS SELECT id, row_number() OVER (ORDER BY "createdAt", id) AS n FROM "Person" WHERE "idpEmail" LIKE 'bcsc%@id.example'`);
    await c.query('CREATE UNIQUE INDEX ON vp (n)');
    await step('staff roles', `
      INSERT INTO "StaffRole" (id, "personId", role, "updatedAt")
      SELECT gen_random_uuid(), id, 'ENROLMENT_TEAM', now() FROM vp WHERE n <= ${S}`);
    await step('staff sign-in marker', `
      INSERT INTO "LoginAccount" (id, "personId", provider, issuer, subject, "updatedAt")
      SELECT gen_random_uuid(), id, 'volume', '${MARKER}', 'staff-' || n, now() FROM vp WHERE n <= ${S}`);
    await step('worksites', `
      INSERT INTO "Worksite" (id, "worksiteCode", "legalName", "operatingName", "locationType", street, city, "postalCode",
                              phone, email, status, "statusChangedAt", "closureRequestedAt", "createdById", "assignedToId", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${CODE('(g * 7919 + 104729)::bigint')},
             ${pick(CLINIC, 'g')} || ' ' || ${pick(KIND, 'g / 15')} || ' ' || g || ' Ltd.',
             ${pick(CLINIC, 'g')} || ' ' || ${pick(KIND, 'g / 15')} || ' ' || g,
             (ARRAY['PRIVATE_PRACTICE_CLINIC','COMMUNITY_HEALTH_SERVICE','PHARMACY','LONG_TERM_CARE']::"LocationType"[])[1 + g % 4],
             g || ' Main Street', ${pick(CITY, 'g')}, 'V8W 1A1', '250-555-0100', 'clinic' || g || '@example.com',
             s.status::"WorksiteStatus", CASE WHEN s.status IN ('INTAKE_SUBMITTED','DECLARATION_SUBMITTED') THEN ${AGO(20)} ELSE ${AGO(700)} END,
             CASE WHEN s.status = 'ACTIVE' AND g % 200 = 0 THEN ${AGO(15)} END,
             (SELECT id FROM vp WHERE n = ${S} + 1 + g % (${P} - ${S})),
             CASE WHEN s.status IN ('INTAKE_SUBMITTED','DECLARATION_SUBMITTED') AND g % 5 = 0 THEN (SELECT id FROM vp WHERE n = 1 + g % ${S}) END,
             ${AGO(900)}, now()
        FROM generate_series(1, ${W}) g,
        LATERAL (SELECT CASE WHEN g % 100 < 3 THEN 'INTAKE_SUBMITTED' WHEN g % 100 < 5 THEN 'DECLARATION_SUBMITTED'
                             WHEN g % 100 < 8 THEN 'AWAITING_DECLARATION' WHEN g % 100 < 9 THEN 'CHANGES_REQUESTED'
                             WHEN g % 100 < 11 THEN 'SUSPENDED' WHEN g % 100 < 12 THEN 'DECLINED'
                             WHEN g % 100 < 14 THEN 'CLOSED' ELSE 'ACTIVE' END AS status) s`);
    await c.query(`CREATE TEMP TABLE vw ON COMMIT DROP AS SELECT id, row_number() OVER (ORDER BY "worksiteCode") AS n FROM "Worksite"`);
    await c.query('CREATE UNIQUE INDEX ON vw (n)');
    await step('enrolments', `
      INSERT INTO "Enrolment" (id, "personId", profession, college, "licenceNumber", status, "statusChangedAt",
                               "submittedAt", "professionLockedAt", "assignedToId", "updatedAt")
      SELECT gen_random_uuid(), vp.id, x.profession::"Profession",
             CASE x.profession WHEN 'PHYSICIAN' THEN 'CPSBC' WHEN 'PHARMACIST' THEN 'CPBC' WHEN 'MEDICAL_OFFICE_ASSISTANT' THEN NULL ELSE 'BCCNM' END,
             CASE WHEN x.profession <> 'MEDICAL_OFFICE_ASSISTANT' THEN lpad((vp.n * 37 % 9999999)::text, 7, '0') END,
             x.status::"EnrolmentStatus", CASE WHEN x.status = 'IN_REVIEW' THEN ${AGO(25)} ELSE ${AGO(600)} END,
             now() - interval '30 days', now() - interval '30 days',
             CASE WHEN x.status = 'IN_REVIEW' AND vp.n % 6 = 0 THEN (SELECT id FROM vp s WHERE s.n = 1 + vp.n % ${S}) END, now()
        FROM vp,
        LATERAL (SELECT (ARRAY['PHYSICIAN','REGISTERED_NURSE','NURSE_PRACTITIONER','PHARMACIST','MEDICAL_OFFICE_ASSISTANT','REGISTERED_NURSE'])[1 + vp.n % 6] AS profession,
                        CASE WHEN vp.n % 100 < 4 THEN 'IN_REVIEW' WHEN vp.n % 100 < 8 THEN 'SUBMITTED' WHEN vp.n % 100 < 10 THEN 'CHANGES_REQUESTED'
                             WHEN vp.n % 100 < 11 THEN 'DECLINED' ELSE 'APPROVED' END AS status) x
       WHERE vp.n > ${S} AND vp.n % 20 <> 0`);
    await step('memberships', `
      INSERT INTO "Membership" (id, "personId", "worksiteId", status, kind, "isSiteAdmin", "statusChangedAt", "assignedToId", "updatedAt")
      SELECT gen_random_uuid(), vp.id, vw.id, x.status::"MembershipStatus", 'INDEPENDENT', vp.n % 5 = 0,
             CASE WHEN x.status = 'PENDING_REVIEW' THEN ${AGO(20)} ELSE ${AGO(500)} END,
             CASE WHEN x.status = 'PENDING_REVIEW' AND vp.n % 7 = 0 THEN (SELECT id FROM vp s WHERE s.n = 1 + vp.n % ${S}) END, now()
        FROM vp
        CROSS JOIN LATERAL (VALUES (0), (1)) AS k(i)
        JOIN vw ON vw.n = 1 + (vp.n * (1 + 2 * k.i) + k.i * 4999) % ${W}
        CROSS JOIN LATERAL (SELECT CASE WHEN (vp.n + k.i) % 100 < 3 THEN 'PENDING_REVIEW' WHEN (vp.n + k.i) % 100 < 5 THEN 'REQUESTED'
                                        WHEN (vp.n + k.i) % 100 < 6 THEN 'INACTIVE' WHEN (vp.n + k.i) % 100 < 8 THEN 'ENDED' ELSE 'ACTIVE' END AS status) x
       WHERE vp.n > ${S} AND (k.i = 0 OR vp.n % 5 < 2)
      ON CONFLICT ("personId", "worksiteId") DO NOTHING`);
    const grant = (open: string, closed: string) =>
      `CASE WHEN g % 10 = 0 THEN '${open}' WHEN g % 10 < 8 THEN '${closed}' ELSE 'DECLINED' END::"GrantRequestStatus"`;
    await step('remote access requests', `
      INSERT INTO "RemoteAccessRequest" (id, "membershipId", status, "createdAt", "updatedAt")
      SELECT gen_random_uuid(), m.id, ${grant('REQUESTED', 'APPROVED')}, ${AGO(300)}, now()
        FROM (SELECT id, row_number() OVER (ORDER BY id) AS g FROM "Membership" WHERE status = 'ACTIVE' LIMIT 3000) m`);
    await step('PharmaNet worksite requests', `
      INSERT INTO "PharmanetWorksiteRequest" (id, "worksiteId", status, "requestedById", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), w.id, CASE WHEN g % 10 < 2 THEN 'REQUESTED' WHEN g % 10 < 3 THEN 'INSTRUCTIONS_SENT' ELSE 'APPROVED' END::"GrantRequestStatus",
             w."createdById", ${AGO(200)}, now()
        FROM (SELECT id, "createdById", row_number() OVER (ORDER BY id) AS g FROM "Worksite" WHERE status = 'ACTIVE' LIMIT 800) w`);
    await step('PharmaNet user requests', `
      INSERT INTO "PharmanetUserRequest" (id, "membershipId", status, "createdAt", "updatedAt")
      SELECT gen_random_uuid(), m.id, ${grant('REQUESTED', 'APPROVED')}, ${AGO(200)}, now()
        FROM (SELECT id, row_number() OVER (ORDER BY id DESC) AS g FROM "Membership" WHERE status = 'ACTIVE' LIMIT 2000) m`);
    await step('profession change requests', `
      INSERT INTO "ProfessionChangeRequest" (id, "personId", "fromProfession", "toProfession", college, "licenceNumber", reason, status, "createdAt", "updatedAt")
      SELECT gen_random_uuid(), e."personId", e.profession, 'NURSE_PRACTITIONER', 'BCCNM', '7' || lpad(g::text, 6, '0'), 'Now a nurse practitioner',
             CASE WHEN g % 5 < 2 THEN 'REQUESTED' WHEN g % 5 < 4 THEN 'APPLIED' ELSE 'DECLINED' END::"ChangeRequestStatus", ${AGO(100)}, now()
        FROM (SELECT "personId", profession, row_number() OVER (ORDER BY id) AS g FROM "Enrolment"
               WHERE status = 'APPROVED' AND profession = 'REGISTERED_NURSE' LIMIT 600) e`);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  }
  await c.query('VACUUM ANALYZE');
  return true;
}

/** One of the bench's enrolment-team members, for the query benchmark. */
export async function benchStaffId(c: pg.Client): Promise<string> {
  const r = await c.query<{ personId: string }>(
    'SELECT "personId" FROM "LoginAccount" WHERE issuer = $1 ORDER BY subject LIMIT 1',
    [MARKER],
  );
  if (!r.rows[0]) throw new Error('The database is not seeded: run bench/seed-volume.ts first.');
  return r.rows[0].personId;
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('Set DATABASE_URL to a migrated scratch database, e.g. postgres://postgres@127.0.0.1:5432/cc_bench');
    process.exit(2);
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const t = Date.now();
    const did = await seedVolume(c);
    console.log(did ? `Seeded in ${((Date.now() - t) / 1000).toFixed(1)} s.` : 'Already seeded; nothing to do.');
  } finally {
    await c.end();
  }
}

if (process.argv[1] && /seed-volume\.ts$/.test(process.argv[1])) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
