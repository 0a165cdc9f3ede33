// Each per-domain team page (enrolments, worksites, memberships, PharmaNet, remote access) is the
// work list filtered by type and status (docs/decisions/032): the same rows, ageing, cursor and
// page size as /admin/queue, and the same refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRoleKind, WorksiteStatus } from '@/generated/prisma/client';
import { db } from '@/server/db';
import { LIST_PAGE_SIZE, domainView, type QueueType } from '@/server/team/list-rules';
import { queuePage, type QueueItem } from '@/server/team/queue-queries';
import { createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { now } from '../support/clock';
import {
  enrolmentList,
  membershipList,
  pharmanetUserList,
  pharmanetWorksiteList,
  professionChangeList,
  remoteAccessList,
  worksiteList,
  worksiteView,
} from '../support/domain-lists';

type Opts = { after?: string | null; pageSize?: number };
type Page = { rows: QueueItem[]; nextCursor: string | null };
type View = { name: string; types: QueueType[]; status: string; read: (v: Staff, o: Opts) => Promise<Page> };
type Staff = { id: string; staffRoles: StaffRoleKind[] };

const worksites = (statuses?: WorksiteStatus[], closureRequested?: boolean) => {
  const w = worksiteView({ statuses, closureRequested });
  return { ...w, read: (v: Staff, o: Opts) => worksiteList(v, { ...o, statuses, closureRequested }) };
};

// Every per-domain page's list, with the work list types and status it is said to show.
const VIEWS: View[] = [
  { name: 'enrolments', types: ['enrolment'], status: 'open', read: enrolmentList },
  {
    name: 'profession changes',
    types: ['profession-change'],
    status: 'open',
    read: async (v, o) => ({ rows: await professionChangeList(v, o), nextCursor: null }),
  },
  { name: 'memberships', types: ['membership'], status: 'open', read: membershipList },
  { name: 'remote access', types: ['remote-access'], status: 'open', read: remoteAccessList },
  { name: 'PharmaNet, worksites', types: ['pharmanet-worksite'], status: 'open', read: pharmanetWorksiteList },
  { name: 'PharmaNet, people', types: ['pharmanet-user'], status: 'open', read: pharmanetUserList },
  { name: 'worksites waiting for review', ...worksites() },
  { name: 'worksite registrations', ...worksites(['INTAKE_SUBMITTED']) },
  { name: 'closure requests', ...worksites(undefined, true) },
  { name: 'active worksites', ...worksites(['ACTIVE']) },
  { name: 'closed worksites', ...worksites(['CLOSED']) },
];

let me: Staff;

beforeAll(async () => {
  me = { id: (await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] })).id, staffRoles: ['ENROLMENT_TEAM'] };
  const owner = await ensurePerson(db());
  for (let i = 0; i < 3; i++) {
    const p = await ensurePerson(db());
    await createEnrolment(db(), { personId: p.id, status: 'IN_REVIEW' });
    await db().professionChangeRequest.create({ data: { personId: p.id, fromProfession: 'PHYSICIAN', toProfession: 'NURSE_PRACTITIONER', reason: 'Changed.' } });
    for (const status of ['INTAKE_SUBMITTED', 'DECLARATION_SUBMITTED', 'ACTIVE', 'CLOSED'] as const)
      await createWorksite(db(), { creatorId: owner.id, status });
    const ws = await createWorksite(db(), { creatorId: owner.id, status: 'ACTIVE' });
    await db().worksite.update({ where: { id: ws.id }, data: { closureRequestedAt: now(), closureRequestedById: owner.id } });
    await createMembership(db(), { worksiteId: ws.id, personId: p.id, status: 'PENDING_REVIEW' });
    const active = await createMembership(db(), { worksiteId: (await createWorksite(db(), { creatorId: owner.id })).id, personId: p.id });
    await db().remoteAccessRequest.create({ data: { membershipId: active.id } });
    await db().pharmanetUserRequest.create({ data: { membershipId: active.id } });
    await db().pharmanetWorksiteRequest.create({ data: { worksiteId: ws.id, requestedById: owner.id } });
  }
});

/** Every page of a list, followed by its cursors. */
async function allPages(read: (o: Opts) => Promise<Page>, pageSize: number) {
  const rows: QueueItem[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page: Page = await read({ after, pageSize });
    rows.push(...page.rows);
    after = page.nextCursor;
    expect(++pages).toBeLessThan(500);
  } while (after);
  return { rows, pages };
}

const key = (r: QueueItem) => [r.type, r.id, r.waitingSince.toISOString(), r.ageText, r.statusLabel, r.href];

describe('per-domain team pages read the work list', () => {
  it.each(VIEWS)('$name: the rows are the work list filtered by type and status, with its ageing', async (view) => {
    const all = await queuePage(me, { type: 'all', status: view.status, assignee: 'anyone', sort: 'oldest' }, { pageSize: 10_000 });
    const expected = all.rows.filter((r) => view.types.includes(r.type)).map(key);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const { rows } = await view.read(me, { pageSize: 10_000 });
    expect(rows.map(key)).toEqual(expected);
    expect(rows.every((r) => 'detail' in r)).toBe(true);
  });

  it.each(VIEWS.filter((v) => v.name !== 'profession changes'))('$name: its cursor pages through every row exactly once', async (view) => {
    const whole = (await view.read(me, { pageSize: 10_000 })).rows.map((r) => r.id);
    const paged = await allPages((o) => view.read(me, o), 2);
    expect(paged.rows.map((r) => r.id)).toEqual(whole);
    expect(paged.pages).toBe(Math.ceil(whole.length / 2));
    // The same cursor format as /admin/queue: a cursor from one continues the other.
    const first = await view.read(me, { pageSize: 2 });
    const next = await queuePage(me, domainView(view.types, { status: view.status, after: first.nextCursor }), { pageSize: 2 });
    expect(next.rows.map((r) => r.id)).toEqual(whole.slice(2, 4));
    // A forged cursor is the first page.
    expect((await view.read(me, { after: 'bm90IGEgY3Vyc29y', pageSize: 2 })).rows.map((r) => r.id)).toEqual(whole.slice(0, 2));
  });

  it.each(VIEWS)('$name: pages hold the work list’s page size', async (view) => {
    const page = await view.read(me, {});
    expect(page.rows.length).toBeLessThanOrEqual(LIST_PAGE_SIZE);
  });

  it.each(VIEWS)('$name: refused signed out and without a staff role, nothing read', async (view) => {
    const outsider = { id: (await ensurePerson(db())).id, staffRoles: [] as StaffRoleKind[] };
    await expect(view.read(outsider, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(view.read(null as unknown as Staff, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
