// Suspending the only active site admin of a worksite: the team member is told the consequence
// and must confirm with a second submit; the team's dashboard then lists the worksite in a queue
// of its own until someone there can administer it again (docs/decisions/020).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const signedIn = vi.hoisted(() => ({ id: null as string | null }));
vi.mock('@/server/auth/session-cookie', async () => (await import('../support/real-session')).signedInAs(signedIn));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

import { randomUUID } from 'node:crypto';
import type { WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { db } from '@/server/db';
import { reinstatePersonAction, suspendPersonAction } from '@/server/people/team-actions';
import { LastSiteAdminConfirmation, reinstatePerson, suspendPerson } from '@/server/people/team-service';
import { noSiteAdminCount, noSiteAdminPage } from '@/server/team/no-site-admin-queries';
import { ensurePerson } from '../factories/people';
import { addMember, createWorksite } from '../factories/worksites';
import { resetNow, setNow } from '../support/clock';
import { ctx, expectRefused, openSession, staffMember } from '../support/team';

const REASON = 'Licence under review by the college.';

beforeEach(() => {
  signedIn.id = null;
});

const person = (givenName = 'Maya') => ensurePerson(db(), { givenName, familyName: `Admin-${randomUUID().slice(0, 6)}` });

/** A worksite with these people as its site admins (the first registered it). */
async function clinic(admins: { id: string }[], status: WorksiteStatus = 'ACTIVE') {
  const ws = await createWorksite(db(), { creatorId: admins[0]!.id, status, operatingName: `Harbour ${randomUUID().slice(0, 6)}` });
  for (const a of admins) await addMember(db(), { worksiteId: ws.id, personId: a.id, siteAdmin: true });
  return ws;
}

async function asTeamMember() {
  const team = await staffMember(['ENROLMENT_TEAM'], 'Tess');
  signedIn.id = team.id;
  return team;
}

/** Everything a suspension writes, to show a question wrote none of it. */
async function traces(personId: string) {
  const [row] = await db().$queryRaw<{ status: string; changes: number; audits: number; emails: number; open: number }[]>`
    SELECT p.status::text,
      (SELECT count(*)::int FROM "PersonStatusChange" c WHERE c."personId" = p.id) AS changes,
      (SELECT count(*)::int FROM "AuditEvent" a WHERE a."personId" = p.id AND a.action = 'person.suspended') AS audits,
      (SELECT count(*)::int FROM "OutboxEmail" o WHERE o."personId" = p.id) AS emails,
      (SELECT count(*)::int FROM "Session" s WHERE s."personId" = p.id AND s."endedAt" IS NULL) AS open
    FROM "Person" p WHERE p.id = ${personId}::uuid`;
  return row!;
}

/** Active site admins of a worksite, counting only people who are active themselves. */
async function activeAdmins(worksiteId: string) {
  return db().membership.count({ where: { worksiteId, isSiteAdmin: true, status: 'ACTIVE', person: { status: 'ACTIVE' } } });
}

describe('suspending the only active site admin of a worksite', () => {
  it('first asks, naming the person, the worksite and its Worksite ID; nothing is done', async () => {
    const maya = await person();
    const ws = await clinic([maya]);
    await openSession(maya.id);
    await asTeamMember();

    const r = await suspendPersonAction({ personId: maya.id, reason: REASON });
    expect(r).toEqual({
      ok: false,
      code: 'LAST_SITE_ADMIN_CONFIRM',
      formError: `${displayName(maya)} is the only site administrator of ${ws.operatingName} (${ws.worksiteCode}); after suspension nobody can administer it. Suspend anyway?`,
      worksites: [{ id: ws.id, worksiteCode: ws.worksiteCode, operatingName: ws.operatingName }],
    });
    expect(await traces(maya.id)).toEqual({ status: 'ACTIVE', changes: 0, audits: 0, emails: 0, open: 1 });
  });

  it('suspends when confirmed, and the audit names the worksites left without an admin', async () => {
    const maya = await person();
    const ws = await clinic([maya]);
    await openSession(maya.id);
    const team = await asTeamMember();

    expect(await suspendPersonAction({ personId: maya.id, reason: REASON, confirmLastSiteAdmin: true })).toMatchObject({ ok: true, data: { status: 'SUSPENDED' } });
    expect(await traces(maya.id)).toEqual({ status: 'SUSPENDED', changes: 1, audits: 1, emails: 1, open: 0 });
    const ev = await db().auditEvent.findFirstOrThrow({ where: { action: 'person.suspended', personId: maya.id } });
    expect(ev).toMatchObject({ actorId: team.id, after: { status: 'SUSPENDED', worksitesLeftWithoutSiteAdmin: [ws.worksiteCode] } });
    // The membership row keeps its role (which is why the database trigger could not see this).
    expect(await db().membership.findFirstOrThrow({ where: { worksiteId: ws.id, personId: maya.id } })).toMatchObject({ status: 'ACTIVE', isSiteAdmin: true });
    expect(await activeAdmins(ws.id)).toBe(0);
  });

  it('a confirmation that is not a plain yes/no is refused as invalid, and nothing is done', async () => {
    const maya = await person();
    await clinic([maya]);
    await asTeamMember();
    expectRefused(await suspendPersonAction({ personId: maya.id, reason: REASON, confirmLastSiteAdmin: 'yes' }), 'VALIDATION');
    expect((await traces(maya.id)).status).toBe('ACTIVE');
  });

  it('does not ask while another active site admin remains', async () => {
    const maya = await person();
    const omar = await person('Omar');
    await clinic([maya, omar]);
    await asTeamMember();
    expect(await suspendPersonAction({ personId: maya.id, reason: REASON })).toMatchObject({ ok: true, data: { status: 'SUSPENDED' } });
    const ev = await db().auditEvent.findFirstOrThrow({ where: { action: 'person.suspended', personId: maya.id } });
    expect(ev.after).not.toHaveProperty('worksitesLeftWithoutSiteAdmin');
  });

  it('counts a co-admin who is suspended, or whose own membership is inactive, as no admin', async () => {
    const maya = await person();
    const omar = await person('Omar');
    const rita = await person('Rita');
    const ws = await clinic([maya, omar]);
    await addMember(db(), { worksiteId: ws.id, personId: rita.id, siteAdmin: true, status: 'INACTIVE' });
    await db().person.update({ where: { id: omar.id }, data: { status: 'SUSPENDED' } });
    await asTeamMember();
    const r = await suspendPersonAction({ personId: maya.id, reason: REASON });
    expectRefused(r, 'LAST_SITE_ADMIN_CONFIRM', new RegExp(`only site administrator of ${ws.operatingName} \\(${ws.worksiteCode}\\)`));
  });

  it('asks about worksites still registering or suspended, never about closed or declined ones', async () => {
    const maya = await person();
    const registering = await clinic([maya], 'AWAITING_DECLARATION');
    const suspended = await clinic([maya], 'SUSPENDED');
    await clinic([maya], 'CLOSED');
    await clinic([maya], 'DECLINED');
    await asTeamMember();
    const r = await suspendPersonAction({ personId: maya.id, reason: REASON });
    expect(r.ok).toBe(false);
    if (r.ok || !('worksites' in r)) throw new Error('expected the question');
    expect(r.worksites.map((w) => w.id).sort()).toEqual([registering.id, suspended.id].sort());
    expect(r.formError).toMatch(/ and .*; after suspension nobody can administer them\. Suspend anyway\?$/);
  });

  it('reinstating is never asked, and gives the worksite its admin back', async () => {
    const maya = await person();
    const ws = await clinic([maya]);
    await asTeamMember();
    await suspendPersonAction({ personId: maya.id, reason: REASON, confirmLastSiteAdmin: true });
    expect((await reinstatePersonAction({ personId: maya.id, reason: 'Cleared by the college.' })).ok).toBe(true);
    expect(await activeAdmins(ws.id)).toBe(1);
  });

  it('two team members suspending the two site admins at once: one is asked, the worksite keeps an admin (10 rounds)', async () => {
    const kim = await staffMember(['ENROLMENT_TEAM'], 'Kim');
    const lee = await staffMember(['AUDITOR'], 'Lee');
    for (let round = 0; round < 10; round++) {
      const a = await person('Ann');
      const b = await person('Bob');
      const ws = await clinic([a, b]);
      const results = await Promise.allSettled([
        suspendPerson(kim, { personId: a.id, reason: REASON }, ctx),
        suspendPerson(lee, { personId: b.id, reason: REASON }, ctx),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled'), `round ${round}`).toHaveLength(1);
      const asked = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
      expect(asked).toBeInstanceOf(LastSiteAdminConfirmation);
      expect((asked as DomainError).code).toBe('CONFLICT');
      expect(await activeAdmins(ws.id)).toBe(1);
      const suspended = await db().person.count({ where: { id: { in: [a.id, b.id] }, status: 'SUSPENDED' } });
      expect(suspended).toBe(1);
    }
  });
});

describe('the dashboard queue "Worksites with no active site admin"', () => {
  it('counts them with the age of the oldest, lists them longest first with their admins, pages, and drops one that has an admin again', async () => {
    const team = await staffMember(['ENROLMENT_TEAM'], 'Tess');
    const before = await noSiteAdminCount(team);

    // Older than anything else in this file's database: a Monday in June 2025.
    const maya = await person();
    const older = await clinic([maya]);
    setNow(new Date('2025-06-02T10:00:00-07:00'));
    await suspendPerson(team, { personId: maya.id, reason: REASON, confirmLastSiteAdmin: true }, ctx);
    resetNow();
    // Two admins, both suspended one after the other.
    const ann = await person('Ann');
    const bob = await person('Bob');
    const newer = await clinic([ann, bob]);
    await suspendPerson(team, { personId: ann.id, reason: REASON }, ctx);
    await suspendPerson(team, { personId: bob.id, reason: REASON, confirmLastSiteAdmin: true }, ctx);
    // Not in the queue: a closed worksite, and one whose other admin is active.
    const cleo = await person('Cleo');
    await clinic([cleo], 'CLOSED');
    await suspendPerson(team, { personId: cleo.id, reason: REASON }, ctx);
    const dan = await person('Dan');
    await clinic([dan, await person('Eve')]);
    await suspendPerson(team, { personId: dan.id, reason: REASON }, ctx);

    // Eight BC business days after that Monday (no holiday in between): long overdue.
    const counted = await noSiteAdminCount(team, new Date('2025-06-12T10:00:00-07:00'));
    expect(counted).toMatchObject({ count: before.count + 2, oldestDays: 8, oldestTone: 'red' });
    // The test clock runs on from the instant it was set to.
    expect(counted.oldestAt!.getTime() - new Date('2025-06-02T10:00:00-07:00').getTime()).toBeGreaterThanOrEqual(0);
    expect(counted.oldestAt!.getTime() - new Date('2025-06-02T10:00:00-07:00').getTime()).toBeLessThan(60_000);

    const page = await noSiteAdminPage(team, { pageSize: 500 });
    const ids = page.rows.map((r) => r.id);
    expect(ids).toContain(older.id);
    expect(ids).toContain(newer.id);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
    expect(page.rows.find((r) => r.id === newer.id)).toMatchObject({
      worksiteCode: newer.worksiteCode,
      operatingName: newer.operatingName,
      statusLabel: 'Active',
      admins: expect.arrayContaining([
        { id: ann.id, name: displayName(ann), statusLabel: 'Suspended' },
        { id: bob.id, name: displayName(bob), statusLabel: 'Suspended' },
      ]),
    });

    // Keyset pages of one: every row once, in the same order.
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const p: Awaited<ReturnType<typeof noSiteAdminPage>> = await noSiteAdminPage(team, { pageSize: 1, after });
      seen.push(...p.rows.map((r) => r.id));
      after = p.nextCursor;
    } while (after);
    expect(seen).toEqual(ids);

    await reinstatePerson(team, { personId: bob.id, reason: 'Cleared by the college.' }, ctx);
    expect((await noSiteAdminCount(team)).count).toBe(before.count + 1);
    expect((await noSiteAdminPage(team, { pageSize: 500 })).rows.map((r) => r.id)).not.toContain(newer.id);
  });

  it('is for staff only', async () => {
    const nobody = await staffMember([], 'Nora');
    await expect(noSiteAdminCount(nobody)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(noSiteAdminPage(nobody)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(noSiteAdminCount(null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
