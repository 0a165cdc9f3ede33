import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../dev/embedded-db';
import { applyMigrations, migrationsDir } from '../../scripts/lib/migrations';
import { PrismaClient } from '@/generated/prisma/client';
import { audit } from '@/server/audit';

const dir = mkdtempSync(path.join(tmpdir(), 'cc-embedded-'));
const dataDir = path.join(dir, 'pglite');
const lockFile = `${dataDir}.lock`;
let running: EmbeddedDatabase | undefined;

afterAll(async () => {
  await running?.close();
  rmSync(dir, { recursive: true, force: true });
});

const folders = () =>
  readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

async function withClient<T>(url: string, fn: (c: PrismaClient) => Promise<T>): Promise<T> {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    return await fn(client);
  } finally {
    await client.$disconnect();
  }
}

function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close((e) => (e ? reject(e) : resolve(port)));
    });
  });
}

describe('embedded database', () => {
  it('serves a database that migrates and that Prisma reads and writes, triggers included', async () => {
    running = await startEmbeddedDatabase({ dataDir });
    const port = Number(new URL(running.url).port);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toEqual({ pid: process.pid, port });
    expect(await applyMigrations(running.url)).toEqual(folders());

    await withClient(running.url, async (client) => {
      const created = await client.outboxEmail.create({
        data: {
          template: 't',
          toAddress: 'a@example.org',
          subject: 's',
          textBody: 'x',
          htmlBody: '<p>x</p>',
        },
      });
      expect(await client.outboxEmail.findUnique({ where: { id: created.id } })).toMatchObject({
        toAddress: 'a@example.org',
        status: 'PENDING',
      });

      await client.$transaction(async (tx) => {
        for (const action of ['test.one', 'test.two']) {
          await audit(tx, {
            actor: { type: 'SYSTEM', label: 't' },
            action,
            target: { type: 'WORKSITE' },
          });
        }
      });
      await client.$queryRaw`SELECT * FROM cc_audit_seal(100, now()::timestamp)`;
      const [one, two] = await client.auditEvent.findMany({ orderBy: { seq: 'asc' } });
      expect(two?.prevHash).toBe(one?.hash);
      expect(await client.$queryRaw`SELECT * FROM cc_audit_verify()`).toEqual([]);
      await expect(client.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);

      // More connections at once than the socket server's own default of one.
      const many = await Promise.all(
        Array.from(
          { length: 12 },
          (_, i) => client.$queryRaw<{ n: number }[]>`SELECT ${i}::int AS n`,
        ),
      );
      expect(many.map((r) => r[0]?.n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    });
  }, 120_000); // the first start initialises a data directory, which is slow under WebAssembly

  it('refuses a second start on the same data directory while the first runs', async () => {
    const port = new URL(running!.url).port;
    await expect(startEmbeddedDatabase({ dataDir })).rejects.toThrow(
      `the embedded database is already in use by process ${process.pid} on port ${port}; stop it or set DATABASE_URL`,
    );
  });

  it('releases the lock on close, and a stale lock whose port is dead does not block a start', async () => {
    await running!.close();
    running = undefined;
    expect(existsSync(lockFile)).toBe(false);

    // A crashed owner's lock; the PID is even a live one, which alone must not count.
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, port: await deadPort() }));
    running = await startEmbeddedDatabase({ dataDir });
    expect(await applyMigrations(running.url)).toEqual([]);
    await withClient(running.url, async (client) => {
      expect(await client.outboxEmail.count()).toBe(1); // data survived the restart
      expect(await client.auditEvent.count()).toBe(2);
    });
  });
});
