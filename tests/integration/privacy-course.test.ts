import { describe, expect, it } from 'vitest';
import { POST } from '@/app/api/webhooks/privacy-course/route';
import { signatureHeader } from '@/lib/hmac';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { takeDemoCourse } from '@/server/privacy-course/demo';
import { courseComplete } from '@/server/privacy-course/queries';
import { recordCompletionByHand, recordCompletionFromWebhook } from '@/server/privacy-course/service';
import { createEnrolment, signedDelivery } from '../factories/course-and-agreement';
import { ensurePerson } from '../factories/people';
import { fromNow, now, unixSeconds } from '../support/clock';

const secret = () => env().PRIVACY_COURSE_WEBHOOK_SECRET;
const ctx = { requestId: 'req-course-1', ip: '203.0.113.7' };
const URL_ = 'http://localhost:3000/api/webhooks/privacy-course';

async function personWithSubject() {
  const subject = `bcsc-${crypto.randomUUID()}`;
  const person = await ensurePerson(db(), { subject });
  return { person, subject };
}

const rows = (personId: string) => db().privacyCourseCompletion.count({ where: { personId } });
const events = (action: string, personId?: string) => db().auditEvent.count({ where: { action, ...(personId ? { personId } : {}) } });

async function expectRefused(p: Promise<unknown>, code: string, message?: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  expect((e as DomainError).code).toBe(code);
  if (message) expect((e as DomainError).message).toMatch(message);
  return e as DomainError;
}

describe('webhook delivery through recordCompletionFromWebhook', () => {
  it('records a good delivery once, audited as the learning platform', async () => {
    const { person, subject } = await personWithSubject();
    const completedAt = fromNow(-(60_000));
    const d = signedDelivery(secret(), { eventId: 'evt-good-1', subject, completedAt: completedAt.toISOString() });
    expect(await recordCompletionFromWebhook(d.body, d.header, now(), ctx)).toEqual({ status: 200, body: { status: 'recorded' } });

    const [row] = await db().privacyCourseCompletion.findMany({ where: { personId: person.id } });
    expect(row).toMatchObject({ source: 'WEBHOOK', externalEventId: 'evt-good-1', completedAt, recordedById: null });
    expect(await courseComplete(db(), person.id)).toBe(true);
    const [event] = await db().auditEvent.findMany({ where: { action: 'privacy_course.completed', personId: person.id } });
    expect(event).toMatchObject({
      actorType: 'SERVICE',
      actorId: null,
      actorLabel: 'learning platform',
      targetType: 'PERSON',
      targetId: person.id,
      requestId: 'req-course-1',
      ip: '203.0.113.7',
      after: { eventId: 'evt-good-1', source: 'WEBHOOK', completedAt: completedAt.toISOString() },
    });
  });

  it('a replay of the same event is a duplicate and writes nothing more', async () => {
    const { person, subject } = await personWithSubject();
    const d = signedDelivery(secret(), { eventId: 'evt-replay-1', subject });
    expect((await recordCompletionFromWebhook(d.body, d.header)).body).toEqual({ status: 'recorded' });
    // The same event again, freshly signed (a platform retry) and exactly as sent (a replay).
    const again = signedDelivery(secret(), { eventId: 'evt-replay-1', subject });
    expect(await recordCompletionFromWebhook(again.body, again.header)).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await recordCompletionFromWebhook(d.body, d.header)).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(await rows(person.id)).toBe(1);
    expect(await events('privacy_course.completed', person.id)).toBe(1);
  });

  it('five concurrent deliveries of one event record one row and one audit event', async () => {
    for (let round = 0; round < 3; round++) {
      const { person, subject } = await personWithSubject();
      const d = signedDelivery(secret(), { eventId: `evt-race-${round}-${crypto.randomUUID()}`, subject });
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => recordCompletionFromWebhook(d.body, d.header)));
      const answers = results.map((r) => (r.status === 'fulfilled' ? r.value.body : r.reason));
      expect(answers.filter((a) => JSON.stringify(a) === '{"status":"recorded"}')).toHaveLength(1);
      expect(answers.filter((a) => JSON.stringify(a) === '{"status":"duplicate"}')).toHaveLength(4);
      const [count] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "PrivacyCourseCompletion" WHERE "personId" = ${person.id}::uuid`;
      expect(Number(count!.n)).toBe(1);
      expect(await events('privacy_course.completed', person.id)).toBe(1);
    }
  });

  it.each([
    ['a wrong secret', (body: string) => signatureHeader('not-the-shared-secret-123', unixSeconds(), body)],
    ['a stale timestamp', (body: string) => signatureHeader(secret(), unixSeconds() - 3600, body)],
    ['a timestamp from the future', (body: string) => signatureHeader(secret(), unixSeconds() + 3600, body)],
    ['a malformed header', () => 'sha256=abc'],
    ['no header', () => null],
  ])('refuses %s with 401 and writes nothing', async (_name, header) => {
    const { person, subject } = await personWithSubject();
    const body = signedDelivery(secret(), { subject }).body;
    expect(await recordCompletionFromWebhook(body, header(body))).toEqual({ status: 401, body: { error: 'invalid_signature' } });
    expect(await rows(person.id)).toBe(0);
    expect(await events('privacy_course.completed', person.id)).toBe(0);
  });

  it('refuses a body changed after signing', async () => {
    const { person, subject } = await personWithSubject();
    const other = await personWithSubject();
    const d = signedDelivery(secret(), { subject });
    const tampered = d.body.replace(subject, other.subject);
    expect((await recordCompletionFromWebhook(tampered, d.header)).status).toBe(401);
    expect(await rows(person.id)).toBe(0);
    expect(await rows(other.person.id)).toBe(0);
  });

  it('refuses an oversize body with 413 before checking anything else', async () => {
    const { person, subject } = await personWithSubject();
    const d = signedDelivery(secret(), { subject, padding: 'x'.repeat(70 * 1024) });
    expect(await recordCompletionFromWebhook(d.body, d.header)).toEqual({ status: 413, body: { error: 'payload_too_large' } });
    expect(await rows(person.id)).toBe(0);
  });

  it.each([
    ['not JSON', '{"eventId": "evt-1", '],
    ['a JSON array', '[]'],
    ['an unknown field', JSON.stringify({ eventId: 'e-x1', subject: 's', completedAt: now().toISOString(), course: 'careconnect-privacy', score: 100 })],
    ['another course', JSON.stringify({ eventId: 'e-x2', subject: 's', completedAt: now().toISOString(), course: 'fire-safety' })],
    ['a completion date that is not a date', JSON.stringify({ eventId: 'e-x3', subject: 's', completedAt: 'yesterday', course: 'careconnect-privacy' })],
    ['an empty event id', JSON.stringify({ eventId: '', subject: 's', completedAt: now().toISOString(), course: 'careconnect-privacy' })],
    ['an event id over 200 characters', JSON.stringify({ eventId: 'e'.repeat(201), subject: 's', completedAt: now().toISOString(), course: 'careconnect-privacy' })],
    [
      'a completion far in the future',
      JSON.stringify({ eventId: 'e-x4', subject: 's', completedAt: fromNow(86_400_000).toISOString(), course: 'careconnect-privacy' }),
    ],
  ])('refuses a correctly signed payload with %s (400)', async (_name, body) => {
    const before = await db().privacyCourseCompletion.count();
    const header = signatureHeader(secret(), unixSeconds(), body);
    const r = await recordCompletionFromWebhook(body, header);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: 'invalid_payload' });
    expect(await db().privacyCourseCompletion.count()).toBe(before);
  });

  it('answers 202 for an unknown subject and records nothing about anyone', async () => {
    const before = { rows: await db().privacyCourseCompletion.count(), audit: await db().auditEvent.count() };
    const d = signedDelivery(secret(), { eventId: 'evt-unknown-1', subject: 'nobody-we-know' });
    expect(await recordCompletionFromWebhook(d.body, d.header)).toEqual({ status: 202, body: { status: 'unknown_subject' } });
    expect(await db().privacyCourseCompletion.count()).toBe(before.rows);
    expect(await db().auditEvent.count()).toBe(before.audit);
    // The event id is not burnt: once the person links their card, a redelivery records.
    const { person } = await personWithSubject();
    await db().loginAccount.updateMany({ where: { personId: person.id }, data: { subject: 'nobody-we-know' } });
    expect((await recordCompletionFromWebhook(d.body, d.header)).body).toEqual({ status: 'recorded' });
  });

  it('moves a submitted enrolment into review when the course was the last step', async () => {
    const { person, subject } = await personWithSubject();
    // A medical office assistant needs no HPCAA: the form and the course are all it takes.
    const enrolment = await createEnrolment(db(), { personId: person.id, status: 'SUBMITTED', profession: 'MEDICAL_OFFICE_ASSISTANT' });
    const d = signedDelivery(secret(), { subject });
    expect((await recordCompletionFromWebhook(d.body, d.header)).body).toEqual({ status: 'recorded' });
    expect((await db().enrolment.findUniqueOrThrow({ where: { id: enrolment.id } })).status).toBe('IN_REVIEW');
    expect(await events('enrolment.review_started', person.id)).toBe(1);
    expect(await db().outboxEmail.count({ where: { personId: person.id, toAddress: env().TEAM_MAILBOX } })).toBe(1);
  });
});

describe('webhook delivery through the route handler', () => {
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    POST(new Request(URL_, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, duplex: 'half' } as RequestInit));

  it('records a good delivery (200) and answers a replay as a duplicate', async () => {
    const { person, subject } = await personWithSubject();
    const d = signedDelivery(secret(), { subject });
    const res = await post(d.body, { 'X-CareConnect-Signature': d.header, 'x-request-id': 'route-req-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'recorded' });
    const replay = await post(d.body, { 'X-CareConnect-Signature': d.header });
    expect([replay.status, await replay.json()]).toEqual([200, { status: 'duplicate' }]);
    expect(await rows(person.id)).toBe(1);
    expect((await db().auditEvent.findFirstOrThrow({ where: { action: 'privacy_course.completed', personId: person.id } })).requestId).toBe(
      'route-req-1',
    );
  });

  it('refuses a missing or bad signature with 401 and writes nothing', async () => {
    const { person, subject } = await personWithSubject();
    const d = signedDelivery(secret(), { subject });
    const missing = await post(d.body);
    expect([missing.status, await missing.json()]).toEqual([401, { error: 'invalid_signature' }]);
    const bad = await post(d.body, { 'X-CareConnect-Signature': signatureHeader('wrong-secret-0123456789', unixSeconds(), d.body) });
    expect(bad.status).toBe(401);
    expect(await rows(person.id)).toBe(0);
  });

  it('refuses an oversize body with 413, whether it declares its length or streams it', async () => {
    const big = 'x'.repeat(65 * 1024);
    const declared = await post(big, { 'X-CareConnect-Signature': 't=1,v1=' + 'a'.repeat(64), 'content-length': String(big.length) });
    expect([declared.status, await declared.json()]).toEqual([413, { error: 'payload_too_large' }]);
    // A body that lies about its length (or has none) is still cut off while reading.
    const undeclared = await post(big);
    expect(undeclared.status).toBe(413);

    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 1000) return controller.close();
        controller.enqueue(new TextEncoder().encode('y'.repeat(1024)));
      },
    });
    const streamed = await post(stream);
    expect(streamed.status).toBe(413);
    // It stopped reading soon after the limit instead of buffering the whole body.
    expect(pulled).toBeLessThan(100);
  });

  it('answers malformed JSON with 400 and an unknown subject with 202', async () => {
    const body = '{not json';
    const res = await post(body, { 'X-CareConnect-Signature': signatureHeader(secret(), unixSeconds(), body) });
    expect([res.status, await res.json()]).toEqual([400, { error: 'invalid_payload' }]);
    const d = signedDelivery(secret(), { subject: 'unknown-subject-route' });
    const unknown = await post(d.body, { 'X-CareConnect-Signature': d.header });
    expect([unknown.status, await unknown.json()]).toEqual([202, { status: 'unknown_subject' }]);
  });
});

describe('recordCompletionByHand', () => {
  const input = (personId: string, extra: Record<string, unknown> = {}) => ({
    personId,
    completedAt: '2025-11-20', // before every instant the suite may start at
    reason: 'Certificate emailed by the person; the platform delivery was lost.',
    ...extra,
  });

  it('the enrolment team records a completion with a reason, audited as staff', async () => {
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const { person } = await personWithSubject();
    const r = await recordCompletionByHand(team.id, ['ENROLMENT_TEAM'], input(person.id), ctx, new Date('2026-11-22T18:00:00Z'));
    expect(r.completedAt.toISOString()).toBe('2025-11-20T20:00:00.000Z');
    const [row] = await db().privacyCourseCompletion.findMany({ where: { personId: person.id } });
    expect(row).toMatchObject({ source: 'MANUAL', recordedById: team.id, externalEventId: null, reason: input(person.id).reason });
    const [event] = await db().auditEvent.findMany({ where: { action: 'privacy_course.recorded_by_staff', personId: person.id } });
    expect(event).toMatchObject({ actorType: 'STAFF', actorId: team.id, targetId: person.id, after: { source: 'MANUAL', reason: input(person.id).reason } });
  });

  it('refuses non-staff, auditors and staff admins without the team role', async () => {
    const { person } = await personWithSubject();
    const nobody = await ensurePerson(db());
    await expectRefused(recordCompletionByHand(nobody.id, [], input(person.id), ctx), 'FORBIDDEN');
    await expectRefused(recordCompletionByHand(nobody.id, ['AUDITOR'], input(person.id), ctx), 'FORBIDDEN');
    await expectRefused(recordCompletionByHand(nobody.id, ['STAFF_ADMIN'], input(person.id), ctx), 'FORBIDDEN');
    expect(await rows(person.id)).toBe(0);
  });

  it('refuses recording one’s own completion', async () => {
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    await expectRefused(recordCompletionByHand(team.id, ['ENROLMENT_TEAM'], input(team.id), ctx), 'FORBIDDEN', /your own/);
    expect(await rows(team.id)).toBe(0);
  });

  it.each([
    ['no reason', { reason: undefined }, 'reason'],
    ['an empty reason', { reason: '   ' }, 'reason'],
    ['a reason too short to mean anything', { reason: 'ok' }, 'reason'],
    ['a date in the future', { completedAt: '2099-01-01' }, 'completedAt'],
    ['a date that is not a date', { completedAt: '20/11/2026' }, 'completedAt'],
    ['an unknown field', { source: 'WEBHOOK' }, null],
  ])('refuses %s as a validation error', async (_name, extra, field) => {
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const { person } = await personWithSubject();
    const e = await expectRefused(recordCompletionByHand(team.id, ['ENROLMENT_TEAM'], input(person.id, extra), ctx), 'VALIDATION');
    if (field) expect(Object.keys(e.fieldErrors ?? {})).toEqual([field]);
    else expect(e.message).toMatch(/source/);
    expect(await rows(person.id)).toBe(0);
  });

  it('refuses a second record (double submit) and an unknown person', async () => {
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const { person } = await personWithSubject();
    const results = await Promise.allSettled([
      recordCompletionByHand(team.id, ['ENROLMENT_TEAM'], input(person.id), ctx),
      recordCompletionByHand(team.id, ['ENROLMENT_TEAM'], input(person.id), ctx),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as DomainError).code).toBe('CONFLICT');
    expect(await rows(person.id)).toBe(1);
    await expectRefused(recordCompletionByHand(team.id, ['ENROLMENT_TEAM'], input(crypto.randomUUID()), ctx), 'NOT_FOUND');
  });
});

describe('demo course', () => {
  const right = { purpose: 'caring', sharing: 'own-account', breach: 'report' };
  // The demo calls the portal over HTTP; here that call reaches the same route handler in-process.
  const viaRoute: typeof fetch = (url, init) => POST(new Request(url as URL, init));

  it('is refused where the demo is not available', async () => {
    const { person } = await personWithSubject();
    await expectRefused(takeDemoCourse(person.id, right, { available: false, fetch: viaRoute }), 'NOT_FOUND');
    expect(await rows(person.id)).toBe(0);
  });

  it('marks each wrong answer and records nothing', async () => {
    const { person } = await personWithSubject();
    const e = await expectRefused(
      takeDemoCourse(person.id, { ...right, purpose: 'asked', breach: 'nothing' }, { available: true, fetch: viaRoute }),
      'VALIDATION',
    );
    expect(Object.keys(e.fieldErrors ?? {}).sort()).toEqual(['breach', 'purpose']);
    await expectRefused(takeDemoCourse(person.id, { purpose: 'caring' }, { available: true, fetch: viaRoute }), 'VALIDATION');
    expect(await rows(person.id)).toBe(0);
  });

  it('all right: posts a signed delivery to the webhook, which records a DEMO completion', async () => {
    const { person } = await personWithSubject();
    const calls: string[] = [];
    const spy: typeof fetch = (url, init) => {
      calls.push(`${String(url)} ${new Headers(init?.headers).get('x-careconnect-signature')?.slice(0, 2)}`);
      return viaRoute(url, init);
    };
    expect(await takeDemoCourse(person.id, right, { available: true, fetch: spy })).toEqual({ recorded: true });
    expect(calls).toEqual([`${env().APP_URL.replace(/\/$/, '')}/api/webhooks/privacy-course t=`]);
    const [row] = await db().privacyCourseCompletion.findMany({ where: { personId: person.id } });
    expect(row?.source).toBe('DEMO');
    expect(row?.externalEventId).toMatch(/^demo-/);
  });
});
