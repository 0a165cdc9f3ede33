import 'server-only';
import { randomUUID } from 'node:crypto';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { verifySignature } from '@/lib/hmac';
import { DomainError } from '@/lib/errors';
import { parseInput } from '../action';
import { pacificLongDate } from '../agreements/rules';
import { audit } from '../audit';
import { db, type Tx } from '../db';
import { maybeStartReview } from '../enrolments/progress';
import { env } from '../env';
import { log } from '../log';
import { requireDecider } from '../decisions/caller';
import type { AuditContext as Ctx } from '../request-context';
import { manualCompletionSchema, webhookPayloadSchema, type ManualCompletionInput } from './schema';
import { clock } from '@/lib/clock';

// Step 3 of the checklist (SPEC §7): the learning platform reports completions through a signed
// webhook; the enrolment team can record one by hand, with a reason.


export const WEBHOOK_MAX_BYTES = 64 * 1024;
/** The label audit rows carry for deliveries from the learning platform. */
const PLATFORM = 'learning platform';
// The demo course marks its own deliveries so the record says where a completion came from.
export const DEMO_EVENT_PREFIX = 'demo-';
// A completion reported a little ahead of our clock is clock skew; further ahead is a bad payload.
const FUTURE_SKEW_MS = 5 * 60_000;

export type WebhookOutcome =
  | { status: 200; body: { status: 'recorded' | 'duplicate' } }
  | { status: 202; body: { status: 'unknown_subject' } }
  | { status: 400; body: { error: 'invalid_payload'; fields?: string[] } }
  | { status: 401; body: { error: 'invalid_signature' } }
  | { status: 413; body: { error: 'payload_too_large' } };

const invalidPayload = (fields?: string[]): WebhookOutcome => ({
  status: 400,
  body: fields ? { error: 'invalid_payload', fields } : { error: 'invalid_payload' },
});

/**
 * One delivery from the learning platform, from its raw body (the signature covers the exact
 * bytes, so nothing may parse or re-serialise it first). Idempotent on the event id, including
 * concurrent deliveries of one event: the unique index decides, and the losers see a duplicate.
 */
export async function recordCompletionFromWebhook(
  rawBody: string,
  header: string | null,
  now: Date = clock.now(),
  context?: Ctx,
): Promise<WebhookOutcome> {
  const ctx: Ctx = context ?? { requestId: randomUUID(), ip: null };
  if (Buffer.byteLength(rawBody, 'utf8') > WEBHOOK_MAX_BYTES) {
    log.warn('privacy-course webhook refused', { reason: 'too_large', requestId: ctx.requestId });
    return { status: 413, body: { error: 'payload_too_large' } };
  }
  const check = verifySignature({ secret: env().PRIVACY_COURSE_WEBHOOK_SECRET, header, rawBody, now });
  if (!check.ok) {
    log.warn('privacy-course webhook refused', { reason: check.reason, requestId: ctx.requestId, ip: ctx.ip });
    return { status: 401, body: { error: 'invalid_signature' } };
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    log.warn('privacy-course webhook refused', { reason: 'not_json', requestId: ctx.requestId });
    return invalidPayload();
  }
  const parsed = webhookPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))];
    log.warn('privacy-course webhook refused', { reason: 'bad_shape', fields, requestId: ctx.requestId });
    return invalidPayload(fields);
  }
  const payload = parsed.data;
  const completedAt = new Date(payload.completedAt);
  if (completedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) {
    log.warn('privacy-course webhook refused', { reason: 'completed_in_future', eventId: payload.eventId, requestId: ctx.requestId });
    return invalidPayload(['completedAt']);
  }

  // Most replays stop here without a transaction.
  if (await db().privacyCourseCompletion.findUnique({ where: { externalEventId: payload.eventId }, select: { id: true } })) {
    return { status: 200, body: { status: 'duplicate' } };
  }
  const account = await db().loginAccount.findUnique({
    where: { provider_subject: { provider: 'bcsc', subject: payload.subject } },
    select: { personId: true },
  });
  if (!account) {
    // Nothing is stored about someone we do not know; the platform may deliver again later.
    log.warn('privacy-course webhook: unknown subject', { eventId: payload.eventId, requestId: ctx.requestId });
    return { status: 202, body: { status: 'unknown_subject' } };
  }

  const source = payload.eventId.startsWith(DEMO_EVENT_PREFIX) ? 'DEMO' : 'WEBHOOK';
  const recorded = await db().$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent delivery of the same event waits here for the first
    // one to commit, then inserts nothing.
    const r = await tx.privacyCourseCompletion.createMany({
      data: [{ personId: account.personId, source, externalEventId: payload.eventId, completedAt }],
      skipDuplicates: true,
    });
    if (r.count === 0) return false;
    await audit(tx, {
      actor: { type: 'SERVICE', label: PLATFORM },
      action: 'privacy_course.completed',
      target: { type: 'PERSON', id: account.personId },
      personId: account.personId,
      after: { eventId: payload.eventId, completedAt: completedAt.toISOString(), source },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    await maybeStartReview(tx, account.personId, { ...ctx, now });
    return true;
  });
  if (recorded) log.info('privacy-course completion recorded', { eventId: payload.eventId, source, requestId: ctx.requestId });
  return { status: 200, body: { status: recorded ? 'recorded' : 'duplicate' } };
}

/** Serialises the team's manual records for one person, so a double submit records once. */
async function lockCourseOf(tx: Tx, personId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('privacy-course'), hashtext(${personId}))`;
}

/** Manual completions are dated at noon Pacific, so the date reads the same in any zone. */
const noonPacific = (date: string) => new Date(`${date}T12:00:00-08:00`);

/**
 * The enrolment team records a completion by hand (e.g. the platform's delivery was lost and the
 * person showed their certificate). Only the enrolment team, never for themselves, with a reason.
 */
export async function recordCompletionByHand(
  staffPersonId: string,
  staffRoles: readonly StaffRoleKind[],
  input: ManualCompletionInput,
  ctx: Ctx,
  now: Date = clock.now(),
): Promise<{ completedAt: Date }> {
  requireDecider({ id: staffPersonId, staffRoles }, 'course.record', 'Only the enrolment team can record a course completion.');
  const values = parseInput(manualCompletionSchema, input);
  if (values.personId === staffPersonId) {
    throw new DomainError('FORBIDDEN', 'You cannot record your own course completion. Ask another member of the team.');
  }
  const completedAt = noonPacific(values.completedAt);
  if (completedAt.getTime() > now.getTime() + 24 * 3600_000) {
    throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
      completedAt: 'The completion date cannot be in the future.',
    });
  }
  return db().$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { id: values.personId }, select: { id: true } });
    if (!person) throw new DomainError('NOT_FOUND', 'We could not find that person.');
    await lockCourseOf(tx, person.id);
    const existing = await tx.privacyCourseCompletion.findFirst({
      where: { personId: person.id },
      orderBy: { completedAt: 'asc' },
    });
    if (existing) {
      throw new DomainError(
        'CONFLICT',
        `The privacy course is already recorded as completed on ${pacificLongDate(existing.completedAt)}.`,
      );
    }
    await tx.privacyCourseCompletion.create({
      data: { personId: person.id, source: 'MANUAL', completedAt, recordedById: staffPersonId, reason: values.reason },
    });
    await audit(tx, {
      actor: { type: 'STAFF', personId: staffPersonId },
      action: 'privacy_course.recorded_by_staff',
      target: { type: 'PERSON', id: person.id },
      personId: person.id,
      after: { completedAt: completedAt.toISOString(), source: 'MANUAL', reason: values.reason },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    await maybeStartReview(tx, person.id, { ...ctx, now });
    return { completedAt };
  });
}
