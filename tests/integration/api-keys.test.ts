import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { listApiKeys } from '@/server/api-keys/queries';
import { createApiKey, revokeApiKey, verifyApiKey } from '@/server/api-keys/service';
import { hashApiKey } from '@/server/api-keys/token';
import { db } from '@/server/db';
import { ensurePerson } from '../factories/people';

async function refusal(p: Promise<unknown>) {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

async function staff(roles: Array<'STAFF_ADMIN' | 'ENROLMENT_TEAM' | 'AUDITOR'>) {
  const p = await ensurePerson(db(), { staffRoles: roles });
  return { id: p.id, staffRoles: roles };
}

/** Rows anywhere in the database whose text contains the value. */
async function tablesContaining(value: string): Promise<string[]> {
  const tables = await db().$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const hits: string[] = [];
  for (const { table_name } of tables) {
    const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${table_name.replace(/"/g, '""')}" t WHERE row_to_json(t)::text LIKE '%' || $1 || '%'`,
      value,
    );
    if (Number(row!.n) > 0) hits.push(table_name);
  }
  return hits;
}

describe('API keys', () => {
  it('only a staff administrator can create or revoke one', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    for (const roles of [['ENROLMENT_TEAM'], ['AUDITOR'], []] as const) {
      const s = await staff([...roles]);
      expect(await refusal(createApiKey(s, { name: 'Nope' }))).toEqual({
        code: 'FORBIDDEN',
        message: 'Only a staff administrator can manage API keys.',
      });
      const k = await createApiKey(admin, { name: 'Viewer' });
      expect(await refusal(revokeApiKey(s, { id: k.id }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await verifyApiKey(k.key)).not.toBeNull();
    }
    expect(await db().apiKey.count({ where: { name: 'Nope' } })).toBe(0);
  });

  it('shows the key once and stores only its hash and prefix', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    const k = await createApiKey(admin, { name: 'CareConnect viewer' }, { requestId: 'req-key', ip: '198.51.100.4' });
    expect(k.key).toMatch(/^cc_[A-Za-z0-9_-]{43}$/);
    expect(k.prefix).toBe(k.key.slice(0, 10));
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: k.id } });
    expect(row).toMatchObject({ name: 'CareConnect viewer', prefix: k.prefix, keyHash: hashApiKey(k.key), createdById: admin.id, revokedAt: null });
    // The raw key, and its secret part alone, are nowhere in the database.
    expect(await tablesContaining(k.key)).toEqual([]);
    expect(await tablesContaining(k.key.slice(10))).toEqual([]);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'api_key.created', targetId: k.id } });
    expect(event).toMatchObject({ actorType: 'STAFF', actorId: admin.id, targetType: 'API_KEY', requestId: 'req-key', ip: '198.51.100.4' });
    expect(event.after).toEqual({ name: 'CareConnect viewer', prefix: k.prefix, requestsPerMinute: 600 });
    // Two keys never share a value.
    const k2 = await createApiKey(admin, { name: 'CareConnect viewer' });
    expect(k2.key).not.toBe(k.key);
  });

  it('verifies current keys only', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    const k = await createApiKey(admin, { name: 'EMR' });
    expect(await verifyApiKey(k.key)).toEqual({ id: k.id, name: 'EMR', requestsPerMinute: 600 });
    const flipped = k.key.slice(0, -1) + (k.key.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, '', null, undefined, 'cc_short', `${k.key} `, k.prefix])
      expect(await verifyApiKey(bad)).toBeNull();
  });

  it('revokes at once, once, and audits it', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    const other = await staff(['STAFF_ADMIN']);
    const k = await createApiKey(admin, { name: 'Old EMR' });
    await revokeApiKey(other, { id: k.id }, { requestId: 'req-revoke' });
    expect(await verifyApiKey(k.key)).toBeNull();
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: k.id } })).revokedAt).not.toBeNull();
    expect(await refusal(revokeApiKey(admin, { id: k.id }))).toEqual({ code: 'ALREADY_DECIDED', message: 'This key was already revoked.' });
    expect(await db().auditEvent.count({ where: { action: 'api_key.revoked', targetId: k.id } })).toBe(1);
    expect(await db().auditEvent.findFirst({ where: { action: 'api_key.revoked', targetId: k.id } })).toMatchObject({ actorId: other.id, requestId: 'req-revoke' });
    for (const id of ['not-a-uuid', '0190f2c4-0000-7000-8000-000000000000'])
      expect(await refusal(revokeApiKey(admin, { id }))).toEqual({ code: 'NOT_FOUND', message: 'We could not find that API key.' });
  });

  it('two admins revoking at once: one wins, one is told', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    const k = await createApiKey(admin, { name: 'Race' });
    const r = await Promise.allSettled([revokeApiKey(admin, { id: k.id }), revokeApiKey(admin, { id: k.id })]);
    expect(r.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(r.find((x) => x.status === 'rejected')).toMatchObject({ reason: { code: 'ALREADY_DECIDED' } });
    expect(await db().auditEvent.count({ where: { action: 'api_key.revoked', targetId: k.id } })).toBe(1);
  });

  it('lists keys without their hashes, current keys first', async () => {
    const admin = await staff(['STAFF_ADMIN']);
    const a = await createApiKey(admin, { name: 'List A' });
    const b = await createApiKey(admin, { name: 'List B' });
    await revokeApiKey(admin, { id: b.id });
    const rows = (await listApiKeys(admin)).filter((r) => r.name.startsWith('List '));
    expect(rows.map((r) => r.name)).toEqual(['List A', 'List B']);
    expect(rows[0]).toEqual({
      id: a.id,
      name: 'List A',
      prefix: a.prefix,
      createdAt: expect.any(Date),
      createdByName: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
      requestsPerMinute: 600,
    });
    expect(rows[1]!.revokedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(rows)).not.toContain(hashApiKey(a.key));
  });
});
