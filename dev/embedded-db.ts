// An embedded PostgreSQL (PGlite, WebAssembly) served over TCP, so the app, Prisma and the
// migration engine connect to it with an ordinary postgres:// URL. One process owns a data
// directory at a time; note that an open transaction blocks every other connection until it ends.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedDatabase = { url: string; close(): Promise<void> };
export type EmbeddedOptions = {
  dataDir?: string;
  inMemory?: boolean;
  /** Must cover the app's pool size plus tools connecting alongside it. */
  maxConnections?: number;
};

const HOST = '127.0.0.1';
export const defaultDataDir = path.resolve(__dirname, '..', '.data', 'pglite');

type LockInfo = { pid: number; port: number | null };

export async function startEmbeddedDatabase(opts: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const dataDir = opts.inMemory ? null : path.resolve(opts.dataDir ?? defaultDataDir);
  const lockFile = dataDir ? `${dataDir}.lock` : null;
  if (dataDir && lockFile) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    await acquireLock(lockFile);
  }
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(dataDir ?? undefined);
    server = new PGLiteSocketServer({
      db,
      host: HOST,
      port: 0, // the OS picks a free port
      maxConnections: opts.maxConnections ?? 20,
    });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    if (lockFile) writeLock(lockFile, { pid: process.pid, port });
    const url = `postgres://postgres@${HOST}:${port}/postgres`;
    let closed: Promise<void> | undefined;
    const s = server;
    const d = db;
    return {
      url,
      close: () =>
        (closed ??= (async () => {
          await s.stop();
          await d.close();
          if (lockFile) releaseLock(lockFile);
        })()),
    };
  } catch (e) {
    await server?.stop().catch(() => {});
    await db?.close().catch(() => {});
    if (lockFile) releaseLock(lockFile);
    throw e;
  }
}

function writeLock(file: string, info: LockInfo, flag: 'w' | 'wx' = 'w') {
  writeFileSync(file, JSON.stringify(info), { flag });
}

function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return { pid: Number(v.pid), port: typeof v.port === 'number' ? v.port : null };
  } catch {
    return null; // unreadable or half-written: treated as stale
  }
}

function releaseLock(file: string) {
  if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
}

async function acquireLock(file: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeLock(file, { pid: process.pid, port: null }, 'wx');
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readLock(file);
    if (holder && (await holderIsLive(holder))) {
      const where = holder.port ? ` on port ${holder.port}` : ' (still starting)';
      throw new Error(
        `the embedded database is already in use by process ${holder.pid}${where}; stop it or set DATABASE_URL`,
      );
    }
    rmSync(file, { force: true }); // stale: its owner is gone
  }
  throw new Error(
    `could not take the embedded database lock ${file}; another process keeps replacing it`,
  );
}

// A recorded PID can be reused by an unrelated process, so a lock counts as live only when its
// port still accepts connections. Before the port is known, the owner is still starting up.
async function holderIsLive(holder: LockInfo): Promise<boolean> {
  if (holder.port) return portAnswers(holder.port);
  return pidAlive(holder.pid);
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
