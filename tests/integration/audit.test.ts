import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, type AuditInput } from '@/server/audit';
import { sealAll, sealBatch } from '@/server/audit-sealer';
import { verifyAuditChain } from '@/server/audit-verify';
import { countRoundTrips, db } from '@/server/db';

const GENESIS = '0'.repeat(64);
const event = (action: string, extra: Partial<AuditInput> = {}): AuditInput => ({
  actor: { type: 'SYSTEM', label: 'test' },
  action,
  target: { type: 'WORKSITE', id: 'ws-1' },
  ...extra,
});
const write = (action: string) => db().$transaction((tx) => audit(tx, event(action)));

// Raw connections as the table owner, to do what the application never may.
let owner: pg.Client;
let second: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  second = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await Promise.all([owner.connect(), second.connect()]);
});
afterAll(async () => {
  await Promise.all([owner.end(), second.end()]);
});

async function withTriggersOff(fn: () => Promise<unknown>) {
  await owner.query('BEGIN');
  try {
    await owner.query('ALTER TABLE "AuditEvent" DISABLE TRIGGER USER');
    await fn();
    await owner.query('ALTER TABLE "AuditEvent" ENABLE TRIGGER USER');
    await owner.query('COMMIT');
  } catch (e) {
    await owner.query('ROLLBACK');
    throw e;
  }
}

const sealedTail = async (n: number) =>
  (await db().auditEvent.findMany({ where: { seq: { not: null } }, orderBy: { seq: 'desc' }, take: n })).reverse();

function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsx = path.resolve('node_modules', '.bin', 'tsx');
  return new Promise((resolve) => {
    execFile(tsx, ['scripts/audit-verify.ts', ...args], { env: { ...process.env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('writing audit events', () => {
  it('writes unsealed rows inside the caller transaction, and the sealer chains them', async () => {
    const actor = { type: 'SERVICE', label: 'viewer', apiKeyId: 'key-7' } as const;
    await db().$transaction(async (tx) => {
      await audit(tx, event('test.first', { actor, before: { status: 'A' }, after: { status: 'B' } }));
      await audit(tx, event('test.second', { requestId: 'req-1', ip: '10.0.0.1' }));
    });
    const rows = () => db().auditEvent.findMany({ where: { action: { in: ['test.first', 'test.second'] } }, orderBy: { id: 'asc' } });
    const [u1, u2] = await rows();
    expect([u1?.seq, u1?.hash, u2?.seq, u2?.hash]).toEqual([null, null, null, null]);
    expect(u1).toMatchObject({ actorLabel: 'viewer (key-7)', before: { status: 'A' }, after: { status: 'B' } });

    await sealAll();
    const [first, second] = await rows();
    expect(first?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.seq).toBe(first!.seq! + 1n);
    expect(second?.prevHash).toBe(first?.hash);
    const genesis = await db().auditEvent.findFirst({ where: { seq: 1n } });
    expect(genesis?.prevHash).toBe(GENESIS);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
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
  });

  it('cannot be written pre-sealed: the database clears whatever a writer puts in the sealing columns', async () => {
    await owner.query(
      `INSERT INTO "AuditEvent" ("actorType", "action", "targetType", "seq", "prevHash", "hash", "sealedAt")
       VALUES ('SYSTEM', 'test.presealed', 'WORKSITE', 999999, $1, $1, now())`,
      [GENESIS],
    );
    const row = await db().auditEvent.findFirstOrThrow({ where: { action: 'test.presealed' } });
    expect([row.seq, row.hash, row.prevHash, row.sealedAt]).toEqual([null, null, null, null]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself, and a second or out-of-turn seal', async () => {
    await write('test.guarded');
    await sealAll();
    const [last] = await sealedTail(1);
    await expect(owner.query('UPDATE "AuditEvent" SET action = $1 WHERE id = $2', ['x', last!.id])).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/append-only.*UPDATE/),
    });
    // Re-sealing a sealed row, even with its own values, is refused.
    await expect(owner.query('UPDATE "AuditEvent" SET "sealedAt" = now() WHERE id = $1', [last!.id])).rejects.toMatchObject({ code: '42501' });
    await expect(owner.query('DELETE FROM "AuditEvent" WHERE id = $1', [last!.id])).rejects.toMatchObject({
      message: expect.stringMatching(/append-only.*DELETE/),
    });
    await expect(owner.query('TRUNCATE "AuditEvent"')).rejects.toMatchObject({ message: expect.stringMatching(/append-only.*TRUNCATE/) });
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/append-only/);

    // Sealing by hand with a wrong link, a wrong hash or a skipped number is refused too.
    await write('test.unsealed');
    const open = await db().auditEvent.findFirstOrThrow({ where: { action: 'test.unsealed' } });
    for (const [seq, prev, hash] of [
      [last!.seq! + 1n, GENESIS, 'f'.repeat(64)],
      [last!.seq! + 2n, last!.hash, 'f'.repeat(64)],
    ] as const) {
      await expect(
        owner.query('UPDATE "AuditEvent" SET seq = $1, "prevHash" = $2, hash = $3, "sealedAt" = now() WHERE id = $4', [String(seq), prev, hash, open.id]),
      ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/not the next link/) });
    }
    await sealAll();
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('writers on two connections for many rounds become one gap-free sequence in a valid commit order', async () => {
    const rounds = 40;
    const writer = async (client: pg.Client, name: string) => {
      for (let i = 0; i < rounds; i++) {
        await client.query('BEGIN');
        await client.query(`INSERT INTO "AuditEvent" ("actorType", "action", "targetType") VALUES ('SYSTEM', $1, 'WORKSITE')`, [`test.writer.${name}.${i}`]);
        await client.query('COMMIT');
      }
    };
    // The sealer runs while they write, so batches cut across both writers.
    let writing = true;
    const sealing = (async () => {
      while (writing) await sealBatch({ maxRows: 7 });
    })();
    await Promise.all([writer(owner, 'a'), writer(second, 'b')]);
    writing = false;
    await sealing;
    await sealAll();

    const all = await db().auditEvent.findMany({ where: { seq: { not: null } }, orderBy: { seq: 'asc' }, select: { seq: true, action: true } });
    expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => BigInt(i + 1)));
    for (const name of ['a', 'b']) {
      // Each writer committed its rows one after another: their sequence numbers must rise.
      const mine = all.filter((r) => r.action.startsWith(`test.writer.${name}.`)).map((r) => Number(r.action.split('.').pop()));
      expect(mine).toEqual(Array.from({ length: rounds }, (_, i) => i));
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('seals a batch and records its signed checkpoint in two round trips, in one transaction', async () => {
    await sealAll();
    for (let i = 0; i < 4; i++) await write(`test.trips.${i}`);
    const { result, roundTrips } = await countRoundTrips(() => sealBatch());
    expect(result.sealed).toBeGreaterThanOrEqual(4);
    expect(roundTrips).toBe(2);
    const cp = await db().auditCheckpoint.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    expect(cp.seq).toBe(result.headSeq);
    expect((await sealedTail(1))[0]!.hash).toBe(cp.headHash);
    // Nothing waiting: still two (the batch finds nothing, then the empty transaction ends).
    expect((await countRoundTrips(() => sealBatch())).roundTrips).toBe(2);
  });

  it('a sealer killed mid-batch leaves no gap and no duplicate: the next one carries on', async () => {
    for (let i = 0; i < 5; i++) await write(`test.crash.${i}`);
    const head = (await sealedTail(1))[0]!.seq!;
    // A sealer on its own connection seals inside a transaction and dies before COMMIT.
    const doomed = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await doomed.connect();
    doomed.on('error', () => {});
    await doomed.query('BEGIN');
    const [r] = (await doomed.query(`SELECT sealed FROM cc_audit_seal(3, now()::timestamp)`)).rows;
    expect(r.sealed).toBe(3);
    // While it holds the turn, another sealer seals nothing rather than a fork of the chain.
    expect((await sealBatch()).sealed).toBe(0);
    await owner.query('SELECT pg_terminate_backend($1)', [(doomed as unknown as { processID: number }).processID]);
    await doomed.end().catch(() => {});

    await sealAll();
    const after = await db().auditEvent.findMany({ where: { seq: { gt: head } }, orderBy: { seq: 'asc' } });
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => head + BigInt(i + 1)));
    expect(after.filter((e) => e.action.startsWith('test.crash.')).map((e) => e.action)).toEqual([0, 1, 2, 3, 4].map((i) => `test.crash.${i}`));
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

describe('verifying the trail', () => {
  it('names the row whose content was edited behind the triggers, and the CLI agrees', async () => {
    for (let i = 0; i < 3; i++) await write(`test.edit.${i}`);
    await sealAll();
    const [, middle] = await sealedTail(3);
    await withTriggersOff(() => owner.query('UPDATE "AuditEvent" SET action = $1 WHERE id = $2', ['test.forged', middle!.id]));
    expect(await verifyAuditChain()).toEqual({ ok: false, badId: String(middle!.id), problem: 'content does not match its hash' });
    const cli = await runCli();
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`BROKEN at event ${middle!.id}`);

    // Putting the original back restores the chain: verification is about content, not history.
    await withTriggersOff(() => owner.query('UPDATE "AuditEvent" SET action = $1 WHERE id = $2', [middle!.action, middle!.id]));
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    const ok = await runCli();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/intact: \d+ events verified \(\d+ sealed, \d+ signed checkpoints\)/);
  });

  it('names the row after a deleted one', async () => {
    const [, middle, next] = await sealedTail(3);
    await owner.query('CREATE TEMP TABLE IF NOT EXISTS saved_event AS SELECT * FROM "AuditEvent" WITH NO DATA');
    await owner.query('INSERT INTO saved_event SELECT * FROM "AuditEvent" WHERE id = $1', [middle!.id]);
    await withTriggersOff(() => owner.query('DELETE FROM "AuditEvent" WHERE id = $1', [middle!.id]));
    expect(await verifyAuditChain()).toMatchObject({ ok: false, badId: String(next!.id) });
    await withTriggersOff(() => owner.query('INSERT INTO "AuditEvent" SELECT * FROM saved_event'));
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('refuses a checkpoint signed by another key', async () => {
    const forge = async (sql: string) => {
      await owner.query('BEGIN');
      await owner.query('ALTER TABLE "AuditCheckpoint" DISABLE TRIGGER USER');
      await owner.query(sql, [GENESIS]);
      await owner.query('ALTER TABLE "AuditCheckpoint" ENABLE TRIGGER USER');
      await owner.query('COMMIT');
    };
    await forge(`INSERT INTO "AuditCheckpoint" ("seq", "headHash", "signedAt", "keyId", "signature") VALUES (999999, $1, now(), 'ffffffffffffffff', 'AAAA')`);
    expect(await verifyAuditChain()).toMatchObject({ ok: false, checkpointSeq: '999999', problem: expect.stringMatching(/not signed by the configured key/) });
    await forge(`DELETE FROM "AuditCheckpoint" WHERE "seq" = 999999 AND "headHash" = $1`);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('reports a committed row that waits unsealed too long (a back-dated row slipped in out of band)', async () => {
    await owner.query(
      `INSERT INTO "AuditEvent" ("actorType", "action", "targetType", "occurredAt") VALUES ('SYSTEM', 'test.backdated', 'WORKSITE', '2000-01-01 00:00:00')`,
    );
    expect(await verifyAuditChain()).toMatchObject({ ok: false, problem: expect.stringMatching(/waited \d+ s to be sealed/) });
    await sealAll();
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('exports a checkpoint that later proves the chain up to it was not rewritten', async () => {
    const exported = await runCli('--export');
    expect(exported.code).toBe(0);
    const text = exported.stdout.slice(exported.stdout.indexOf('careconnect-audit-checkpoint/v1'));
    expect(text).toMatch(/^careconnect-audit-checkpoint\/v1\nseq \d+\nhead [0-9a-f]{64}\ntime \S+\nkey [0-9a-f]{16}\nsignature \S+\n$/);
    const file = path.join(tmpdir(), `checkpoint-${process.pid}.txt`);
    writeFileSync(file, text);
    const checked = await runCli('--check', file);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('is a prefix of the chain');
    // A tampered export is not evidence of anything.
    writeFileSync(file, text.replace(/head ([0-9a-f])/, (_m, c: string) => `head ${c === '0' ? '1' : '0'}`));
    expect((await runCli('--check', file)).code).toBe(1);
  });

  // Last: it leaves the chain rewritten.
  it('names the checkpoint a whole chain recomputed after an edit contradicts', async () => {
    for (let i = 0; i < 3; i++) await write(`test.rewrite.${i}`);
    await sealAll();
    const last = (await sealedTail(1))[0]!;
    const checkpoint = await db().auditCheckpoint.findFirstOrThrow({ where: { seq: { gte: last.seq! } }, orderBy: { seq: 'asc' } });
    // Whoever can edit rows can recompute every hash after the edit: the links all hold again...
    const target = (await sealedTail(3))[0]!;
    await withTriggersOff(async () => {
      await owner.query('UPDATE "AuditEvent" SET action = $1 WHERE id = $2', ['test.rewritten', target.id]);
      await owner.query(`
        DO $$ DECLARE r "AuditEvent"; prev text;
        BEGIN
          SELECT "hash" INTO prev FROM "AuditEvent" WHERE "seq" = ${String(target.seq! - 1n)};
          FOR r IN SELECT * FROM "AuditEvent" WHERE "seq" >= ${String(target.seq)} ORDER BY "seq" LOOP
            r."prevHash" := prev;
            prev := encode(sha256(convert_to(cc_audit_canonical(r), 'UTF8')), 'hex');
            UPDATE "AuditEvent" SET "prevHash" = r."prevHash", "hash" = prev WHERE "id" = r."id";
          END LOOP;
        END $$`);
    });
    // ...but the signed checkpoint still names the old head.
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      checkpointSeq: String(checkpoint.seq),
      problem: expect.stringMatching(/contradicts checkpoint .*rewritten/),
    });
    expect((await runCli()).code).toBe(1);
  });
});
