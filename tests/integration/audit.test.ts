import { execFile } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, type AuditInput } from '@/server/audit';
import { verifyAuditChain } from '@/server/audit-verify';
import { db } from '@/server/db';

const GENESIS = '0'.repeat(64);
const event = (action: string, extra: Partial<AuditInput> = {}): AuditInput => ({
  actor: { type: 'SYSTEM', label: 'test' },
  action,
  target: { type: 'WORKSITE', id: 'ws-1' },
  ...extra,
});

// A raw connection as the table owner, to do what the application never may.
let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
});

async function withTriggerOff(trigger: string, fn: () => Promise<unknown>) {
  await owner.query('BEGIN');
  try {
    await owner.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER ${trigger}`);
    await fn();
    await owner.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER ${trigger}`);
    await owner.query('COMMIT');
  } catch (e) {
    await owner.query('ROLLBACK');
    throw e;
  }
}

const lastIds = async (n: number) =>
  (await db().auditEvent.findMany({ orderBy: { id: 'desc' }, take: n, select: { id: true } }))
    .map((r) => r.id)
    .reverse();

function runCli(): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = path.resolve('node_modules', '.bin', 'tsx');
  return new Promise((resolve) => {
    execFile(
      tsx,
      ['scripts/audit-verify.ts'],
      { env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('audit events', () => {
  it('chains 30 concurrent transactions into one intact line', async () => {
    const before = await db().auditEvent.count();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db().$transaction(async (tx) => {
          await tx.$queryRaw`SELECT 1`;
          await audit(tx, event(`test.concurrent.${i}`));
        }),
      ),
    );
    expect(await verifyAuditChain()).toEqual({ ok: true, count: before + 30 });
    const actions = await db().auditEvent.findMany({
      where: { action: { startsWith: 'test.concurrent.' } },
      select: { action: true },
    });
    expect(new Set(actions.map((a) => a.action)).size).toBe(30);
  });

  it('writes chained, sealed rows inside the caller transaction', async () => {
    const actor = { type: 'SERVICE', label: 'viewer', apiKeyId: 'key-7' } as const;
    await db().$transaction(async (tx) => {
      await audit(
        tx,
        event('test.first', { actor, before: { status: 'A' }, after: { status: 'B' } }),
      );
      await audit(tx, event('test.second', { requestId: 'req-1', ip: '10.0.0.1' }));
    });
    const [first, second] = await db().auditEvent.findMany({
      where: { action: { in: ['test.first', 'test.second'] } },
      orderBy: { id: 'asc' },
    });
    expect(first?.actorLabel).toBe('viewer (key-7)');
    expect(first?.before).toEqual({ status: 'A' });
    expect(first?.after).toEqual({ status: 'B' });
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.prevHash).toBe(first?.hash);
    expect(second?.requestId).toBe('req-1');
    const oldest = await db().auditEvent.findFirst({ orderBy: { id: 'asc' } });
    expect(oldest?.prevHash).toBe(GENESIS);
  });

  it('rolls back with the transaction it belongs to', async () => {
    const before = await db().auditEvent.count();
    await expect(
      db().$transaction(async (tx) => {
        await audit(tx, event('test.rolled-back'));
        throw new Error('mutation failed');
      }),
    ).rejects.toThrow('mutation failed');
    expect(await db().auditEvent.count()).toBe(before);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('refuses to chain inside a snapshot transaction, whose stale view would fork the chain', async () => {
    await expect(
      db().$transaction(async (tx) => audit(tx, event('test.snapshot')), {
        isolationLevel: 'RepeatableRead',
      }),
    ).rejects.toThrow(/READ COMMITTED/);
    expect(await db().auditEvent.count({ where: { action: 'test.snapshot' } })).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    const [id] = await lastIds(1);
    await expect(
      owner.query('UPDATE "AuditEvent" SET action = $1 WHERE id = $2', ['x', id]),
    ).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/append-only.*UPDATE/),
    });
    await expect(owner.query('DELETE FROM "AuditEvent" WHERE id = $1', [id])).rejects.toMatchObject(
      {
        code: '42501',
        message: expect.stringMatching(/append-only.*DELETE/),
      },
    );
    await expect(owner.query('TRUNCATE "AuditEvent"')).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/append-only.*TRUNCATE/),
    });
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});

describe('chain verification', () => {
  it('names the row whose content was edited behind the triggers', async () => {
    const [, middle] = await lastIds(3);
    const row = await db().auditEvent.findUniqueOrThrow({ where: { id: middle! } });
    await withTriggerOff('audit_event_append_only', () =>
      owner.query('UPDATE "AuditEvent" SET action = $1 WHERE id = $2', ['test.forged', middle]),
    );

    expect(await verifyAuditChain()).toEqual({
      ok: false,
      badId: String(middle),
      problem: 'content does not match its hash',
    });
    const cli = await runCli();
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`BROKEN at event ${middle}`);

    // Putting the original back restores the chain: verification is about content, not history.
    await withTriggerOff('audit_event_append_only', () =>
      owner.query('UPDATE "AuditEvent" SET action = $1 WHERE id = $2', [row.action, middle]),
    );
    const restored = await verifyAuditChain();
    expect(restored.ok).toBe(true);
    const ok = await runCli();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`intact: ${restored.ok && restored.count} events`);
  });

  it('names the row after a deleted one', async () => {
    const [, middle, next] = await lastIds(3);
    await owner.query(
      'CREATE TEMP TABLE IF NOT EXISTS saved_event AS SELECT * FROM "AuditEvent" WITH NO DATA',
    );
    await owner.query('INSERT INTO saved_event SELECT * FROM "AuditEvent" WHERE id = $1', [middle]);
    await withTriggerOff('audit_event_append_only', () =>
      owner.query('DELETE FROM "AuditEvent" WHERE id = $1', [middle]),
    );

    expect(await verifyAuditChain()).toEqual({
      ok: false,
      badId: String(next),
      problem: 'link to the previous event is broken',
    });

    await withTriggerOff('audit_event_chain', () =>
      owner.query('INSERT INTO "AuditEvent" SELECT * FROM saved_event'),
    );
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
