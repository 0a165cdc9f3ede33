// Starts the portal with everything local: database (embedded unless DATABASE_URL is set), the
// local BC Services Card stand-in, the mail catcher, demo data, and the app.
//   tsx dev/launch.ts demo   production build (built when sources changed), demo data
//   tsx dev/launch.ts dev    hot reload
//   tsx dev/launch.ts e2e    like demo, on a fresh throw-away database (for browser tests)
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations } from '../scripts/lib/migrations';
import { e2eClockFile } from './e2e-clock-file';
import { startEmbeddedDatabase } from './embedded-db';
import { startMailCatcher } from './mail-catcher/server';
import { presetIdentities } from './oidc/identities';
import { startOidcProvider } from './oidc/provider';

const root = path.resolve(__dirname, '..');
const mode = process.argv[2] ?? 'demo';
if (!['demo', 'dev', 'e2e'].includes(mode)) {
  console.error('Usage: tsx dev/launch.ts demo|dev|e2e');
  process.exit(2);
}
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

const port = Number(process.env.PORT ?? 3000);
const oidcPort = Number(process.env.OIDC_PORT ?? 4000);
const smtpPort = Number(process.env.MAIL_SMTP_PORT ?? 1025);
const mailHttpPort = Number(process.env.MAIL_HTTP_PORT ?? 1080);
const appUrl = `http://localhost:${port}`;
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

const cleanups: Array<() => Promise<void> | void> = [];
let app: ChildProcess | null = null;
let stopping = false;

async function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => resolve(false));
    s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function newestMtime(dir: string): number {
  // A folder the project does not have (e.g. no public/ assets) adds nothing to compare.
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const stamp = path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = [newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'public'))];
  for (const f of ['package-lock.json', 'next.config.ts', 'prisma/schema.prisma', 'postcss.config.mjs']) {
    inputs.push(statSync(path.join(root, f)).mtimeMs);
  }
  return Math.max(...inputs) > built;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A database of its own for one e2e run, on the local server when there is one. */
async function freshDatabase(): Promise<string | null> {
  const server = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  // Databases of earlier runs whose launcher died without cleaning up.
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'cc\\_e2e\\_%'`,
  );
  for (const { datname } of rows) {
    const pid = Number(datname.split('_')[2]);
    if (pid && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const name = `cc_e2e_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: server });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

// Never spawnSync: this process serves the embedded database, so blocking its event loop
// would deadlock any child that connects to it.
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: 'inherit' });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  if (app && app.exitCode === null) {
    app.kill('SIGTERM');
    await new Promise((r) => app!.once('exit', r));
  }
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch (e) {
      console.error('cleanup failed:', e instanceof Error ? e.message : e);
    }
  }
  process.exit(code);
}

async function main() {
  for (const [label, p] of [['app', port], ['sign-in provider', oidcPort], ['mail catcher (SMTP)', smtpPort], ['mail catcher (web)', mailHttpPort]] as const) {
    if (!(await portFree(p))) {
      throw new Error(`Port ${p} for the ${label} is in use. Stop what uses it, or set another port (see .env.example).`);
    }
  }

  // Browser tests may move the server's clock (and the sign-in provider's, in this process) by
  // writing an offset to this file; see dev/e2e-clock.cjs. Never outside e2e mode.
  const clockFile = mode === 'e2e' ? e2eClockFile(port) : null;
  if (clockFile) {
    writeFileSync(clockFile, '0');
    cleanups.push(() => rmSync(clockFile, { force: true }));
    process.env.E2E_CLOCK_FILE = clockFile;
    await import(path.join(root, 'dev', 'e2e-clock.cjs'));
  }

  let databaseUrl = process.env.DATABASE_URL ?? null;
  if (!databaseUrl && mode === 'e2e') databaseUrl = await freshDatabase();
  if (!databaseUrl) {
    const embedded = await startEmbeddedDatabase({ inMemory: mode === 'e2e', maxConnections: 30 });
    cleanups.push(() => embedded.close());
    databaseUrl = embedded.url;
    console.log(mode === 'e2e' ? 'Database: embedded, in memory' : 'Database: embedded, in ./.data/pglite');
  } else {
    console.log(`Database: ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}`);
  }
  const applied = await applyMigrations(databaseUrl);
  if (applied.length) console.log(`Migrations applied: ${applied.length}`);

  const oidc = await startOidcProvider({
    port: oidcPort,
    clients: [
      {
        clientId: process.env.OIDC_CLIENT_ID ?? 'careconnect-portal',
        clientSecret: process.env.OIDC_CLIENT_SECRET ?? 'dev-client-secret',
        redirectUris: [`${appUrl}/api/auth/callback/bcsc`],
      },
    ],
  });
  cleanups.push(() => oidc.close());
  const mail = await startMailCatcher({ smtpPort, httpPort: mailHttpPort });
  cleanups.push(() => mail.close());

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '10',
    APP_URL: appUrl,
    NEXTAUTH_URL: appUrl,
    OIDC_ISSUER: oidc.issuer,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mail.smtpPort),
    DEMO_MODE: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
    OUTBOX_POLL_MS: process.env.OUTBOX_POLL_MS ?? (mode === 'e2e' ? '250' : '1000'),
    REMINDER_INTERVAL_MS: process.env.REMINDER_INTERVAL_MS ?? (mode === 'e2e' ? '2000' : '60000'),
  };

  if ((await run(bin('tsx'), ['--conditions=react-server', 'prisma/seed.ts'], childEnv)) !== 0) {
    throw new Error('Seeding demo data failed (see above).');
  }
  if (mode !== 'dev' && buildIsStale()) {
    console.log('Building the app (first run or sources changed)…');
    if ((await run(bin('next'), ['build'], { ...childEnv, NODE_ENV: 'production' })) !== 0) {
      throw new Error('The build failed (see above).');
    }
  }

  app = spawn(bin('next'), [mode === 'dev' ? 'dev' : 'start', '-p', String(port), '-H', 'localhost'], {
    cwd: root,
    env: clockFile
      ? { ...childEnv, E2E_CLOCK_FILE: clockFile, NODE_OPTIONS: `${childEnv.NODE_OPTIONS ?? ''} --require ${path.join(root, 'dev', 'e2e-clock.cjs')}`.trim() }
      : childEnv,
    stdio: 'inherit',
  });
  app.once('exit', (code) => {
    if (!stopping) {
      console.error(`The app stopped (exit ${code}).`);
      void stop(code ?? 1);
    }
  });

  // The access API's own process (docs/decisions/026) on the next port; the portal's own
  // /api/v1/access answers the same, so browser tests (e2e) do without it.
  const accessPort = Number(process.env.ACCESS_PORT ?? port + 1);
  const accessNote =
    mode === 'e2e' ? '' : (await portFree(accessPort)) ? `http://127.0.0.1:${accessPort}/api/v1/access` : `not started: port ${accessPort} is in use`;
  if (accessNote.startsWith('http')) {
    const access = spawn(bin('tsx'), ['--conditions=react-server', 'src/server/access/main.ts'], {
      cwd: root,
      env: { ...childEnv, ACCESS_PORT: String(accessPort), NODE_ENV: mode === 'dev' ? 'development' : 'production' },
      stdio: 'inherit',
    });
    cleanups.push(async () => {
      if (access.exitCode !== null) return;
      access.kill('SIGTERM');
      await new Promise((r) => access.once('exit', r));
    });
  }

  const who = presetIdentities
    .map((p) => `    ${`${p.given_name} ${p.family_name}`.padEnd(22)} ${p.description}`)
    .join('\n');
  console.log(`
  my.CareConnect is starting (${mode}).
    Portal:          ${appUrl}
    Sign-in (BCSC):  ${oidc.issuer}   (local stand-in)
    Mail catcher:    http://localhost:${mail.httpPort}${accessNote ? `\n    Access API:      ${accessNote}` : ''}
  Demo identities on the sign-in page (or sign in as any new identity):
${who}
  Press Ctrl-C to stop everything.
`);
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  void stop(1);
});
