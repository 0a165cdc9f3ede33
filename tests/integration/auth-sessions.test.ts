import type { AdapterUser } from 'next-auth/adapters';
import { describe, expect, it } from 'vitest';
import { careConnectAdapter, hashToken } from '@/server/auth/adapter';
import { endSessions } from '@/server/auth/session';
import { db } from '@/server/db';
import { ensurePerson } from '../factories/people';
import { fromNow, now } from '../support/clock';

const adapter = careConnectAdapter();
const idpUser = (sub: string, extra: Partial<Record<string, unknown>> = {}) =>
  // Shaped as next-auth passes it: the profile without `id`.
  ({
    subject: sub,
    name: 'Pat Example',
    email: `${sub}@example.com`,
    emailVerified: null,
    givenName: 'Pat',
    familyName: 'Example',
    birthdate: '1970-01-31',
    assuranceLevel: 3,
    ...extra,
  }) as unknown as Omit<AdapterUser, 'id'>;

async function newSession(personId: string) {
  const token = crypto.randomUUID();
  await adapter.createSession!({ sessionToken: token, userId: personId, expires: fromNow(3600_000) });
  return token;
}

describe('linking a BC Services Card', () => {
  it('creates the person and the login account together, keyed on issuer and subject', async () => {
    const u = await adapter.createUser!(idpUser('sub-create'));
    const person = await db().person.findUniqueOrThrow({ where: { id: u.id }, include: { accounts: true } });
    expect(person).toMatchObject({ legalGivenName: 'Pat', legalFamilyName: 'Example', identityAssuranceLevel: 3 });
    expect(person.birthdate?.toISOString().slice(0, 10)).toBe('1970-01-31');
    expect(person.accounts).toEqual([expect.objectContaining({ subject: 'sub-create', issuer: 'http://localhost:4000' })]);
    const events = await db().auditEvent.findMany({ where: { personId: u.id } });
    expect(events.map((e) => e.action)).toEqual(['person.linked_bc_services_card']);
    expect(await adapter.getUserByAccount!({ provider: 'bcsc', providerAccountId: 'sub-create' })).toMatchObject({ id: u.id });
  });

  it('two simultaneous first sign-ins of one subject leave exactly one person', async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => adapter.createUser!(idpUser('sub-race'))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db().loginAccount.count({ where: { subject: 'sub-race' } })).toBe(1);
    expect(await db().person.count({ where: { accounts: { some: { subject: 'sub-race' } } } })).toBe(1);
    expect(await db().person.count({ where: { accounts: { none: {} } } })).toBe(0);
  });

  it('never finds a person by email, so two people sharing an email stay apart', async () => {
    await ensurePerson(db(), { email: 'shared@example.com' });
    expect(await adapter.getUserByEmail!('shared@example.com')).toBeNull();
  });

  it('refuses to link another identity to a signed-in person', async () => {
    const a = await adapter.createUser!(idpUser('sub-a'));
    await expect(
      adapter.linkAccount!({ provider: 'bcsc', providerAccountId: 'sub-b', type: 'oauth', userId: a.id } as never),
    ).rejects.toThrow(/not allowed/);
    expect(await db().loginAccount.count({ where: { personId: a.id } })).toBe(1);
    // Re-linking the account it already has is harmless.
    await adapter.linkAccount!({ provider: 'bcsc', providerAccountId: 'sub-a', type: 'oauth', userId: a.id } as never);
  });
});

describe('sessions', () => {
  it('stores only a hash of the token and finds the session by it', async () => {
    const p = await ensurePerson(db());
    const token = await newSession(p.id);
    expect(await db().session.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db().session.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
    const found = await adapter.getSessionAndUser!(token);
    expect(found?.user.id).toBe(p.id);
    expect(await adapter.getSessionAndUser!('not-a-token')).toBeNull();
  });

  it('sign-out ends the row (kept for the record) and the token stops working', async () => {
    const p = await ensurePerson(db());
    const token = await newSession(p.id);
    await adapter.deleteSession!(token);
    expect(await adapter.getSessionAndUser!(token)).toBeNull();
    const row = await db().session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.endedReason).toBe('SIGNED_OUT');
  });

  it('refuses a session idle past its window and records why', async () => {
    const p = await ensurePerson(db());
    const token = await newSession(p.id);
    await db().session.update({ where: { tokenHash: hashToken(token) }, data: { expires: fromNow(-(1000)) } });
    expect(await adapter.getSessionAndUser!(token)).toBeNull();
    expect((await db().session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).endedReason).toBe('IDLE');
  });

  it('refuses a session past its absolute limit even while active', async () => {
    const p = await ensurePerson(db());
    const token = await newSession(p.id);
    await db().session.update({
      where: { tokenHash: hashToken(token) },
      data: { absoluteEnd: fromNow(-(1000)), expires: fromNow(600_000) },
    });
    expect(await adapter.getSessionAndUser!(token)).toBeNull();
    expect((await db().session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).endedReason).toBe('ABSOLUTE');
  });

  it('sets the idle window from configuration and slides it with activity, never past the absolute end', async () => {
    const p = await ensurePerson(db());
    const before = now().getTime();
    const token = await newSession(p.id);
    const row = await db().session.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.expires.getTime() - before).toBeGreaterThan(29 * 60_000);
    expect(row.expires.getTime() - before).toBeLessThan(31 * 60_000);
    expect(row.absoluteEnd.getTime() - before).toBeGreaterThan(11.9 * 3600_000);
    // Last seen two minutes ago with two minutes left: a request slides the window forward.
    await db().session.update({
      where: { id: row.id },
      data: { lastSeenAt: fromNow(-(120_000)), expires: fromNow(120_000) },
    });
    await adapter.getSessionAndUser!(token);
    const slid = await db().session.findUniqueOrThrow({ where: { id: row.id } });
    expect(slid.expires.getTime()).toBeGreaterThan(now().getTime() + 29 * 60_000);
    expect(slid.expires.getTime()).toBeLessThanOrEqual(slid.absoluteEnd.getTime());
  });

  it('a revoked session is refused on its next request, and suspension ends them all', async () => {
    const p = await ensurePerson(db());
    const [t1, t2] = [await newSession(p.id), await newSession(p.id)];
    const other = await ensurePerson(db());
    const t3 = await newSession(other.id);
    const ended = await db().$transaction((tx) => endSessions(tx, p.id, 'REVOKED'));
    expect(ended).toBe(2);
    expect(await adapter.getSessionAndUser!(t1)).toBeNull();
    expect(await adapter.getSessionAndUser!(t2)).toBeNull();
    expect(await adapter.getSessionAndUser!(t3)).not.toBeNull();

    const t4 = await newSession(other.id);
    await db().person.update({ where: { id: other.id }, data: { status: 'SUSPENDED' } });
    expect(await adapter.getSessionAndUser!(t4)).toBeNull();
  });
});
