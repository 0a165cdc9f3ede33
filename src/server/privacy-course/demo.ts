import 'server-only';
import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, signatureHeader } from '@/lib/hmac';
import { DomainError } from '@/lib/errors';
import { parseInput } from '../action';
import { db } from '../db';
import { env } from '../env';
import { log } from '../log';
import { demoCourseAvailable } from './queries';
import { demoCourseSchema, PRIVACY_COURSE_ID, type DemoCourseValues } from './schema';
import { DEMO_EVENT_PREFIX } from './service';
import { clock } from '@/lib/clock';

// The built-in demo course (demo mode and development only). It stands in for the external
// learning platform and reports a pass exactly as the platform would: a signed HTTP call to the
// portal's own webhook, so demos exercise the real path.

const ANSWER_KEY: Record<keyof DemoCourseValues, { correct: string; explanation: string }> = {
  purpose: { correct: 'caring', explanation: 'Not quite. You may look up a record only to care for that person.' },
  sharing: {
    correct: 'own-account',
    explanation: 'Not quite. Accounts and sessions are never shared; everyone signs in as themselves.',
  },
  breach: {
    correct: 'report',
    explanation: 'Not quite. Report a possible breach right away, even if it was an accident.',
  },
};

/** Wrong answers, keyed by question, with what to reconsider; empty when all are right. */
export function gradeDemoCourse(values: DemoCourseValues): Record<string, string> {
  const wrong: Record<string, string> = {};
  for (const [key, { correct, explanation }] of Object.entries(ANSWER_KEY)) {
    if (values[key as keyof DemoCourseValues] !== correct) wrong[key] = explanation;
  }
  return wrong;
}

export const WEBHOOK_PATH = '/api/webhooks/privacy-course';

type Deps = { fetch?: typeof fetch; available?: boolean; now?: Date };

/**
 * Grades the answers; when all are right, reports the completion to the portal's webhook over
 * HTTP, signed with the shared secret. Refused (as if it did not exist) outside demo and
 * development.
 */
export async function takeDemoCourse(personId: string, input: unknown, deps: Deps = {}): Promise<{ recorded: true }> {
  if (!(deps.available ?? demoCourseAvailable())) {
    throw new DomainError('NOT_FOUND', 'The demo course is not available here. Take the course on the learning platform.');
  }
  const values = parseInput(demoCourseSchema, input);
  const wrong = gradeDemoCourse(values);
  if (Object.keys(wrong).length > 0) {
    throw new DomainError('VALIDATION', 'Some answers are not right yet. Read the notes next to them and try again.', wrong);
  }
  const account = await db().loginAccount.findFirst({
    where: { personId, provider: 'bcsc' },
    orderBy: { createdAt: 'asc' },
    select: { subject: true },
  });
  if (!account) throw new DomainError('NOT_FOUND', 'We could not find your BC Services Card link. Sign in again.');

  const now = deps.now ?? clock.now();
  const body = JSON.stringify({
    eventId: `${DEMO_EVENT_PREFIX}${randomUUID()}`,
    subject: account.subject,
    completedAt: now.toISOString(),
    course: PRIVACY_COURSE_ID,
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  const url = new URL(WEBHOOK_PATH, env().APP_URL);
  const res = await (deps.fetch ?? fetch)(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      [SIGNATURE_HEADER]: signatureHeader(env().PRIVACY_COURSE_WEBHOOK_SECRET, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await res.json().catch(() => null)) as { status?: string } | null;
  if (res.status !== 200 || (answer?.status !== 'recorded' && answer?.status !== 'duplicate')) {
    log.error('demo course: the webhook did not record the completion', { status: res.status, answer });
    throw new Error(`Webhook answered ${res.status}`);
  }
  return { recorded: true };
}
