// Property-based input fuzzing of every server action, called by a caller the authorization
// matrix allows, with a valid input bent out of shape: wrong types, unknown and prototype keys,
// 1 MB strings, NUL bytes, line breaks in one-line fields, look-alike Unicode. Each must come back
// as a validation answer, never a crash, never a write, never a polluted prototype.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fromNow } from '../support/clock';

const jar = vi.hoisted(() => ({ cookies: {} as Record<string, string> }));
vi.mock('next/headers', async () => (await import('../support/real-session')).nextHeadersWithJar(jar));
vi.mock('next/cache', async () => (await import('../support/real-session')).nextCacheStub());

import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { careConnectAdapter } from '@/server/auth/adapter';
import { db } from '@/server/db';
import { ACTION_MATRIX, ROLES } from '../security/authz-matrix';
import {
  buildWorld,
  createPeople,
  SCENARIOS,
  type People,
  type PersonRole,
} from '../security/authz-scenarios';
import { isReference, MUST_REFUSE, mutation, type Mutation } from '../security/fuzz-mutations';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 30);
let people: People;
beforeAll(async () => {
  people = await createPeople();
});

type Result = {
  ok: boolean;
  code?: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
};

/** One query: row counts of the tables an action writes, and the latest update of the mutable ones. */
async function snapshot(): Promise<string> {
  const [row] = await db().$queryRawUnsafe<Record<string, unknown>[]>(`SELECT
    (SELECT count(*) FROM "Person") AS people, (SELECT max("updatedAt") FROM "Person") AS people_at,
    (SELECT count(*) FROM "Worksite") AS worksites, (SELECT max("updatedAt") FROM "Worksite") AS worksites_at,
    (SELECT count(*) FROM "Membership") AS memberships, (SELECT max("updatedAt") FROM "Membership") AS memberships_at,
    (SELECT count(*) FROM "Enrolment") AS enrolments, (SELECT max("updatedAt") FROM "Enrolment") AS enrolments_at,
    (SELECT count(*) FROM "Invitation") AS invitations, (SELECT count(*) FROM "Sponsorship") AS sponsorships,
    (SELECT count(*) FROM "Declaration") AS declarations, (SELECT count(*) FROM "StoredFile") AS files,
    (SELECT count(*) FROM "StaffRole") AS staff, (SELECT count(*) FROM "ApiKey") AS keys,
    (SELECT count(*) FROM "Note") AS notes, (SELECT count(*) FROM "OutboxEmail") AS emails,
    (SELECT count(*) FROM "AgreementAcceptance") AS acceptances, (SELECT count(*) FROM "PrivacyCourseCompletion") AS courses,
    (SELECT count(*) FROM "ProfessionChangeRequest") AS changes, (SELECT count(*) FROM "RemoteAccessRequest") AS remote,
    (SELECT count(*) FROM "PharmanetWorksiteRequest") AS pharmanet_sites, (SELECT count(*) FROM "PharmanetUserRequest") AS pharmanet_users,
    (SELECT count(*) FROM "AuditEvent") AS audit`);
  return JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
}

function callerFor(key: string): PersonRole {
  const row = ACTION_MATRIX[key]!;
  return (ROLES.find((r) => row[r] === 'allowed' && r in people) ?? 'user') as PersonRole;
}

async function signIn(role: PersonRole) {
  const token = randomUUID();
  await careConnectAdapter().createSession!({
    sessionToken: token,
    userId: people[role].id,
    expires: fromNow(3_600_000),
  });
  jar.cookies = { 'next-auth.session-token': token };
}

async function call(
  fn: (i: unknown) => Promise<unknown>,
  input: unknown,
): Promise<Result | 'redirect'> {
  try {
    return ((await fn(input)) as Result | undefined) ?? { ok: true };
  } catch (e) {
    if (isRedirectError(e)) return 'redirect';
    throw e; // a thrown error is a failure of the property (a 500 to the browser)
  }
}

const keys = Object.keys(ACTION_MATRIX).filter((k) => SCENARIOS[k]);

describe('every action refuses malformed input with a validation answer and writes nothing', () => {
  for (const key of keys) {
    it(key.replace(/^src\//, ''), async () => {
      const [file, name] = key.split('#') as [string, string];
      const mod = (await import(/* @vite-ignore */ `../../${file}`)) as Record<
        string,
        (i: unknown) => Promise<unknown>
      >;
      const role = callerFor(key);
      const world = await buildWorld(people, SCENARIOS[key]!.status);
      const valid = await SCENARIOS[key]!.input(world, people[role].id);
      const gated = !ROLES.some((r) => ACTION_MATRIX[key]![r] === 'allowed' && r in people); // refused before input
      const ignoresInput = valid === undefined;
      await signIn(role);

      await fc.assert(
        fc.asyncProperty(mutation(valid), async (m: Mutation) => {
          const before = await snapshot();
          const r = await call(mod[name]!, m.input);
          const after = await snapshot();
          expect(({} as Record<string, unknown>).polluted, 'prototype polluted').toBeUndefined();
          expect(Object.prototype, 'prototype polluted').not.toHaveProperty('polluted');
          expect(
            r === 'redirect' ? 'redirect' : r.code,
            `${m.kind}: ${JSON.stringify(r).slice(0, 300)}`,
          ).not.toBe('UNEXPECTED');
          if (gated || ignoresInput || !MUST_REFUSE.includes(m.kind)) return;
          expect(r, m.kind).not.toBe('redirect');
          const res = r as Result;
          // A mangled record reference answers like a forged one (not found) or a stale page
          // (conflict: reload), by design; either way it is refused and nothing is written.
          const asReference =
            isReference(m.field) &&
            m.kind !== 'wrong-type' &&
            (res.code === 'NOT_FOUND' || res.code === 'CONFLICT');
          const code = asReference ? 'VALIDATION' : res.code;
          expect({ kind: m.kind, field: m.field, ok: res.ok, code }).toEqual({
            kind: m.kind,
            field: m.field,
            ok: false,
            code: 'VALIDATION',
          });
          expect(
            Boolean(res.formError) || Object.keys(res.fieldErrors ?? {}).length > 0,
            'says what is wrong',
          ).toBe(true);
          expect(after, `${m.kind} wrote something`).toBe(before);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
