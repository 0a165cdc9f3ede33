import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import * as verifyRoute from '@/app/api/v1/viewer-accounts/verify/route';
import { DomainError } from '@/lib/errors';
import { createApiKey } from '@/server/api-keys/service';
import { db } from '@/server/db';
import { approveEnrolment } from '@/server/enrolments/team-service';
import { isCommonPassword } from '@/server/viewer-accounts/common-passwords';
import { viewerAccountForTeam, viewerAccountState } from '@/server/viewer-accounts/queries';
import { PASSWORD_MESSAGES } from '@/server/viewer-accounts/rules';
import { issueViewerAccount, setViewerPassword, unlockViewerAccount } from '@/server/viewer-accounts/service';
import { acceptHpcaa, completeCourse, createEnrolment } from '../factories/course-and-agreement';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { advance, fromNow, now, setNow } from '../support/clock';

const ctx = { requestId: 'req-viewer', ip: '198.51.100.4' };
const GOOD = 'harbour lantern meadow';
const DAY = 86_400_000;
let apiKey: string;
let team: { id: string; staffRoles: StaffRoleKind[] };
let auditor: { id: string; staffRoles: StaffRoleKind[] };

beforeAll(async () => {
  const admin = await ensurePerson(db(), { givenName: 'Sam', familyName: 'Keys', staffRoles: ['STAFF_ADMIN'] });
  apiKey = (await createApiKey({ id: admin.id, staffRoles: ['STAFF_ADMIN'] }, { name: 'CareConnect viewer' })).key;
  const t = await ensurePerson(db(), { givenName: 'Tessa', familyName: 'Team', staffRoles: ['ENROLMENT_TEAM'] });
  team = { id: t.id, staffRoles: ['ENROLMENT_TEAM'] };
  const a = await ensurePerson(db(), { givenName: 'Ada', familyName: 'Auditor', staffRoles: ['AUDITOR'] });
  auditor = { id: a.id, staffRoles: ['AUDITOR'] };
});

const unique = () => randomUUID().slice(0, 6).replace(/[^a-f]/g, 'x');

/** A physician in review; approving the enrolment issues the viewer account. */
async function inReview(given = 'Priya', family = `Physician${unique()}`) {
  const p = await ensurePerson(db(), { givenName: given, familyName: family });
  const enrolment = await createEnrolment(db(), { personId: p.id, status: 'IN_REVIEW', profession: 'PHYSICIAN' });
  return { person: p, enrolment };
}

/** Approved, course and HPCAA done, active at an active worksite, with a viewer password. */
async function readyToSignIn(opts: { member?: boolean } = {}) {
  const { person, enrolment } = await inReview();
  await completeCourse(db(), { personId: person.id });
  await acceptHpcaa(db(), { personId: person.id });
  await approveEnrolment(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx);
  if (opts.member !== false) {
    const ws = await createWorksite(db(), { creatorId: person.id, operatingName: 'Harbour Clinic' });
    await createMembership(db(), { worksiteId: ws.id, personId: person.id, siteAdmin: true });
  }
  await setViewerPassword(person.id, { password: GOOD, confirmPassword: GOOD }, ctx);
  const { username } = await db().viewerAccount.findUniqueOrThrow({ where: { personId: person.id } });
  return { person, username };
}

const post = (body: unknown, headers: Record<string, string> = {}) =>
  verifyRoute.POST(
    new Request('http://localhost/api/v1/viewer-accounts/verify', {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

async function verify(username: string, password: string) {
  const r = await post({ username, password });
  expect(r.status).toBe(200);
  return (await r.json()) as { result: string; reasons?: { code: string }[] };
}

async function refused(p: Promise<unknown>, code: string): Promise<DomainError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  return e as DomainError;
}

describe('issuing the viewer username', () => {
  it('issues one username at the first approval, from the name, and puts it in the welcome package', async () => {
    const family = `Physician${unique()}`;
    const first = await inReview('Priya', family);
    const second = await inReview('Paul', family);
    await approveEnrolment(team, { enrolmentId: first.enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx);
    await approveEnrolment(team, { enrolmentId: second.enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx);
    const base = `p${family.toLowerCase()}`;
    const a = await db().viewerAccount.findUniqueOrThrow({ where: { personId: first.person.id } });
    const b = await db().viewerAccount.findUniqueOrThrow({ where: { personId: second.person.id } });
    expect([a.username, b.username]).toEqual([base, `${base}2`]);
    expect(a.passwordHash).toBeNull();
    expect(a.username).not.toContain('@');

    const welcome = await db().outboxEmail.findFirstOrThrow({ where: { personId: second.person.id, template: 'enrolment.approved' } });
    expect(welcome.textBody).toContain(`username is ${base}2`);
    expect(welcome.htmlBody).toContain(`${base}2`);
    const issued = await db().auditEvent.findMany({ where: { action: 'viewer_account.issued', personId: second.person.id } });
    expect(issued).toHaveLength(1);
    expect(issued[0]!.actorId).toBe(team.id);

    // Issuing again (a later approval) keeps the same username and writes nothing.
    const again = await db().$transaction((tx) => issueViewerAccount(tx, second.person, { type: 'STAFF', personId: team.id }));
    expect(again).toEqual({ username: `${base}2`, issued: false });
    expect(await db().viewerAccount.count({ where: { personId: second.person.id } })).toBe(1);
  });

  it('gives different usernames to people with the same name approved at the same moment', async () => {
    const family = `Same${unique()}`;
    const people = await Promise.all([1, 2, 3, 4].map(() => inReview('Sam', family)));
    await Promise.all(people.map((p) => approveEnrolment(team, { enrolmentId: p.enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx)));
    const base = `s${family.toLowerCase()}`;
    const rows = await db().viewerAccount.findMany({ where: { username: { startsWith: base } }, orderBy: { username: 'asc' } });
    expect(rows.map((r) => r.username).sort()).toEqual([base, `${base}2`, `${base}3`, `${base}4`]);
  });
});

describe('setting the viewer password', () => {
  it('refuses before the account exists, and refuses weak passwords with the reason on the field', async () => {
    const { person } = await inReview('Nora', `Nurse${unique()}`);
    const e = await refused(setViewerPassword(person.id, { password: GOOD, confirmPassword: GOOD }), 'INVALID_TRANSITION');
    expect(e.message).toMatch(/approves your enrolment/);

    const { person: p, username } = await readyToSignIn();
    const weak: [string, string][] = [
      ['password1234', PASSWORD_MESSAGES.common],
      ['Qwertyuiop2026!', PASSWORD_MESSAGES.common],
      [`my ${username} pass`, PASSWORD_MESSAGES.username],
      ['priya at the harbour', PASSWORD_MESSAGES.name],
    ];
    const before = await db().viewerAccount.findUniqueOrThrow({ where: { personId: p.id } });
    for (const [password, message] of weak) {
      const err = await refused(setViewerPassword(p.id, { password, confirmPassword: password }), 'VALIDATION');
      expect(err.fieldErrors).toEqual({ password: message });
    }
    const after = await db().viewerAccount.findUniqueOrThrow({ where: { personId: p.id } });
    expect(after.passwordHash).toBe(before.passwordHash); // nothing half-written
  });

  it('ships a list of a few thousand common passwords, checked case-insensitively', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('1qaz2wsx3edc')).toBe(true);
    expect(isCommonPassword('harbour lantern meadow')).toBe(false);
  });

  it('stores only an Argon2id hash, expires it after 90 days, and audits without it', async () => {
    const t0 = now();
    const { person } = await readyToSignIn();
    const a = await db().viewerAccount.findUniqueOrThrow({ where: { personId: person.id } });
    expect(a.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a.passwordHash).not.toContain(GOOD);
    const days = (a.passwordExpiresAt!.getTime() - a.passwordSetAt!.getTime()) / DAY;
    expect(days).toBe(90);
    expect(a.passwordSetAt!.getTime()).toBeGreaterThanOrEqual(t0.getTime());

    await setViewerPassword(person.id, { password: 'second kettle stove', confirmPassword: 'second kettle stove' }, ctx);
    const events = await db().auditEvent.findMany({ where: { personId: person.id, action: { startsWith: 'viewer_account.password' } }, orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['viewer_account.password_set', 'viewer_account.password_reset']);
    const text = JSON.stringify(events.map((e) => [e.before, e.after]));
    expect(text).not.toContain(GOOD);
    expect(text).not.toContain('argon2');
  });
});

describe('POST /api/v1/viewer-accounts/verify', () => {
  it('says ok for the right password, invalid for a wrong one and for an unknown username alike', async () => {
    const { username } = await readyToSignIn();
    expect(await verify(username, GOOD)).toMatchObject({ result: 'ok' });
    expect(await verify(username.toUpperCase(), GOOD)).toMatchObject({ result: 'ok' });
    expect(await verify(username, 'harbour lantern meadoW')).toEqual({ result: 'invalid' });
    expect(await verify(`nobody${unique()}`, GOOD)).toEqual({ result: 'invalid' });
  });

  it('says expired 90 days after the password was set, and ok again after a reset', async () => {
    const { person, username } = await readyToSignIn();
    setNow(fromNow(90 * DAY - 60_000));
    expect(await verify(username, GOOD)).toMatchObject({ result: 'ok' });
    advance(60_000);
    expect(await verify(username, GOOD)).toEqual({ result: 'expired' });
    expect(await verify(username, 'not the password')).toEqual({ result: 'invalid' }); // no hint without the password
    expect((await viewerAccountState(person.id))?.state).toBe('EXPIRED');
    await setViewerPassword(person.id, { password: 'fresh kettle stove', confirmPassword: 'fresh kettle stove' });
    expect(await verify(username, 'fresh kettle stove')).toMatchObject({ result: 'ok' });
  });

  it('says no_access with the access decision’s reasons when the person may open the viewer nowhere', async () => {
    const { person, username } = await readyToSignIn({ member: false });
    const noWorksite = await verify(username, GOOD);
    expect(noWorksite.result).toBe('no_access');
    expect(noWorksite.reasons!.map((r) => r.code)).toEqual(['MEMBERSHIP_NOT_ACTIVE']);

    const ws = await createWorksite(db(), { creatorId: person.id, status: 'SUSPENDED' });
    await createMembership(db(), { worksiteId: ws.id, personId: person.id, siteAdmin: true });
    await db().privacyCourseCompletion.deleteMany({ where: { personId: person.id } });
    const refusedThere = await verify(username, GOOD);
    expect(refusedThere.result).toBe('no_access');
    expect(refusedThere.reasons!.map((r) => r.code).sort()).toEqual(['PRIVACY_COURSE_INCOMPLETE', 'WORKSITE_SUSPENDED']);
  });

  it('locks after exactly 5 wrong passwords fired at once, for 15 minutes, known and unknown usernames alike', async () => {
    const { person, username } = await readyToSignIn();
    const unknown = `ghost${unique()}`;
    for (const name of [username, unknown]) {
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => verify(name, `wrong password ${i}`)));
      const counts = answers.reduce<Record<string, number>>((m, a) => ({ ...m, [a.result]: (m[a.result] ?? 0) + 1 }), {});
      expect(counts).toEqual({ invalid: 5, locked: 7 });
      const rows = await db().$queryRaw<{ result: string; n: bigint }[]>`
        SELECT "result"::text AS result, count(*) AS n FROM "ViewerSignInAttempt" WHERE "username" = ${name} GROUP BY 1 ORDER BY 1`;
      expect(rows.map((r) => [r.result, Number(r.n)])).toEqual([['LOCKED', 7], ['WRONG_PASSWORD', 5]]);
      // Locked means locked, even with the right password.
      expect(await verify(name, GOOD)).toEqual({ result: 'locked' });
    }
    const state = await viewerAccountState(person.id);
    expect(state?.state).toBe('LOCKED');

    advance(15 * 60_000 + 1000);
    expect(await verify(username, GOOD)).toMatchObject({ result: 'ok' });
    expect(await verify(unknown, GOOD)).toEqual({ result: 'invalid' });
  });

  it('audits every check, never with the password', async () => {
    const { person, username } = await readyToSignIn();
    await verify(username, GOOD);
    await verify(username, 'a wrong guess here');
    const events = await db().auditEvent.findMany({ where: { action: 'viewer_account.sign_in_checked', personId: person.id }, orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => (e.after as { result: string }).result)).toEqual(['ok', 'invalid']);
    expect(events.every((e) => e.actorType === 'SERVICE')).toBe(true);
    const text = JSON.stringify(events.map((e) => [e.before, e.after]));
    expect(text).not.toContain(GOOD);
    expect(text).not.toContain('a wrong guess here');
    const ghost = `ghost${unique()}`;
    await verify(ghost, GOOD);
    const unknownEvent = await db().auditEvent.findFirstOrThrow({ where: { action: 'viewer_account.sign_in_checked', after: { path: ['username'], equals: ghost } } });
    expect(unknownEvent.personId).toBeNull();
  });

  it('refuses a missing or wrong API key, unknown fields, bad JSON and other content types', async () => {
    const { username } = await readyToSignIn();
    expect((await post({ username, password: GOOD }, { authorization: '' })).status).toBe(401);
    expect((await post({ username, password: GOOD }, { authorization: 'Bearer cc_live_not-a-key' })).status).toBe(401);
    const extra = await post({ username, password: GOOD, admin: true });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ error: 'invalid_request', fieldErrors: { admin: 'Unknown field' } });
    const missing = await post({ username });
    expect(missing.status).toBe(400);
    expect((await missing.json()).fieldErrors).toHaveProperty('password');
    expect((await post('{"username":')).status).toBe(400);
    expect((await post([username, GOOD])).status).toBe(400);
    expect((await post({ username, password: GOOD }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post({ username, password: 'x'.repeat(5000) })).status).toBe(413);
    expect('GET' in verifyRoute).toBe(false);
    // None of these was a sign-in check.
    expect(await db().viewerSignInAttempt.count({ where: { username } })).toBe(0);
  });
});

describe('the team', () => {
  it('sees the state (never the hash) and unlocks; the count starts again', async () => {
    const { person, username } = await readyToSignIn();
    await Promise.all(Array.from({ length: 5 }, (_, i) => verify(username, `wrong ${i} guess`)));
    const seen = await viewerAccountForTeam(auditor, person.id);
    expect(seen).toMatchObject({ username, state: 'LOCKED', failedAttempts: 5, mayUnlock: false });
    expect(JSON.stringify(seen)).not.toContain('argon2');
    expect(await viewerAccountForTeam({ id: person.id, staffRoles: [] }, person.id)).toBeNull();
    expect((await viewerAccountForTeam(team, person.id))?.mayUnlock).toBe(true);

    await refused(unlockViewerAccount(auditor, { personId: person.id }), 'FORBIDDEN');
    await refused(unlockViewerAccount({ id: person.id, staffRoles: [] }, { personId: person.id }), 'FORBIDDEN');
    await refused(unlockViewerAccount(team, { personId: randomUUID() }), 'NOT_FOUND');
    await refused(unlockViewerAccount(team, { personId: 'not-a-uuid' }), 'NOT_FOUND');
    expect(await verify(username, GOOD)).toEqual({ result: 'locked' });

    await unlockViewerAccount(team, { personId: person.id }, ctx);
    await refused(unlockViewerAccount(team, { personId: person.id }), 'ALREADY_DECIDED');
    const unlocked = await db().auditEvent.findFirstOrThrow({ where: { action: 'viewer_account.unlocked', personId: person.id } });
    expect(unlocked.actorId).toBe(team.id);
    expect(await verify(username, GOOD)).toMatchObject({ result: 'ok' });
    // Four more wrong passwords do not lock it: the earlier five no longer count.
    for (let i = 0; i < 4; i++) expect(await verify(username, `again ${i} wrong`)).toEqual({ result: 'invalid' });
    expect(await verify(username, GOOD)).toMatchObject({ result: 'ok' });
  });

  it('staff cannot unlock their own viewer account', async () => {
    const { person, enrolment } = await inReview('Tia', `Teamer${unique()}`);
    await approveEnrolment(team, { enrolmentId: enrolment.id, expectedStatus: 'IN_REVIEW' }, ctx);
    await refused(unlockViewerAccount({ id: person.id, staffRoles: ['ENROLMENT_TEAM'] }, { personId: person.id }), 'FORBIDDEN');
  });
});
