import 'server-only';
import { randomUUID } from 'node:crypto';
import { unstable_rethrow } from 'next/navigation';
import type { ActionResult } from '@/lib/action-result';
import { DomainError } from '@/lib/errors';
import { log } from './log';
export { parseInput } from './parse-input';
import { requestContext } from './request-context';

// A connection lost mid-request may have dropped after the database committed (it finishes a
// COMMIT it received), so "nothing was saved" would be untrue: say we cannot tell.
const CONNECTION_LOST =
  /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|Can't reach database|connection timeout|Server has closed the connection/i;

function connectionLost(e: unknown): boolean {
  for (let c = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) {
    if (CONNECTION_LOST.test(c.message) || CONNECTION_LOST.test(String((c as { code?: unknown }).code ?? ''))) return true;
  }
  return false;
}

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
      formError: connectionLost(e)
        ? 'We lost contact with our database, so we cannot tell whether this was saved. Reload the page to check, then try again if needed.'
        : 'Something went wrong on our side and nothing was saved. Please try again.',
      correlationId,
    };
  }
}
