// The round-trip budget of each hot page and action (docs/decisions/027-round-trip-budget.md).
//
// How it measures: each page is rendered the way Next.js renders it for one request, inside a
// request store carrying a real session cookie, so the real next-auth lookup, the viewer and
// every server component's own reads run. The tree (root layout, area layout, page) is walked and
// every server component is called, async ones awaited; client components are leaves whose
// element props are walked too. React's `cache` is per request, as in the server build.
// src/server/db.ts counts the statements sent on the scope's behalf (pool queries and those of
// connections checked out for transactions). An action is counted with its response: when it
// revalidates the page it was posted from, Next.js re-renders that page into the answer, so the
// page's render is added.
import '../support/next-als';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromNow } from '../support/clock';

const request = vi.hoisted(() => ({
  memo: new Map<unknown, Map<string, unknown>>(),
  revalidated: [] as string[],
}));
vi.mock('react', async (io) => {
  const real = (await io()) as typeof import('react');
  const cache = <A extends unknown[], R>(fn: (...a: A) => R) =>
    ((...args: A) => {
      let m = request.memo.get(fn);
      if (!m) request.memo.set(fn, (m = new Map()));
      const key = JSON.stringify(args, (_k, v: unknown) =>
        v instanceof Date ? v.toISOString() : v,
      );
      if (!m.has(key)) m.set(key, fn(...args));
      return m.get(key) as R;
    }) as (...a: A) => R;
  return { ...real, default: real, cache };
});
vi.mock('next/cache', () => ({
  revalidatePath: (p: string) => request.revalidated.push(p),
  revalidateTag: () => {},
  updateTag: () => {},
  refresh: () => request.revalidated.push('refresh'),
}));

import { isValidElement, type ReactNode } from 'react';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import RootLayout from '@/app/layout';
import HomePage from '@/app/page';
import AdminLayout from '@/app/(admin)/layout';
import QueuePage from '@/app/(admin)/admin/queue/page';
import SearchPage from '@/app/(admin)/admin/search/page';
import TeamPersonPage from '@/app/(admin)/admin/people/[id]/page';
import TeamWorksitePage from '@/app/(admin)/admin/worksites/[id]/page';
import EnrolmentDetailPage from '@/app/(admin)/admin/enrolments/[id]/page';
import PharmanetPage from '@/app/(admin)/admin/pharmanet/page';
import WorksitePage from '@/app/(portal)/worksites/[id]/page';
import { hashToken } from '@/server/auth/adapter';
import { countRoundTrips, db } from '@/server/db';
import { env } from '@/server/env';
import { addNoteAction } from '@/server/notes/actions';
import { approveEnrolmentAction, declineProfessionChangeAction } from '@/server/enrolments/team-actions';
import { declineMembershipAction } from '@/server/memberships/provisioning-actions';
import { reinstatePersonAction, suspendPersonAction } from '@/server/people/team-actions';
import { decideUserPharmanetAction } from '@/server/pharmanet/actions';
import { decideRemoteAccessAction } from '@/server/remote-access/actions';
import { approveDeclarationAction, closeWorksiteAction, suspendWorksiteAction } from '@/server/worksites/team-actions';
import MembershipsPage from '@/app/(admin)/admin/memberships/page';
import RemoteAccessPage from '@/app/(admin)/admin/remote-access/page';
import { createWorksite } from '../factories/worksites';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { ensureDeclarationVersion } from '../../prisma/seed-data/declaration-v1';
import { ensureHpcaaVersion } from '../../prisma/seed-data/hpcaa-v1';
import { seedDemoPeople } from '../../prisma/seed-demo-people';
import { seedDemoWorksites } from '../../prisma/seed-demo-worksites';
import { presetIdentities } from '../../dev/oidc/identities';
import { runInRequest } from '../support/next-request';

const BUDGET = { dashboard: 6, worksitePage: 5, teamList: 3, detailPage: 6, action: 6 } as const;
// Pages not yet within their budget (docs/decisions/027-round-trip-budget.md, "Not yet"): held
// at what they cost when the budget was set, so they can only get cheaper. Lower these as the
// reads are joined; delete a line when its page meets the budget (empty: every one is within it).
const NOT_YET: Partial<Record<string, number>> = {};

/** Calls every server component of the tree; a component that cannot run outside a client
 * render (it uses hooks) is a leaf, but the elements it was handed are rendered. */
async function render(node: unknown): Promise<void> {
  if (node instanceof Promise) return render(await node);
  if (Array.isArray(node)) {
    await Promise.all(node.map(render));
    return;
  }
  if (!isValidElement(node)) return;
  const { type, props } = node as { type: unknown; props: Record<string, unknown> };
  if (typeof type === 'function') {
    let out: unknown;
    // A client component calling a hook here makes React log before it throws.
    const log = console.error;
    console.error = () => {};
    try {
      out = (type as (p: unknown) => unknown)(props);
    } catch {
      return renderProps(props);
    } finally {
      console.error = log;
    }
    return render(await out);
  }
  return renderProps(props);
}
const renderProps = async (props: Record<string, unknown>) => {
  await Promise.all(Object.values(props).map(render));
};

// Any page component: called with the props Next.js gives it.
type Page = (...a: never[]) => unknown;

/** One GET of a page under its layouts, as the signed-in person with this cookie. */
async function pageRequest(
  cookie: string,
  path: string,
  page: Page,
  params: Record<string, string> = {},
  layouts: Array<(p: { children: ReactNode }) => unknown> = [],
) {
  const url = new URL(path, env().APP_URL);
  request.memo = new Map();
  const searchParams = Object.fromEntries(url.searchParams);
  const req = new Request(url, { headers: { cookie, 'x-pathname': url.pathname } });
  return runInRequest(req, async () => {
    const props = { params: Promise.resolve(params), searchParams: Promise.resolve(searchParams) };
    // As in React, a layout that redirects leaves the page's own rejection unobserved, not unhandled.
    const settled = <T>(x: T) => (x instanceof Promise && x.catch(() => {}), x);
    const tree = [RootLayout, ...layouts].reduceRight<unknown>(
      (children, Layout) =>
        settled((Layout as (p: { children: unknown }) => unknown)({ children })),
      settled((page as (p: typeof props) => unknown)(props)),
    );
    await render(tree);
  });
}

/** The count, with the statements in the failure message when a budget is exceeded. */
const measured: Record<string, number> = {};
afterAll(() => console.info(`Round trips: ${JSON.stringify(measured)}`));
async function roundTrips(fn: () => PromiseLike<unknown>): Promise<number> {
  const r = await countRoundTrips(fn);
  lastStatements = r.statements;
  return r.roundTrips;
}
let lastStatements: string[] = [];
const limit = (page: string, budget: number) =>
  NOT_YET[page] ? `at most ${NOT_YET[page]} for now (budget ${budget})` : `at most ${budget}`;
function within(n: number, budget: number, page: string) {
  measured[page] = n;
  expect(n, `${n} round trips:\n${lastStatements.join('\n')}`).toBeLessThanOrEqual(NOT_YET[page] ?? budget);
}

const people = {} as Record<
  'physician' | 'manager' | 'team' | 'np',
  { id: string; cookie: string }
>;
let harbourId: string;
let enrolmentId: string;

async function sessionFor(sub: string) {
  const a = await db().loginAccount.findUniqueOrThrow({
    where: { provider_subject: { provider: 'bcsc', subject: sub } },
  });
  const token = randomBytes(32).toString('hex');
  await db().session.create({
    data: {
      tokenHash: hashToken(token),
      personId: a.personId,
      expires: fromNow(3_600_000),
      absoluteEnd: fromNow(7_200_000),
    },
  });
  return { id: a.personId, cookie: `next-auth.session-token=${token}` };
}

beforeAll(async () => {
  // The demo data: people at every step at an active worksite, as `npm run demo` shows them.
  await ensureDeclarationVersion(db());
  await ensureHpcaaVersion(db());
  for (const p of presetIdentities) {
    if (p.identity_assurance_level < env().OIDC_MIN_ASSURANCE) continue;
    const staffRoles = p.key === 'team' ? (['ENROLMENT_TEAM', 'STAFF_ADMIN'] as const) : [];
    await ensurePerson(db(), {
      subject: p.sub,
      issuer: env().OIDC_ISSUER,
      givenName: p.given_name,
      familyName: p.family_name,
      birthdate: p.birthdate,
      email: p.email,
      assuranceLevel: p.identity_assurance_level,
      staffRoles: [...staffRoles],
    });
  }
  people.manager = await sessionFor('bcsc-demo-manager');
  people.team = await sessionFor('bcsc-demo-team');
  people.physician = await sessionFor('bcsc-demo-physician');
  people.np = await sessionFor('bcsc-demo-np');
  await seedDemoWorksites(people.manager.id, people.team.id);
  await seedDemoPeople(people.manager.id, people.team.id);
  harbourId = (
    await db().worksite.findFirstOrThrow({
      where: { operatingName: 'Harbour Medical Associates', status: 'ACTIVE' },
    })
  ).id;
  enrolmentId = (await db().enrolment.findUniqueOrThrow({ where: { personId: people.np.id } })).id;
});

describe('round trips per page, within budget', () => {
  it(`practitioner dashboard: ${limit('dashboard', BUDGET.dashboard)}`, async () => {
    const n = await roundTrips(() => pageRequest(people.physician.cookie, '/', HomePage));
    within(n, BUDGET.dashboard, 'dashboard');
  });

  it(`worksite page (site admin): ${limit('worksitePage', BUDGET.worksitePage)}`, async () => {
    const n = await roundTrips(() =>
      pageRequest(people.manager.cookie, `/worksites/${harbourId}`, WorksitePage, {
        id: harbourId,
      }),
    );
    within(n, BUDGET.worksitePage, 'worksitePage');
  });

  it(`team work list, filtered: at most ${BUDGET.teamList}`, async () => {
    const n = await roundTrips(() =>
      pageRequest(people.team.cookie, '/admin/queue?type=enrolment', QueuePage, {}, [AdminLayout]),
    );
    within(n, BUDGET.teamList, 'work list');
  });

  it(`team search: at most ${BUDGET.teamList}`, async () => {
    const n = await roundTrips(() =>
      pageRequest(people.team.cookie, '/admin/search?q=Practitioner', SearchPage, {}, [
        AdminLayout,
      ]),
    );
    within(n, BUDGET.teamList, 'search');
  });

  for (const [name, path, page, id] of [
    ['person', () => `/admin/people/${people.np.id}`, TeamPersonPage, () => people.np.id],
    ['worksite', () => `/admin/worksites/${harbourId}`, TeamWorksitePage, () => harbourId],
    ['enrolment', () => `/admin/enrolments/${enrolmentId}`, EnrolmentDetailPage, () => enrolmentId],
  ] as const) {
    it(`team ${name} detail page: ${limit(`${name} detail`, BUDGET.detailPage)}`, async () => {
      const n = await roundTrips(() =>
        pageRequest(people.team.cookie, path(), page, { id: id() }, [AdminLayout]),
      );
      within(n, BUDGET.detailPage, `${name} detail`);
    });
  }

  it('a signed-out visitor costs no round trip; a signed-in one costs one for who they are', async () => {
    expect(await roundTrips(() => pageRequest('', '/', HomePage))).toBe(0);
    const signedIn = await roundTrips(() =>
      runInRequest(
        new Request(env().APP_URL, { headers: { cookie: people.team.cookie } }),
        async () => {
          request.memo = new Map();
          const { getViewer } = await import('@/server/authz');
          expect((await getViewer())?.staffRoles).toContain('ENROLMENT_TEAM');
        },
      ),
    );
    expect(signedIn).toBe(1);
  });
});

describe('round trips per action, with its response', () => {
  it(`adding a note to an enrolment: at most ${BUDGET.action}, and the page is not re-rendered`, async () => {
    const path = `/admin/enrolments/${enrolmentId}`;
    request.revalidated = [];
    request.memo = new Map();
    const before = await db().note.count({ where: { targetId: enrolmentId } });
    const action = await roundTrips(() =>
      runInRequest(
        new Request(new URL(path, env().APP_URL), {
          method: 'POST',
          headers: { cookie: people.team.cookie },
        }),
        async () => {
          const r = await addNoteAction({
            targetType: 'ENROLMENT',
            targetId: enrolmentId,
            body: 'Called the college.',
            submissionKey: randomUUID(),
          });
          expect(r.ok).toBe(true);
        },
      ),
    );
    within(action, BUDGET.action, 'note action');
    expect(await db().note.count({ where: { targetId: enrolmentId } })).toBe(before + 1);
    // A revalidated page is rendered again into the action's answer.
    const rerender = request.revalidated.some((p) => p === 'refresh' || path.startsWith(p))
      ? await roundTrips(() =>
          pageRequest(people.team.cookie, path, EnrolmentDetailPage, { id: enrolmentId }, [
            AdminLayout,
          ]),
        )
      : 0;
    expect({ action, rerender }).toEqual({ action, rerender: 0 });
  });
});

/** A team action posted from `path`, counted with its answer: when it revalidates the page it
 * was posted from, that page's render (under the admin layout) is added. */
async function actionWithAnswer(path: string, page: Page, params: Record<string, string>, act: () => Promise<unknown>) {
  request.revalidated = [];
  request.memo = new Map();
  const action = await roundTrips(() =>
    runInRequest(
      new Request(new URL(path, env().APP_URL), { method: 'POST', headers: { cookie: people.team.cookie } }),
      act,
    ),
  );
  const statements = lastStatements;
  const rerender = request.revalidated.some((p) => p === 'refresh' || path.startsWith(p))
    ? await roundTrips(() => pageRequest(people.team.cookie, path, page, params, [AdminLayout]))
    : 0;
  lastStatements = [...statements, '-- the answer (revalidated page):', ...lastStatements];
  return action + rerender;
}

describe('round trips per decision, with its response', () => {
  it(`approving an enrolment: ${limit('approve enrolment', BUDGET.action)}`, async () => {
    const p = await ensurePerson(db(), { givenName: 'Budget', familyName: 'Approval' });
    const e = await createEnrolment(db(), { personId: p.id, status: 'IN_REVIEW' });
    await completeCourse(db(), { personId: p.id });
    await acceptHpcaa(db(), { personId: p.id });
    const n = await actionWithAnswer(`/admin/enrolments/${e.id}`, EnrolmentDetailPage, { id: e.id }, async () => {
      const r = await approveEnrolmentAction({ enrolmentId: e.id, expectedStatus: 'IN_REVIEW' });
      expect(r).toMatchObject({ ok: true });
    });
    expect((await db().enrolment.findUniqueOrThrow({ where: { id: e.id } })).status).toBe('APPROVED');
    within(n, BUDGET.action, 'approve enrolment');
  });

  it(`approving a PharmaNet request (decision kernel): ${limit('approve pharmanet', BUDGET.action)}`, async () => {
    await db().worksite.update({ where: { id: harbourId }, data: { pharmanetEnabled: true } });
    const m = await db().membership.findFirstOrThrow({
      where: { personId: people.physician.id, worksiteId: harbourId, status: 'ACTIVE' },
    });
    const req = await db().pharmanetUserRequest.create({ data: { membershipId: m.id } });
    const n = await actionWithAnswer('/admin/pharmanet', PharmanetPage, {}, async () => {
      const r = await decideUserPharmanetAction({ requestId: req.id, expectedStatus: 'REQUESTED', decision: 'approve' });
      expect(r).toMatchObject({ ok: true });
    });
    expect((await db().pharmanetUserRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe('APPROVED');
    within(n, BUDGET.action, 'approve pharmanet');
  });

  it(`suspending a worksite: at most ${BUDGET.action}, and the answer says what changed`, async () => {
    const w = await createWorksite(db(), { creatorId: people.manager.id, operatingName: 'Budget Clinic' });
    const n = await actionWithAnswer(`/admin/worksites/${w.id}`, TeamWorksitePage, { id: w.id }, async () => {
      const r = await suspendWorksiteAction({ worksiteId: w.id, expectedStatus: 'ACTIVE', reason: 'Licence lapsed at the clinic.' });
      expect(r).toMatchObject({ ok: true, data: { status: 'SUSPENDED', entry: { to: 'Suspended', by: 'Tessa Teamlead' } } });
      // What the team member may still decide: reinstating, not suspending again.
      expect(r.ok && r.data.decisions).not.toContain('suspend');
    });
    within(n, BUDGET.action, 'suspend worksite');
  });

  it(`declining a membership: at most ${BUDGET.action}`, async () => {
    const w = await createWorksite(db(), { creatorId: people.manager.id, operatingName: 'Budget Membership Clinic' });
    const p = await ensurePerson(db(), { givenName: 'Budget', familyName: 'Member' });
    const m = await createMembership(db(), { worksiteId: w.id, personId: p.id, status: 'PENDING_REVIEW' });
    const n = await actionWithAnswer('/admin/memberships', MembershipsPage, {}, async () => {
      const r = await declineMembershipAction({ membershipId: m.id, expectedStatus: 'PENDING_REVIEW', reason: 'Not a member of this clinic.' });
      expect(r).toMatchObject({ ok: true, data: { status: 'DECLINED' } });
    });
    within(n, BUDGET.action, 'decline membership');
  });

  it(`reinstating a person: at most ${BUDGET.action}`, async () => {
    const p = await ensurePerson(db(), { givenName: 'Budget', familyName: 'Suspended' });
    await db().person.update({ where: { id: p.id }, data: { status: 'SUSPENDED' } });
    const n = await actionWithAnswer(`/admin/people/${p.id}`, TeamPersonPage, { id: p.id }, async () => {
      const r = await reinstatePersonAction({ personId: p.id, reason: 'The college confirmed the licence.' });
      expect(r).toMatchObject({ ok: true, data: { status: 'ACTIVE' } });
    });
    within(n, BUDGET.action, 'reinstate person');
  });

  it(`declining remote access: at most ${BUDGET.action}`, async () => {
    const m = await db().membership.findFirstOrThrow({
      where: { personId: people.physician.id, worksiteId: harbourId, status: 'ACTIVE' },
    });
    const req = await db().remoteAccessRequest.create({ data: { membershipId: m.id } });
    const n = await actionWithAnswer('/admin/remote-access', RemoteAccessPage, {}, async () => {
      const r = await decideRemoteAccessAction({ requestId: req.id, expectedStatus: 'REQUESTED', decision: 'decline', reason: 'Remote access is not offered at this clinic.' });
      expect(r).toMatchObject({ ok: true, data: { status: 'DECLINED' } });
    });
    within(n, BUDGET.action, 'decline remote access');
  });

  it(`closing a worksite with members: ${limit('close worksite with members', BUDGET.action)}`, async () => {
    const w = await createWorksite(db(), { creatorId: people.manager.id, operatingName: 'Budget Closing Clinic' });
    for (const name of ['One', 'Two', 'Three']) {
      const p = await ensurePerson(db(), { givenName: 'Budget', familyName: `Closing ${name}` });
      await createMembership(db(), { worksiteId: w.id, personId: p.id, status: 'ACTIVE' });
    }
    const n = await actionWithAnswer(`/admin/worksites/${w.id}`, TeamWorksitePage, { id: w.id }, async () => {
      const r = await closeWorksiteAction({ worksiteId: w.id, expectedStatus: 'ACTIVE', reason: 'The clinic has closed its doors.' });
      expect(r).toMatchObject({ ok: true, data: { status: 'CLOSED' } });
    });
    expect(await db().membership.count({ where: { worksiteId: w.id, status: { not: 'ENDED' } } })).toBe(0);
    within(n, BUDGET.action, 'close worksite with members');
  });

  it(`approving a worksite that invites its expected users: ${limit('approve worksite with expected users', BUDGET.action)}`, async () => {
    const w = await createWorksite(db(), { creatorId: people.manager.id, operatingName: 'Budget Approval Clinic', status: 'DECLARATION_SUBMITTED' });
    for (const n of ['one', 'two', 'three', 'four']) await db().expectedUser.create({ data: { worksiteId: w.id, name: `Expected ${n}`, email: `expected.${n}@example.com` } });
    const n = await actionWithAnswer(`/admin/worksites/${w.id}`, TeamWorksitePage, { id: w.id }, async () => {
      const r = await approveDeclarationAction({ worksiteId: w.id, expectedStatus: 'DECLARATION_SUBMITTED' });
      expect(r).toMatchObject({ ok: true, data: { status: 'ACTIVE' } });
    });
    expect(await db().invitation.count({ where: { worksiteId: w.id } })).toBe(4);
    within(n, BUDGET.action, 'approve worksite with expected users');
  });

  it(`suspending a person with a session: ${limit('suspend person with a session', BUDGET.action)}`, async () => {
    const p = await ensurePerson(db(), { givenName: 'Budget', familyName: 'Signed In' });
    await db().session.create({
      data: { tokenHash: hashToken(randomBytes(32).toString('hex')), personId: p.id, expires: fromNow(3_600_000), absoluteEnd: fromNow(7_200_000) },
    });
    const n = await actionWithAnswer(`/admin/people/${p.id}`, TeamPersonPage, { id: p.id }, async () => {
      const r = await suspendPersonAction({ personId: p.id, reason: 'The college suspended the licence.' });
      expect(r).toMatchObject({ ok: true, data: { status: 'SUSPENDED' } });
    });
    expect(await db().session.count({ where: { personId: p.id, endedAt: null } })).toBe(0);
    within(n, BUDGET.action, 'suspend person with a session');
  });

  it(`declining a profession change: at most ${BUDGET.action}`, async () => {
    const p = await ensurePerson(db(), { givenName: 'Budget', familyName: 'Changer' });
    const e = await createEnrolment(db(), { personId: p.id, status: 'APPROVED' });
    const req = await db().professionChangeRequest.create({
      data: { personId: p.id, fromProfession: 'PHYSICIAN', toProfession: 'NURSE_PRACTITIONER', college: 'BCCNM', licenceNumber: '7654321', reason: 'New role.' },
    });
    const n = await actionWithAnswer(`/admin/enrolments/${e.id}`, EnrolmentDetailPage, { id: e.id }, async () => {
      const r = await declineProfessionChangeAction({ requestId: req.id, reason: 'Not on the register yet.' });
      expect(r).toMatchObject({ ok: true, data: { status: 'DECLINED' } });
    });
    within(n, BUDGET.action, 'decline profession change');
  });
});

describe('the counter itself', () => {
  it('counts statements inside its scope only, including those of a transaction', async () => {
    expect(await roundTrips(async () => {})).toBe(0);
    expect(await roundTrips(() => db().person.count())).toBe(1);
    // BEGIN, two statements, COMMIT.
    expect(
      await roundTrips(() =>
        db().$transaction(async (tx) => [await tx.person.count(), await tx.worksite.count()]),
      ),
    ).toBe(4);
  });

  it('a redirect is not swallowed by the renderer', async () => {
    const err = await pageRequest('', '/admin/queue', QueuePage, {}, [AdminLayout]).catch(
      (e: unknown) => e,
    );
    expect(isRedirectError(err)).toBe(true);
  });
});
