import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Profession, WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { findWorksites, LOOKUP_LIMIT } from '@/server/memberships/join-queries';
import { JOIN_NOT_FOUND_MESSAGE, requestToJoin } from '@/server/memberships/join-service';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';

const ctx = { requestId: 'req-join', ip: '203.0.113.9' };
const NOT_FOUND = { code: 'NOT_FOUND', message: JOIN_NOT_FOUND_MESSAGE };

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

const uniq = () => randomUUID().slice(0, 8);

/** An ACTIVE worksite with an unusual name (so lookups in this file do not collide) and one
 * active site admin; `status` makes a worksite in another state. */
async function worksite(status: WorksiteStatus = 'ACTIVE', name = `Cedar ${uniq()} Clinic`) {
  const admin = await ensurePerson(db(), { givenName: 'Sam', email: `sam-${uniq()}@example.com` });
  const ws = await createWorksite(db(), { creatorId: admin.id, status, operatingName: name });
  await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return { ws, admin };
}

async function personWith(profession: Profession | null, status: 'DRAFT' | 'SUBMITTED' = 'SUBMITTED') {
  const p = await ensurePerson(db(), { givenName: 'Jo', familyName: `Joiner ${uniq()}` });
  if (profession) await db().enrolment.create({ data: { personId: p.id, profession, status } });
  return p;
}

describe('request to join by Worksite ID', () => {
  it('creates a REQUESTED membership, its history, the audit event and an email to each site admin', async () => {
    const { ws, admin } = await worksite();
    const admin2 = await ensurePerson(db(), { givenName: 'Al', email: `al-${uniq()}@example.com` });
    await createMembership(db(), { worksiteId: ws.id, personId: admin2.id, siteAdmin: true });
    const me = await personWith('PHYSICIAN');
    // What people type: lower case, a space and a dash.
    const typed = `${ws.worksiteCode.slice(0, 3).toLowerCase()} ${ws.worksiteCode.slice(3, 5)}-${ws.worksiteCode.slice(5)}`;

    const r = await requestToJoin(me.id, { worksiteCode: typed, submissionKey: randomUUID() }, ctx);

    expect(r).toMatchObject({ worksiteName: ws.operatingName, worksiteCode: ws.worksiteCode });
    const m = await db().membership.findUniqueOrThrow({ where: { id: r.membershipId } });
    expect(m).toMatchObject({ personId: me.id, worksiteId: ws.id, status: 'REQUESTED', kind: 'INDEPENDENT', isSiteAdmin: false });
    const history = await db().membershipStatusChange.findMany({ where: { membershipId: m.id } });
    expect(history).toMatchObject([{ fromStatus: null, toStatus: 'REQUESTED', actorId: me.id }]);
    const events = await db().auditEvent.findMany({ where: { targetId: m.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'membership.requested',
      actorType: 'PERSON',
      actorId: me.id,
      worksiteId: ws.id,
      requestId: 'req-join',
    });

    const mails = await db().outboxEmail.findMany({ where: { worksiteId: ws.id }, orderBy: { toAddress: 'asc' } });
    const adminEmails = [admin.contactEmail, admin2.contactEmail].sort();
    expect(mails.map((x) => x.toAddress)).toEqual(adminEmails);
    for (const mail of mails) {
      expect(mail.template).toBe('membership.join_requested');
      expect(mail.subject).toContain(`Jo ${me.legalFamilyName} asked to join ${ws.operatingName}`);
      expect(mail.subject).toContain(`Worksite ID ${ws.worksiteCode}`);
      expect(mail.textBody).toContain(ws.worksiteCode);
      expect(mail.textBody).toContain(`/worksites/${ws.id}/members`);
    }
  });

  it('derives the kind from the enrolment profession (on-behalf-of for office assistants; independent without a submitted enrolment)', async () => {
    const { ws } = await worksite();
    const moa = await personWith('MEDICAL_OFFICE_ASSISTANT');
    const draft = await personWith('MEDICAL_OFFICE_ASSISTANT', 'DRAFT');
    const none = await personWith(null);
    const kindOf = async (personId: string) => {
      const r = await requestToJoin(personId, { worksiteId: ws.id }, ctx);
      return (await db().membership.findUniqueOrThrow({ where: { id: r.membershipId } })).kind;
    };
    expect(await kindOf(moa.id)).toBe('ON_BEHALF_OF');
    expect(await kindOf(draft.id)).toBe('INDEPENDENT');
    expect(await kindOf(none.id)).toBe('INDEPENDENT');
  });

  it('answers a worksite that is not ACTIVE exactly like an unknown Worksite ID, and writes nothing', async () => {
    const me = await personWith('PHYSICIAN');
    const unknown = await refusal(requestToJoin(me.id, { worksiteCode: 'ZZZZZZZ' }, ctx));
    expect(unknown).toEqual(NOT_FOUND);
    for (const status of ['INTAKE_SUBMITTED', 'AWAITING_DECLARATION', 'SUSPENDED', 'CLOSED', 'DECLINED'] as const) {
      const { ws } = await worksite(status);
      expect(await refusal(requestToJoin(me.id, { worksiteCode: ws.worksiteCode }, ctx))).toEqual(unknown);
      expect(await refusal(requestToJoin(me.id, { worksiteId: ws.id }, ctx))).toEqual(unknown);
    }
    expect(await refusal(requestToJoin(me.id, { worksiteId: randomUUID() }, ctx))).toEqual(unknown);
    expect(await refusal(requestToJoin(me.id, { worksiteId: 'not-a-uuid' }, ctx))).toEqual(unknown);
    expect(await db().membership.count({ where: { personId: me.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { actorId: me.id } })).toBe(0);
  });

  it('refuses a Worksite ID of the wrong shape with a field error', async () => {
    const me = await personWith(null);
    try {
      await requestToJoin(me.id, { worksiteCode: 'ABC' }, ctx);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('VALIDATION');
      expect((e as DomainError).fieldErrors?.worksiteCode).toMatch(/7 letters and numbers/);
    }
  });

  it('refuses a person who is already a member or already asked, with a clear message', async () => {
    const { ws } = await worksite();
    const cases = [
      ['ACTIVE', 'You are already a member of this worksite.'],
      ['INACTIVE', 'You are already a member of this worksite.'],
      ['REQUESTED', 'Your request is waiting for a site administrator.'],
      ['PENDING_REVIEW', 'You are already joining this worksite: the enrolment team is setting up your access.'],
      ['PENDING_SPONSOR', 'You are already joining this worksite: your membership is waiting for a sponsor.'],
    ] as const;
    for (const [status, message] of cases) {
      const p = await personWith(null);
      await createMembership(db(), { worksiteId: ws.id, personId: p.id, status });
      expect(await refusal(requestToJoin(p.id, { worksiteCode: ws.worksiteCode }, ctx))).toEqual({ code: 'CONFLICT', message });
      expect(await db().membership.count({ where: { personId: p.id } })).toBe(1);
    }
    // Asking twice with two different forms: the second is refused.
    const again = await personWith(null);
    await requestToJoin(again.id, { worksiteCode: ws.worksiteCode, submissionKey: randomUUID() }, ctx);
    expect(await refusal(requestToJoin(again.id, { worksiteCode: ws.worksiteCode, submissionKey: randomUUID() }, ctx))).toEqual({
      code: 'CONFLICT',
      message: 'Your request is waiting for a site administrator.',
    });
  });

  it('reopens an ENDED or DECLINED membership as a fresh request (no old role or locum flag)', async () => {
    const { ws } = await worksite();
    for (const status of ['ENDED', 'DECLINED'] as const) {
      const p = await personWith(null);
      const old = await db().membership.create({
        data: { worksiteId: ws.id, personId: p.id, status, kind: 'INDEPENDENT', isLocum: true, locumEndDate: new Date('2020-01-01') },
      });
      const r = await requestToJoin(p.id, { worksiteCode: ws.worksiteCode }, ctx);
      expect(r.membershipId).toBe(old.id);
      const m = await db().membership.findUniqueOrThrow({ where: { id: old.id } });
      expect(m).toMatchObject({ status: 'REQUESTED', isLocum: false, locumEndDate: null, isSiteAdmin: false });
      expect(await db().membershipStatusChange.findMany({ where: { membershipId: old.id } })).toMatchObject([
        { fromStatus: status, toStatus: 'REQUESTED' },
      ]);
    }
  });

  it('the same form sent twice at once makes one request, one audit event and one email per admin', async () => {
    for (let i = 0; i < 5; i++) {
      const { ws } = await worksite();
      const me = await personWith(null);
      const input = { worksiteCode: ws.worksiteCode, submissionKey: randomUUID() };
      const results = await Promise.allSettled([requestToJoin(me.id, input, ctx), requestToJoin(me.id, input, ctx)]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const ids = results.map((r) => (r as PromiseFulfilledResult<{ membershipId: string }>).value.membershipId);
      expect(ids[0]).toBe(ids[1]);
      expect(await db().membership.count({ where: { personId: me.id } })).toBe(1);
      expect(await db().auditEvent.count({ where: { action: 'membership.requested', actorId: me.id } })).toBe(1);
      expect(await db().outboxEmail.count({ where: { worksiteId: ws.id } })).toBe(1);
    }
  });

  it('two different forms at once still make one membership (the second is refused)', async () => {
    const { ws } = await worksite();
    const me = await personWith(null);
    const results = await Promise.allSettled([
      requestToJoin(me.id, { worksiteCode: ws.worksiteCode, submissionKey: randomUUID() }, ctx),
      requestToJoin(me.id, { worksiteCode: ws.worksiteCode, submissionKey: randomUUID() }, ctx),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(DomainError);
    expect((rejected.reason as DomainError).code).toBe('CONFLICT');
    expect(await db().membership.count({ where: { personId: me.id } })).toBe(1);
  });

  it('a submission key is never answered with another person’s result', async () => {
    const { ws } = await worksite();
    const a = await personWith(null);
    const b = await personWith(null);
    const submissionKey = randomUUID();
    await requestToJoin(a.id, { worksiteCode: ws.worksiteCode, submissionKey }, ctx);
    expect(await refusal(requestToJoin(b.id, { worksiteCode: ws.worksiteCode, submissionKey }, ctx))).toMatchObject({ code: 'CONFLICT' });
    expect(await db().membership.count({ where: { personId: b.id } })).toBe(0);
  });
});

describe('find a worksite by address', () => {
  it('finds ACTIVE worksites by street, city, postal code or name, with only the three public fields', async () => {
    const tag = uniq();
    const { ws } = await worksite('ACTIVE', `Maple ${tag} Health`);
    await db().worksite.update({
      where: { id: ws.id },
      data: { street: `77 Quillback ${tag} Road`, city: `Tofino${tag}`, postalCode: 'V0R 2Z0' },
    });
    const expected = {
      operatingName: `Maple ${tag} Health`,
      address: `77 Quillback ${tag} Road, Tofino${tag}, BC V0R 2Z0`,
      worksiteCode: ws.worksiteCode,
    };
    for (const query of [`maple ${tag}`, `quillback ${tag}`, `tofino${tag}`, `${tag} V0R2Z0`, `${tag} v0r 2z0`]) {
      const rows = await findWorksites({ query });
      expect(rows, query).toEqual([expected]);
      expect(Object.keys(rows[0]!).sort()).toEqual(['address', 'operatingName', 'worksiteCode']);
    }
  });

  it('never finds a worksite that is not ACTIVE', async () => {
    const tag = uniq();
    for (const status of ['INTAKE_SUBMITTED', 'DECLARATION_SUBMITTED', 'SUSPENDED', 'CLOSED'] as const) {
      await worksite(status, `Hidden ${tag} ${status}`);
    }
    const { ws } = await worksite('ACTIVE', `Hidden ${tag} Open`);
    const rows = await findWorksites({ query: `hidden ${tag}` });
    expect(rows.map((r) => r.worksiteCode)).toEqual([ws.worksiteCode]);
  });

  it('needs at least 3 characters, ignores LIKE wildcards and returns at most 20', async () => {
    await expect(findWorksites({ query: ' ab ' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { query: expect.stringMatching(/at least 3 characters/) },
    });
    expect(await findWorksites({ query: '%%%' })).toEqual([]);
    expect(await findWorksites({ query: '___' })).toEqual([]);
    const tag = uniq();
    for (let i = 0; i < LOOKUP_LIMIT + 3; i++) await worksite('ACTIVE', `Bulk ${tag} ${String(i).padStart(2, '0')}`);
    const rows = await findWorksites({ query: `bulk ${tag}` });
    expect(rows).toHaveLength(LOOKUP_LIMIT);
    expect(rows[0]!.operatingName).toBe(`Bulk ${tag} 00`);
  });

  it('a result can be joined with its Worksite ID', async () => {
    const tag = uniq();
    const { ws } = await worksite('ACTIVE', `Lookup ${tag} Clinic`);
    const me = await personWith(null);
    const [row] = await findWorksites({ query: `lookup ${tag}` });
    const r = await requestToJoin(me.id, { worksiteCode: row!.worksiteCode, submissionKey: randomUUID() }, ctx);
    expect(r.worksiteName).toBe(ws.operatingName);
    expect(await db().membership.count({ where: { personId: me.id, worksiteId: ws.id, status: 'REQUESTED' } })).toBe(1);
  });
});
