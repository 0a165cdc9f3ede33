import { describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { audit } from '@/server/audit';
import { sealAll } from '@/server/audit-sealer';
import { verifyAuditChain } from '@/server/audit-verify';
import { auditSealStatus, recordAuditView, searchAudit, type AuditFilters } from '@/server/audit-viewer/queries';
import { AUDIT_PAGE_SIZE } from '@/server/audit-viewer/rules';
import { db } from '@/server/db';
import { ensurePerson } from '../factories/people';
import { now } from '../support/clock';

async function staff(roles: StaffRoleKind[]) {
  const p = await ensurePerson(db(), { staffRoles: roles });
  return { id: p.id, staffRoles: roles };
}

async function addEvents(n: number, e: { action: string; actorId: string; personId?: string; worksiteId?: string }) {
  await db().$transaction(async (tx) => {
    for (let i = 0; i < n; i++)
      await audit(tx, {
        actor: { type: 'STAFF', personId: e.actorId },
        action: e.action,
        target: { type: 'PERSON', id: e.personId ?? null },
        personId: e.personId,
        worksiteId: e.worksiteId,
        requestId: `req-${i}`,
      });
  });
}

async function allPages(viewer: { id: string; staffRoles: StaffRoleKind[] }, f: AuditFilters, between?: () => Promise<void>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await searchAudit(viewer, { ...f, cursor });
    expect(page.rows.length).toBeLessThanOrEqual(AUDIT_PAGE_SIZE);
    ids.push(...page.rows.map((r) => r.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
    if (between) await between();
  } while (cursor && pages < 100);
  return { ids, pages };
}

const pacificToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Vancouver' }).format(now());

describe('audit viewer', () => {
  it('keyset paging returns every matching row exactly once, newest first, while events keep arriving', async () => {
    const auditor = await staff(['AUDITOR']);
    const subject = await ensurePerson(db());
    await addEvents(123, { action: 'test.paging.step', actorId: auditor.id, personId: subject.id });
    const expected = (
      await db().auditEvent.findMany({ where: { personId: subject.id, action: { startsWith: 'test.paging.' } }, orderBy: { id: 'desc' } })
    ).map((e) => e.id.toString());
    expect(expected).toHaveLength(123);

    const { ids, pages } = await allPages(auditor, { personId: subject.id, action: 'test.paging.' }, () =>
      addEvents(7, { action: 'test.paging.late', actorId: auditor.id, personId: subject.id }),
    );
    expect(pages).toBe(3);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('filters by actor, action, worksite, person and Pacific date', async () => {
    const viewer = await staff(['STAFF_ADMIN']);
    const actorA = await staff(['ENROLMENT_TEAM']);
    const actorB = await staff(['ENROLMENT_TEAM']);
    const person = await ensurePerson(db());
    const worksiteId = crypto.randomUUID();
    await addEvents(3, { action: 'test.filter.a', actorId: actorA.id, worksiteId });
    await addEvents(2, { action: 'test.filter.b', actorId: actorB.id, personId: person.id });

    const byActor = await searchAudit(viewer, { actorId: actorA.id });
    expect(byActor.rows.map((r) => r.action)).toEqual(['test.filter.a', 'test.filter.a', 'test.filter.a']);
    expect(byActor.rows[0]).toMatchObject({ actorType: 'STAFF', actorName: expect.stringContaining('Test'), worksiteId });
    expect((await searchAudit(viewer, { action: 'test.filter.b' })).rows.every((r) => r.actorId === actorB.id)).toBe(true);
    expect((await searchAudit(viewer, { worksiteId })).rows).toHaveLength(3);
    expect((await searchAudit(viewer, { personId: person.id })).rows).toHaveLength(2);
    expect((await searchAudit(viewer, { actorId: actorA.id, from: pacificToday(), to: pacificToday() })).rows).toHaveLength(3);
    expect((await searchAudit(viewer, { actorId: actorA.id, to: '2020-01-01' })).rows).toHaveLength(0);
    expect((await searchAudit(viewer, { actorId: actorA.id, from: '2999-01-01' })).rows).toHaveLength(0);
  });

  it('refuses the enrolment team and non-staff, and audits each view', async () => {
    for (const roles of [['ENROLMENT_TEAM'], []] as StaffRoleKind[][]) {
      const caller = await staff(roles);
      await expect(searchAudit(caller, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(recordAuditView(caller, {})).rejects.toBeInstanceOf(DomainError);
      expect(await db().auditEvent.count({ where: { actorId: caller.id } })).toBe(0);
    }
    const auditor = await staff(['AUDITOR']);
    await recordAuditView(auditor, { action: 'staff.' }, { requestId: 'req-view' });
    const [viewed] = await db().auditEvent.findMany({ where: { actorId: auditor.id, action: 'audit.viewed' } });
    expect(viewed).toMatchObject({ actorType: 'STAFF', requestId: 'req-view', after: { filters: { action: 'staff.' } } });
  });

  it('verifying the chain reports it intact with every event counted, sealed and checkpointed', async () => {
    await sealAll();
    const r = await verifyAuditChain();
    const count = await db().auditEvent.count();
    expect(r).toEqual({ ok: true, count, sealed: count, checkpoints: await db().auditCheckpoint.count(), oldestUnsealedSeconds: 0 });
    expect(r.ok && r.count).toBeGreaterThan(0);
  });

  it('shows each row sealed (its sequence number) or waiting, and the latest signed checkpoint', async () => {
    const auditor = await staff(['AUDITOR']);
    const subject = await ensurePerson(db());
    await sealAll();
    await addEvents(2, { action: 'test.sealing.before', actorId: auditor.id, personId: subject.id });
    const waiting = await searchAudit(auditor, { personId: subject.id });
    expect(waiting.rows.map((r) => r.seq)).toEqual([null, null]);
    const behind = await auditSealStatus(auditor);
    expect(behind.oldestUnsealedSeconds).toBeGreaterThanOrEqual(0);

    await sealAll({ now: now() });
    const sealed = await searchAudit(auditor, { personId: subject.id });
    const stored = await db().auditEvent.findMany({ where: { personId: subject.id }, orderBy: { id: 'desc' } });
    expect(sealed.rows.map((r) => r.seq)).toEqual(stored.map((e) => e.seq!.toString()));
    expect(Number(sealed.rows[0]!.seq)).toBe(Number(sealed.rows[1]!.seq) + 1);

    const latest = await db().auditCheckpoint.findFirst({ orderBy: { seq: 'desc' } });
    const status = await auditSealStatus(auditor);
    expect(status).toEqual({
      checkpoint: { seq: latest!.seq.toString(), headHash: latest!.headHash, signedAt: latest!.signedAt, keyId: latest!.keyId },
      oldestUnsealedSeconds: 0,
    });
    expect(BigInt(status.checkpoint!.seq)).toBeGreaterThanOrEqual(BigInt(sealed.rows[0]!.seq!));
    expect(status.checkpoint!.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(status).not.toHaveProperty('checkpoint.signature');
  });

  it('refuses the seal status to the enrolment team and non-staff', async () => {
    for (const roles of [['ENROLMENT_TEAM'], []] as StaffRoleKind[][]) {
      await expect(auditSealStatus(await staff(roles))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(auditSealStatus(null)).rejects.toBeInstanceOf(DomainError);
  });
});
