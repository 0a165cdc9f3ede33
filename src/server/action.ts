import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { ActionResult } from '@/lib/action-result';
import { DomainError } from '@/lib/errors';
import { newReference, UNAVAILABLE_MESSAGE } from '@/lib/unavailable';
import { logFor } from './log';
import { DatabaseUnavailableError, isDatabaseUnreachable } from './outage';
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
    const log = logFor(await requestContext());
    // The database could not be reached before anything was attempted (checking who is signed
    // in comes first): nothing was saved and the person stays signed in.
    if (e instanceof DatabaseUnavailableError) {
      log.error('action unavailable: database unreachable', { action: name, correlationId: e.reference, error: e.cause });
      return { ok: false, code: 'UNAVAILABLE', formError: UNAVAILABLE_MESSAGE, correlationId: e.reference };
    }
    const correlationId = newReference();
    log.error('action failed', { action: name, correlationId, error: e });
    return {
      ok: false,
      code: 'UNEXPECTED',
      // A connection lost mid-action may have dropped after the database committed (it finishes
      // a COMMIT it received), so "nothing was saved" would be untrue: say we cannot tell.
      formError: isDatabaseUnreachable(e)
        ? 'We lost contact with our database, so we cannot tell whether this was saved. Reload the page to check, then try again if needed.'
        : 'Something went wrong on our side and nothing was saved. Please try again.',
      correlationId,
    };
  }
}
