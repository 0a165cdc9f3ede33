// The database connection is cut in the middle of a staff decision: the status change, its
// history, audit event and emails are all stored or none of them, and the person deciding sees
// a generic "try again" answer (never a raw driver error), after which trying again works.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { runAction } from '@/server/action';
import { db } from '@/server/db';
import { approveDeclaration } from '@/server/worksites/team-service';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { captureLog } from '../support/log-capture';
import { startTcpProxy, until, type CutTrigger, type TcpProxy } from '../support/tcp-proxy';

const ctx = { requestId: 'fault-request', ip: '203.0.113.7' };
const direct = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
let proxy: TcpProxy;

beforeAll(async () => {
  // The app's pool reaches PostgreSQL only through the proxy; assertions read it directly.
  const url = new URL(process.env.DATABASE_URL!);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  process.env.DATABASE_URL = url.toString();
});

afterAll(async () => {
  await proxy?.close();
  await direct.end();
});

async function submittedClinic() {
  const admin = await ensurePerson(db());
  const ws = await createWorksite(db(), {
    creatorId: admin.id,
    status: 'DECLARATION_SUBMITTED',
    operatingName: `Clinic ${randomUUID().slice(0, 6)}`,
  });
  await addMember(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return ws;
}

async function teamMember() {
  const roles: StaffRoleKind[] = ['ENROLMENT_TEAM'];
  const p = await ensurePerson(db(), { staffRoles: roles });
  return { id: p.id, staffRoles: roles };
}

/** What an approval writes, read over a connection the proxy does not carry. */
async function traces(worksiteId: string) {
  const r = await direct.query(
    `SELECT (SELECT status::text FROM "Worksite" WHERE id = $1) AS status,
            (SELECT count(*)::int FROM "WorksiteStatusChange" WHERE "worksiteId" = $1) AS history,
            (SELECT count(*)::int FROM "AuditEvent" WHERE "worksiteId" = $1 AND action = 'worksite.approved') AS audits,
            (SELECT count(*)::int FROM "OutboxEmail" WHERE "worksiteId" = $1 AND template = 'worksite.approved') AS emails`,
    [worksiteId],
  );
  return r.rows[0] as { status: string; history: number; audits: number; emails: number };
}

const NONE = { status: 'DECLARATION_SUBMITTED', history: 0, audits: 0, emails: 0 };
const ALL = { status: 'ACTIVE', history: 1, audits: 1, emails: 1 };

async function approveWithCut(trigger: CutTrigger) {
  const staff = await teamMember();
  const ws = await submittedClinic();
  const input = { worksiteId: ws.id, expectedStatus: 'DECLARATION_SUBMITTED' as const };
  const approve = () =>
    runAction('approveDeclaration', () => approveDeclaration(staff, input, ctx));
  const cut = proxy.cutOn(trigger);
  const logged = captureLog();
  const result = await approve().finally(() => logged.stop());
  await cut;
  // The correlation id the person sees leads to the full error in the log.
  const failed = logged.find('action failed');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({
    action: 'approveDeclaration',
    correlationId: result.ok ? 'none' : result.correlationId,
    error: { message: expect.stringMatching(/Connection terminated|ECONNRESET/) },
  });
  return { ws, result, approve };
}

function expectGenericRetryable(result: Awaited<ReturnType<typeof approveWithCut>>['result']) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe('UNEXPECTED');
  // Not "nothing was saved": after a lost connection the app cannot know (see the third case).
  expect(result.formError).toBe(
    'We lost contact with our database, so we cannot tell whether this was saved. Reload the page to check, then try again if needed.',
  );
  expect(result.correlationId).toMatch(/^[0-9A-F]{8}$/);
  // Nothing of the driver's own words reaches the person.
  expect(JSON.stringify(result)).not.toMatch(/Connection|terminated|ECONN|Prisma|pg|stack/i);
}

describe('database connection cut during a decision', () => {
  it('cut before the audit event is written: nothing is stored, and trying again approves once', async () => {
    const { ws, result, approve } = await approveWithCut({ text: '"AuditEvent"', forward: false });
    expectGenericRetryable(result);
    expect(await traces(ws.id)).toEqual(NONE);

    // The pool hands out a fresh connection; the same click now succeeds, once.
    const again = await approve();
    expect(again).toMatchObject({ ok: true, data: { status: 'ACTIVE' } });
    expect(await traces(ws.id)).toEqual(ALL);
  });

  it('cut as COMMIT is sent (never reaching the server): nothing is stored', async () => {
    const { ws, result, approve } = await approveWithCut({ text: 'COMMIT', forward: false });
    expectGenericRetryable(result);
    expect(await traces(ws.id)).toEqual(NONE);
    expect((await approve()).ok).toBe(true);
    expect(await traces(ws.id)).toEqual(ALL);
  });

  it('cut right after COMMIT reached the server: all of it is stored, and a retry is told it is already decided', async () => {
    const { ws, result, approve } = await approveWithCut({ text: 'COMMIT', forward: true });
    // The answer was lost with the connection, so the app cannot know it committed.
    expectGenericRetryable(result);
    // PostgreSQL finishes a COMMIT it has received, but on its own time: wait until no other
    // session of this database is still inside a transaction before reading what it kept.
    await until('the cut session to finish its COMMIT', async () => {
      const r = await direct.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
      );
      return r.rows[0].n === 0;
    });
    // All or nothing, never a part.
    const after = await traces(ws.id);
    expect([NONE, ALL]).toContainEqual(after);
    const again = await approve();
    if (after.status === 'ACTIVE') {
      expect(again).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
    } else {
      expect(again.ok).toBe(true);
    }
    expect(await traces(ws.id)).toEqual(ALL);
  });
});
