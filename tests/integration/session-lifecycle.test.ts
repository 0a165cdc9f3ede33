// A real session (signed in through next-auth and the local provider) over time, with a fake
// clock: it ends after 30 idle minutes, slides with activity, ends at 12 hours however active,
// and a suspended person's open session is refused on its very next request.
import '../support/next-als';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '@/server/auth/adapter';
import { currentPerson, requireUser } from '@/server/auth/session';
import { db } from '@/server/db';
import { suspendPersonAction } from '@/server/people/team-actions';
import { startOidcProvider, type RunningOidcProvider } from '../../dev/oidc/provider';
import { presetIdentities } from '../../dev/oidc/identities';
import { appRequest, asBrowser, signIn, type App, type CookieJar } from '../support/auth-flow';
import { advance } from '../support/clock';

const app: App = { baseUrl: 'http://localhost:3000' };
const client = {
  clientId: 'portal-under-test',
  clientSecret: 'portal-under-test-secret',
  redirectUris: [`${app.baseUrl}/api/auth/callback/bcsc`],
};
let op: RunningOidcProvider;

beforeAll(async () => {
  op = await startOidcProvider({ port: 0, clients: [client], log: () => {} });
  Object.assign(process.env, {
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: client.clientId,
    OIDC_CLIENT_SECRET: client.clientSecret,
    APP_URL: app.baseUrl,
    NEXTAUTH_URL: app.baseUrl,
    SESSION_IDLE_MINUTES: '30',
    SESSION_ABSOLUTE_HOURS: '12',
  });
});

afterAll(async () => {
  await op?.close();
});

const MIN = 60_000;

/** The test clock, moved by hand (it is put back after each test). */
function fakeClock() {
  return { advance };
}

/** The signed-in user as the session endpoint and a page both see them. */
async function whoIs(jar: CookieJar) {
  const res = await appRequest(app, jar, '/api/auth/session');
  const body = (await res.json()) as { user?: { id: string } };
  const page = await asBrowser(app, jar, () => currentPerson());
  expect(page?.id ?? null).toBe(body.user?.id ?? null);
  return body.user?.id ?? null;
}

// Read right after sign-in: a refused session's cookie is cleared from the browser.
const tokenOf = (jar: CookieJar) => {
  const token = [...jar.cookies].find(([k]) => k.endsWith('next-auth.session-token'))?.[1];
  expect(token).toBeTruthy();
  return token!;
};
const sessionRow = (token: string) => db().session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });

describe('session timeouts (fake clock)', () => {
  it('ends after 30 minutes without activity, and activity keeps it going', async () => {
    const jar = await signIn(app, 'physician');
    const token = tokenOf(jar);
    const clock = fakeClock();
    const me = await whoIs(jar);
    expect(me).toBeTruthy();

    // Active every 25 minutes for two hours: still signed in.
    for (let i = 0; i < 5; i++) {
      clock.advance(25 * MIN);
      expect(await whoIs(jar)).toBe(me);
    }
    // Then 31 idle minutes.
    clock.advance(31 * MIN);
    expect(await whoIs(jar)).toBeNull();
    await expect(asBrowser(app, jar, () => requireUser())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await sessionRow(token)).toMatchObject({ endedReason: 'IDLE' });
    expect(jar.cookies.has('next-auth.session-token')).toBe(false); // and the browser forgets it

    // Even presented again later (a copied cookie), an ended session stays ended.
    jar.cookies.set('next-auth.session-token', token);
    clock.advance(-20 * MIN);
    expect(await whoIs(jar)).toBeNull();
  });

  it('ends 12 hours after sign-in however active the person is', async () => {
    const jar = await signIn(app, 'np');
    const token = tokenOf(jar);
    const clock = fakeClock();
    const me = await whoIs(jar);
    // A request every 20 minutes up to 11 h 40 min after sign-in.
    for (let minutes = 20; minutes <= 700; minutes += 20) {
      clock.advance(20 * MIN);
      expect(await whoIs(jar), `at ${minutes} minutes`).toBe(me);
    }
    const row = await sessionRow(token);
    expect(row.expires.getTime()).toBeLessThanOrEqual(row.absoluteEnd.getTime());
    clock.advance(25 * MIN); // 12 h 05 min after sign-in, 25 idle minutes
    expect(await whoIs(jar)).toBeNull();
    expect(await sessionRow(token)).toMatchObject({ endedReason: 'ABSOLUTE' });
  });
});

describe('suspension', () => {
  it("a suspended person's open session is refused on its next request", async () => {
    const nurse = await signIn(app, 'rn');
    const token = tokenOf(nurse);
    const nurseId = await whoIs(nurse);
    expect(nurseId).toBeTruthy();

    const lead = await signIn(app, 'team');
    const teamPreset = presetIdentities.find((p) => p.key === 'team')!;
    const leadAccount = await db().loginAccount.findFirstOrThrow({ where: { subject: teamPreset.sub } });
    await db().staffRole.create({ data: { personId: leadAccount.personId, role: 'ENROLMENT_TEAM' } });

    const result = await asBrowser(app, lead, () =>
      suspendPersonAction({ personId: nurseId, reason: 'Licence under review by the college.' }),
    );
    expect(result).toMatchObject({ ok: true, data: { status: 'SUSPENDED' } });

    // The very next request with the same cookie is anonymous, everywhere.
    expect(await whoIs(nurse)).toBeNull();
    await expect(asBrowser(app, nurse, () => requireUser())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await sessionRow(token)).toMatchObject({ endedReason: 'SUSPENDED' });
    expect(await whoIs(lead)).toBe(leadAccount.personId);
  });

  it('also when the status changed without ending sessions (the session check reads the status)', async () => {
    const jar = await signIn(app, 'moa');
    const token = tokenOf(jar);
    const id = await whoIs(jar);
    await db().person.update({ where: { id: id! }, data: { status: 'SUSPENDED' } });
    expect(await whoIs(jar)).toBeNull();
    expect(await sessionRow(token)).toMatchObject({ endedReason: 'PERSON_NOT_ACTIVE' });
  });
});
