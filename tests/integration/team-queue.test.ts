import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { addBusinessDays } from '@/lib/business-days';
import { DomainError } from '@/lib/errors';
import { db, pool } from '@/server/db';
import { enrolmentQueueCounts } from '@/server/enrolments/team-queries';
import { dashboardCounts, dashboardSql } from '@/server/team/dashboard-queries';
import { parseQueueFilter, type QueueFilter } from '@/server/team/list-rules';
import { queuePage, queueSql, type QueueItem } from '@/server/team/queue-queries';
import { worksiteQueueCounts } from '@/server/worksites/team-queries';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { TRAP_CASES, now as clockNow, setNow } from '../support/clock';

const now = clockNow();
const daysAgo = (n: number) => addBusinessDays(now, -n);
const filter = (raw: Record<string, string> = {}): QueueFilter => {
  const f = parseQueueFilter(raw);
  if (!f.ok) throw new Error(JSON.stringify(f.errors));
  return f.value;
};

async function staff(roles: StaffRoleKind[] = ['ENROLMENT_TEAM']) {
  const p = await ensurePerson(db(), { staffRoles: roles });
  return { id: p.id, staffRoles: roles };
}

let me: { id: string; staffRoles: StaffRoleKind[] };
let colleague: { id: string; staffRoles: StaffRoleKind[] };
const ids: Record<string, string> = {};

// One open item in every queue, plus decided items that must not count.
beforeAll(async () => {
  me = await staff();
  colleague = await staff(['AUDITOR']);
  const client = db();
  const creator = await ensurePerson(client, { givenName: 'Maya', familyName: 'Manager' });
  const intake = await createWorksite(client, { creatorId: creator.id, status: 'INTAKE_SUBMITTED', operatingName: 'Intake Clinic' });
  await client.worksite.update({ where: { id: intake.id }, data: { statusChangedAt: daysAgo(10) } });
  const decl = await createWorksite(client, { creatorId: creator.id, status: 'DECLARATION_SUBMITTED', operatingName: 'Declaring Clinic' });
  await client.worksite.update({ where: { id: decl.id }, data: { statusChangedAt: daysAgo(6), assignedToId: me.id } });
  const active = await createWorksite(client, { creatorId: creator.id, status: 'ACTIVE', operatingName: 'Closing Clinic' });
  await client.worksite.update({ where: { id: active.id }, data: { closureRequestedAt: daysAgo(2), closureRequestedById: creator.id } });
  await createWorksite(client, { creatorId: creator.id, status: 'ACTIVE', operatingName: 'Quiet Clinic' });

  const nadia = await ensurePerson(client, { givenName: 'Nadia', familyName: 'Practitioner' });
  const enrolment = await createEnrolment(client, { personId: nadia.id, status: 'IN_REVIEW', statusChangedAt: daysAgo(3) });
  await client.enrolment.update({ where: { id: enrolment.id }, data: { assignedToId: colleague.id } });
  const approved = await ensurePerson(client);
  await createEnrolment(client, { personId: approved.id, status: 'APPROVED', statusChangedAt: daysAgo(20) });

  const omar = await ensurePerson(client, { givenName: 'Omar', familyName: 'Assistant' });
  const pending = await createMembership(client, { worksiteId: active.id, personId: omar.id, status: 'PENDING_REVIEW' });
  await client.membership.update({ where: { id: pending.id }, data: { statusChangedAt: daysAgo(1), assignedToId: me.id } });
  const priya = await ensurePerson(client, { givenName: 'Priya', familyName: 'Physician' });
  const priyaM = await createMembership(client, { worksiteId: active.id, personId: priya.id, status: 'ACTIVE' });
  const remote = await client.remoteAccessRequest.create({ data: { membershipId: priyaM.id, createdAt: daysAgo(4) } });
  await client.remoteAccessRequest.create({ data: { membershipId: priyaM.id, status: 'DECLINED', createdAt: daysAgo(30) } });
  const pnw = await client.pharmanetWorksiteRequest.create({
    data: { worksiteId: active.id, requestedById: creator.id, status: 'INSTRUCTIONS_SENT', createdAt: daysAgo(5) },
  });
  const pnu = await client.pharmanetUserRequest.create({ data: { membershipId: priyaM.id, createdAt: daysAgo(0) } });
  const change = await client.professionChangeRequest.create({
    // A minute after the closure request, so the order does not hang on which id is larger.
    data: { personId: nadia.id, toProfession: 'NURSE_PRACTITIONER', reason: 'Now an NP', createdAt: new Date(daysAgo(2).getTime() + 60_000) },
  });
  Object.assign(ids, {
    intake: intake.id, declaration: decl.id, closure: active.id, enrolment: enrolment.id, membership: pending.id,
    remote: remote.id, pnw: pnw.id, pnu: pnu.id, change: change.id,
  });
});

describe('team dashboard', () => {
  it('counts every queue with the age of its oldest item, and what is assigned to me', async () => {
    const d = await dashboardCounts(me, now);
    const by = Object.fromEntries(d.queues.map((q) => [q.type, q]));
    expect(Object.fromEntries(d.queues.map((q) => [q.type, q.count]))).toEqual({
      intake: 1, declaration: 1, closure: 1, enrolment: 1, membership: 1, 'waiting-sponsor': 0,
      'remote-access': 1, 'pharmanet-worksite': 1, 'pharmanet-user': 1, 'profession-change': 1,
    });
    expect(by.intake).toMatchObject({ oldestDays: 10, oldestTone: 'red' });
    expect(by.declaration).toMatchObject({ oldestDays: 6, oldestTone: 'amber' });
    expect(by.enrolment).toMatchObject({ oldestDays: 3, oldestTone: 'normal' });
    expect(by['pharmanet-user']).toMatchObject({ oldestDays: 0 });
    expect(d.assignedToMe).toMatchObject({ count: 2, oldestDays: 6, oldestTone: 'amber' });
    expect((await dashboardCounts(colleague, now)).assignedToMe.count).toBe(1);
  });

  it('agrees with the worksite and enrolment queue pages', async () => {
    const d = await dashboardCounts(me, now);
    const count = (t: string) => d.queues.find((q) => q.type === t)!.count;
    const w = await worksiteQueueCounts(me, now);
    const e = await enrolmentQueueCounts(me, now);
    expect([count('intake'), count('declaration'), count('closure')]).toEqual([w.intakes.count, w.declarations.count, w.closureRequests.count]);
    expect([count('enrolment'), count('profession-change')]).toEqual([e.enrolments.count, e.professionChanges.count]);
  });

  it('refuses anyone without a staff role', async () => {
    const nobody = { id: (await ensurePerson(db())).id, staffRoles: [] };
    await expect(dashboardCounts(nobody)).rejects.toThrow(DomainError);
    await expect(queuePage(nobody, filter())).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('work list filters', () => {
  const types = (rows: QueueItem[]) => rows.map((r) => r.type);

  it('lists every open item oldest first, each linking to where it is decided', async () => {
    const { rows, nextCursor } = await queuePage(me, filter(), { now });
    expect(nextCursor).toBeNull();
    expect(types(rows)).toEqual([
      'intake', 'declaration', 'pharmanet-worksite', 'remote-access', 'enrolment', 'closure', 'profession-change', 'membership', 'pharmanet-user',
    ]);
    expect(rows.map((r) => r.waitingSince.getTime())).toEqual([...rows].map((r) => r.waitingSince.getTime()).sort((a, b) => a - b));
    expect(rows).toHaveLength(9);
    const href = Object.fromEntries(rows.map((r) => [r.type, r.href]));
    expect(href).toMatchObject({
      intake: `/admin/worksites/${ids.intake}`,
      declaration: `/admin/worksites/${ids.declaration}`,
      closure: `/admin/worksites/${ids.closure}`,
      enrolment: `/admin/enrolments/${ids.enrolment}`,
      'profession-change': `/admin/enrolments/${ids.enrolment}`,
      membership: '/admin/memberships',
      'remote-access': '/admin/remote-access',
      'pharmanet-worksite': '/admin/pharmanet',
      'pharmanet-user': '/admin/pharmanet',
    });
    const membership = rows.find((r) => r.type === 'membership')!;
    expect(membership).toMatchObject({ personName: 'Omar Assistant', worksiteName: 'Closing Clinic', assignedToMe: true, statusLabel: expect.any(String) });
    expect(Object.fromEntries(rows.map((r) => [r.type, r.subject]))).toMatchObject({
      intake: 'Intake Clinic', closure: 'Closing Clinic', 'pharmanet-worksite': 'Closing Clinic', enrolment: 'Nadia Practitioner', membership: 'Omar Assistant',
    });
    for (const t of ['remote-access', 'pharmanet-user']) // through the request's membership
      expect(rows.find((r) => r.type === t)).toMatchObject({ personName: 'Priya Physician', worksiteName: 'Closing Clinic' });
    expect(rows.find((r) => r.type === 'profession-change')).toMatchObject({ personName: 'Nadia Practitioner', worksiteName: null });
    expect(rows.find((r) => r.type === 'enrolment')).toMatchObject({ personName: 'Nadia Practitioner', assigneeName: expect.stringContaining('Test'), assignedToMe: false });
    expect(rows[0]).toMatchObject({ type: 'intake', ageDays: 10, ageTone: 'red', ageText: '10 business days — long overdue' });
  });

  it('filters by type, status, assignee and waiting-since dates, and sorts newest first', async () => {
    expect(types((await queuePage(me, filter({ type: 'enrolment' }))).rows)).toEqual(['enrolment']);
    expect(types((await queuePage(me, filter({ type: 'enrolment', status: 'APPROVED' }))).rows)).toEqual(['enrolment']);
    expect((await queuePage(me, filter({ type: 'intake', status: 'ACTIVE' }))).rows).toEqual([]);
    expect(types((await queuePage(me, filter({ status: 'DECLINED' }))).rows)).toEqual(['remote-access']);
    expect(new Set(types((await queuePage(me, filter({ assignee: 'me' }))).rows))).toEqual(new Set(['declaration', 'membership']));
    const nobody = (await queuePage(me, filter({ assignee: 'nobody' }))).rows;
    expect(nobody).toHaveLength(6);
    expect(nobody.every((r) => r.assigneeName === null)).toBe(true);
    const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Vancouver' }).format(d);
    const ranged = await queuePage(me, filter({ from: day(daysAgo(6)), to: day(daysAgo(4)) }));
    expect(new Set(types(ranged.rows))).toEqual(new Set(['declaration', 'pharmanet-worksite', 'remote-access']));
    const newest = (await queuePage(me, filter({ sort: 'newest' }))).rows;
    expect(newest[0]!.type).toBe('pharmanet-user');
    expect(newest.at(-1)!.type).toBe('intake');
  });
});

describe('keyset paging', () => {
  async function pageAll(f: QueueFilter, between: () => Promise<void>, size = 50) {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const p = await queuePage(me, { ...f, after }, { pageSize: size });
      expect(p.rows.length).toBeLessThanOrEqual(size);
      seen.push(...p.rows.map((r) => r.id));
      if (!p.nextCursor) return seen;
      after = p.nextCursor;
      await between();
    }
    throw new Error('paging did not end');
  }

  it('returns every row exactly once, in order, while new items arrive between pages', async () => {
    const client = db();
    const start = new Date(now.getTime() - 3 * 86_400_000);
    // 123 enrolments in review, several sharing a timestamp so the id breaks ties.
    for (let i = 0; i < 123; i++) {
      const p = await ensurePerson(client);
      await createEnrolment(client, { personId: p.id, status: 'IN_REVIEW', statusChangedAt: new Date(start.getTime() + Math.floor(i / 3) * 1000) });
    }
    const f = filter({ type: 'enrolment' });
    const before = (await queuePage(me, f, { pageSize: 1000 })).rows.map((r) => r.id);
    expect(before).toHaveLength(124);
    let added = 0;
    const arrive = async () => {
      const p = await ensurePerson(client);
      await createEnrolment(client, { personId: p.id, status: 'IN_REVIEW' });
      added++;
    };
    const oldestFirst = await pageAll(f, arrive);
    expect(new Set(oldestFirst).size).toBe(oldestFirst.length);
    expect(oldestFirst.slice(0, before.length)).toEqual(before);
    expect(added).toBe(2);
    expect(oldestFirst).toHaveLength(before.length + added); // arrivals join the end of the list

    const snapshot = (await queuePage(me, { ...f, sort: 'newest' }, { pageSize: 1000 })).rows.map((r) => r.id);
    const newestFirst = await pageAll({ ...f, sort: 'newest' }, arrive);
    expect(newestFirst).toEqual(snapshot);
  });

  it('a forged cursor starts again from the first page', async () => {
    const first = await queuePage(me, filter({ type: 'enrolment' }), { pageSize: 5 });
    const forged = await queuePage(me, { ...filter({ type: 'enrolment' }), after: 'eyJub3QiOiJhIGN1cnNvciJ9' }, { pageSize: 5 });
    expect(forged.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });
});

describe('indexes', () => {
  it('a filtered page reads index ranges, not whole tables, on 30,000 enrolments', async () => {
    await db().$executeRawUnsafe(`
      WITH p AS (
        INSERT INTO "Person" (id, "legalGivenName", "legalFamilyName", "identityAssuranceLevel", "updatedAt")
        SELECT gen_random_uuid(), 'Bulk', 'Person ' || g, 3, now() FROM generate_series(1, 30000) g
        RETURNING id)
      INSERT INTO "Enrolment" (id, "personId", status, "statusChangedAt", "updatedAt")
      SELECT gen_random_uuid(), id, CASE WHEN random() < 0.05 THEN 'IN_REVIEW' ELSE 'APPROVED' END::"EnrolmentStatus",
             now() - random() * interval '300 days', now() FROM p`);
    await db().$executeRawUnsafe('ANALYZE');
    const filters: Record<string, string>[] = [{}, { type: 'enrolment', assignee: 'nobody' }, { type: 'enrolment', status: 'APPROVED', sort: 'newest' }];
    for (const raw of filters) {
      const plan = (await db().$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN ${queueSql(me.id, filter(raw), 50)!}`)
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      // Tiny tables (a few worksites here) are rightly read whole; the large ones never are.
      expect(plan).not.toMatch(/Seq Scan on "(Enrolment|Person)"/);
      expect(plan).toMatch(/Index (Only )?Scan.*Enrolment_status_statusChangedAt_id_idx/);
    }
    const dashboard = (await db().$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN ${dashboardSql(me.id)}`).map((r) => r['QUERY PLAN']).join('\n');
    expect(dashboard).not.toMatch(/Seq Scan on "(Enrolment|Person)"/);
  });

  // Every open of the work list runs this statement: it must be planned once per connection, not
  // on every run (with its limit a parameter, PostgreSQL planned it anew each time).
  it('is planned once per connection, then reused', async () => {
    const sql = queueSql(me.id, filter({ type: 'enrolment' }), 50)!;
    const client = await pool().connect();
    try {
      for (let i = 0; i < 8; i++) await client.query({ name: 'queue_plan_test', text: sql.text, values: sql.values as unknown[] });
      const [stmt] = (await client.query<{ generic_plans: string; custom_plans: string }>(
        `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'queue_plan_test'`,
      )).rows;
      expect(Number(stmt!.generic_plans)).toBeGreaterThanOrEqual(2);
      expect(Number(stmt!.custom_plans)).toBeLessThanOrEqual(6);
    } finally {
      await client.query('DEALLOCATE queue_plan_test');
      client.release();
    }
  });

  it('refuses a page size that is not a positive whole number (it is written into the statement)', () => {
    for (const size of [0, -1, 2.5, Number.NaN]) expect(() => queueSql(me.id, filter({}), size)).toThrow(/Page size/);
  });
});

// Rows stamped at the trap instant itself, and the rule asked at that same instant: ages must not
// depend on the day of the week, the hour, a holiday or a daylight-time switch.
// Last in the file: the worksites it adds would otherwise show in the lists above.
describe.each(TRAP_CASES)('queue ages at a trap instant: %s', (_name, instant) => {
  it('ages items 10, 6 and 0 business days old as such on the dashboard and the work list', async () => {
    setNow(instant);
    const mine = await staff();
    const creator = await ensurePerson(db());
    const at = (n: number) => addBusinessDays(clockNow(), -n);
    for (const [n, name] of [[10, 'Ten'], [6, 'Six'], [0, 'Today']] as const) {
      const w = await createWorksite(db(), { creatorId: creator.id, status: 'INTAKE_SUBMITTED', operatingName: `${name} Clinic` });
      await db().worksite.update({ where: { id: w.id }, data: { statusChangedAt: n ? at(n) : clockNow(), assignedToId: mine.id } });
    }
    const d = await dashboardCounts(mine, clockNow());
    expect(d.assignedToMe).toMatchObject({ count: 3, oldestDays: 10, oldestTone: 'red' });
    const { rows } = await queuePage(mine, filter({ assignee: 'me' }), { now: clockNow() });
    expect(rows.map((r) => [r.subject, r.ageDays, r.ageTone])).toEqual([
      ['Ten Clinic', 10, 'red'],
      ['Six Clinic', 6, 'amber'],
      ['Today Clinic', 0, 'normal'],
    ]);
  });
});
