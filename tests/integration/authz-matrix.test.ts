// Runs every cell of tests/security/authz-matrix.ts against the real server actions and route
// handlers, on a real database, with real sessions (see docs/decisions/014-authorization-matrix.md).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fromNow } from '../support/clock';

// The one substitution: where the session cookie comes from. The portal reads it through
// next/headers, which only works inside a Next.js request; here the cookie jar below supplies it,
// and the session is looked up through our adapter and database as in production.
// Next.js's request stores need AsyncLocalStorage on globalThis, as its server runtime provides.
vi.hoisted(() => {
  const g = globalThis as { AsyncLocalStorage?: unknown };
  g.AsyncLocalStorage ??= process.getBuiltinModule('node:async_hooks').AsyncLocalStorage;
});
const jar = vi.hoisted(() => ({
  cookies: {} as Record<string, string>,
  headers: {} as Record<string, string>,
}));
vi.mock('next/headers', async () => (await import('../support/real-session')).nextHeadersWithJar(jar));
vi.mock('next/cache', async () => (await import('../support/real-session')).nextCacheStub());

import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { createApiKey } from '@/server/api-keys/service';
import { careConnectAdapter } from '@/server/auth/adapter';
import {
  ACTION_MATRIX,
  ROLES,
  ROUTE_MATRIX,
  type Outcome,
  type Role,
} from '../security/authz-matrix';
import {
  buildWorld,
  createPeople,
  SCENARIOS,
  type People,
  type World,
} from '../security/authz-scenarios';
import { callRoute, ROUTE_SCENARIOS } from '../security/authz-routes';
import {
  enumerateActions,
  enumerateRoutes,
  inlineServerActions,
  type Action,
} from '../security/enumerate';

let people: People;
let apiKey: string;
let actions: Map<string, Action>;
let routes: Map<string, unknown>;
const adapter = careConnectAdapter();

beforeAll(async () => {
  people = await createPeople();
  apiKey = (
    await createApiKey(
      { id: people.staffAdmin.id, staffRoles: ['STAFF_ADMIN'] },
      { name: 'Matrix key' },
    )
  ).key;
  actions = await enumerateActions();
  routes = await enumerateRoutes();
});

/** Puts the caller's credentials where a browser or a service would send them. */
async function actAs(role: Role): Promise<{ cookie?: string; authorization?: string }> {
  jar.cookies = {};
  jar.headers = {};
  if (role === 'anonymous') return {};
  if (role === 'serviceKey') {
    jar.headers = { authorization: `Bearer ${apiKey}` };
    return { authorization: `Bearer ${apiKey}` };
  }
  const token = randomUUID();
  await adapter.createSession!({
    sessionToken: token,
    userId: people[role].id,
    expires: fromNow(3_600_000),
  });
  jar.cookies = { 'next-auth.session-token': token };
  jar.headers = { cookie: `next-auth.session-token=${token}` };
  return { cookie: `next-auth.session-token=${token}` };
}

type Result = { ok: boolean; code?: string; formError?: string; fieldErrors?: unknown };
const REFUSALS: Record<string, Outcome> = {
  UNAUTHENTICATED: 'unauthenticated',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
};

/** What the caller saw, as a matrix outcome; anything else names what went wrong. */
async function call(fn: Action, input: unknown): Promise<{ outcome: string; result?: Result }> {
  try {
    const r = (await fn(input)) as Result | undefined;
    if (!r || r.ok) return { outcome: 'allowed', result: r };
    if (r.code && r.code in REFUSALS) return { outcome: REFUSALS[r.code]!, result: r };
    // The input is valid, so these mean the test (or the code) is broken, not a refusal.
    if (r.code === 'VALIDATION' || r.code === 'UNEXPECTED')
      return {
        outcome: `${r.code}: ${r.formError} ${JSON.stringify(r.fieldErrors ?? {})}`,
        result: r,
      };
    return { outcome: 'allowed', result: r }; // a business rule answered: authorization passed
  } catch (e) {
    if (isRedirectError(e)) return { outcome: 'allowed' }; // success ends in a redirect
    return { outcome: `threw: ${(e as Error).message}` };
  }
}

async function runCell(
  key: string,
  role: Role,
): Promise<{ outcome: string; world: World; input: unknown; result?: Result }> {
  const scenario = SCENARIOS[key]!;
  const world = await buildWorld(people, scenario.status);
  const input = await scenario.input(
    world,
    role in people ? people[role as keyof People].id : null,
  );
  await actAs(role);
  return { ...(await call(actions.get(key)!, input)), world, input };
}

const compare = (found: string[], declared: string[]) => ({
  withoutRow: found.filter((k) => !declared.includes(k)).sort(),
  withoutAction: declared.filter((k) => !found.includes(k)).sort(),
});
const differences = (actual: Record<string, string>, expected: Record<string, string>) =>
  ROLES.filter((r) => actual[r] !== expected[r]).map(
    (r) => `${r}: expected ${expected[r]}, got ${actual[r]}`,
  );

describe('the matrix covers everything there is', () => {
  it('every exported server action has a row, and every row an action', () => {
    expect(compare([...actions.keys()], Object.keys(ACTION_MATRIX))).toEqual({
      withoutRow: [],
      withoutAction: [],
    });
    expect(compare(Object.keys(SCENARIOS), Object.keys(ACTION_MATRIX))).toEqual({
      withoutRow: [],
      withoutAction: [],
    });
  });
  it("every server action lives in a 'use server' module, where the scan finds it", () => {
    expect(inlineServerActions()).toEqual([]);
  });
  it('every route handler method has a row, and every row a handler', () => {
    expect(compare([...routes.keys()], Object.keys(ROUTE_MATRIX))).toEqual({
      withoutRow: [],
      withoutAction: [],
    });
    expect(compare(Object.keys(ROUTE_SCENARIOS), Object.keys(ROUTE_MATRIX))).toEqual({
      withoutRow: [],
      withoutAction: [],
    });
  });
});

describe('server actions × roles', () => {
  for (const [key, expected] of Object.entries(ACTION_MATRIX)) {
    it(key.replace(/^src\//, ''), async () => {
      const actual: Record<string, string> = {};
      for (const role of ROLES) actual[role] = (await runCell(key, role)).outcome;
      expect(differences(actual, expected).join('\n')).toBe('');
    });
  }
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const withIds = (v: unknown, swap: (id: string, key: string) => string, key = ''): unknown =>
  typeof v === 'string' && UUID.test(v)
    ? swap(v, key)
    : Array.isArray(v)
      ? v.map((x) => withIds(x, swap, key))
      : v && typeof v === 'object' && !(v instanceof FormData)
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withIds(x, swap, k)]))
        : v;
const answer = (r?: Result) => ({
  code: r?.code,
  formError: r?.formError,
  fieldErrors: r?.fieldErrors,
});

describe("another worksite's real ids answer exactly like ids that do not exist", () => {
  const scoped = Object.entries(ACTION_MATRIX).filter(
    ([, row]) => row.otherSiteAdmin === 'not-found',
  );
  for (const [key] of scoped) {
    it(key.replace(/^src\//, ''), async () => {
      const real = await runCell(key, 'otherSiteAdmin');
      if (real.input instanceof FormData) {
        // The declaration form: same comparison on its JSON fields.
        const fields = JSON.parse(String(real.input.get('fields')));
        const forged = new FormData();
        forged.set('fields', JSON.stringify(withIds(fields, () => randomUUID())));
        forged.set('antivirusScreenshot', real.input.get('antivirusScreenshot')!);
        expect(answer((await call(actions.get(key)!, forged)).result)).toEqual(answer(real.result));
        return;
      }
      expect(real.outcome).toBe('not-found');
      // Made-up ids everywhere, against this worksite's real ones.
      const missing = await call(
        actions.get(key)!,
        withIds(real.input, () => randomUUID()),
      );
      expect(answer(missing.result)).toEqual(answer(real.result));
      // The caller's own worksite with this worksite's record ids, against made-up record ids.
      const ids = Object.entries(real.input as object).filter(
        ([k, v]) =>
          k !== 'worksiteId' && k !== 'submissionKey' && typeof v === 'string' && UUID.test(v),
      );
      if ('worksiteId' in (real.input as object) && ids.length > 0) {
        const own = (k: string, id: string) => (k === 'worksiteId' ? real.world.other.id : id);
        const forged = await call(
          actions.get(key)!,
          withIds(real.input, (id, k) => own(k, id)),
        );
        const made = await call(
          actions.get(key)!,
          withIds(real.input, (id, k) => own(k, randomUUID())),
        );
        expect(answer(forged.result)).toEqual(answer(made.result));
        expect(forged.outcome).toBe('not-found');
      }
    });
  }
});

describe('route handlers × roles', () => {
  for (const [key, expected] of Object.entries(ROUTE_MATRIX)) {
    it(key.replace(/^src\//, ''), async () => {
      const actual: Record<string, string> = {};
      for (const role of ROLES) {
        const world = await buildWorld(people);
        const target = await ROUTE_SCENARIOS[key]!(world);
        const creds = await actAs(role);
        actual[role] = await callRoute(routes.get(key) as never, target, creds);
      }
      expect(differences(actual, expected).join('\n')).toBe('');
    });
  }
});
