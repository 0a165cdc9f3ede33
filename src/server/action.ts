import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { ActionResult } from '@/lib/action-result';
import { DomainError } from '@/lib/errors';
import { log } from './log';
export { parseInput } from './parse-input';
import { requestContext } from './request-context';

/** Turns the outcome of an action into an ActionResult. Expected refusals keep their message;
 * anything else is logged with a correlation id and shown as a generic message. */
export async function runAction<T>(name: string, fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    unstable_rethrow(e); // redirect() and notFound() are control flow, not failures
    if (e instanceof DomainError) {
      return { ok: false, code: e.code, formError: e.message, fieldErrors: e.fieldErrors };
    }
    const correlationId = randomUUID().slice(0, 8).toUpperCase();
    const { requestId } = await requestContext();
    log.error('action failed', { action: name, correlationId, requestId, error: e });
    return {
      ok: false,
      code: 'UNEXPECTED',
      formError: 'Something went wrong on our side and nothing was saved. Please try again.',
      correlationId,
    };
  }
}
