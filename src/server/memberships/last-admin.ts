import 'server-only';
import { DomainError } from '@/lib/errors';
import { LAST_SITE_ADMIN_MESSAGE } from '../worksites/rules';

/** The database trigger's refusal, however deep the driver wraps it. */
export function isLastSiteAdminError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 5) return false;
  const o = e as { message?: unknown; cause?: unknown; meta?: unknown };
  if (typeof o.message === 'string' && o.message.includes('LAST_SITE_ADMIN')) return true;
  if (o.meta && JSON.stringify(o.meta).includes('LAST_SITE_ADMIN')) return true;
  return isLastSiteAdminError(o.cause, depth + 1);
}

/**
 * Runs a write that may take away a site admin. The service checks the rule first for a clear
 * message; this maps the trigger's refusal (the last line of defence, e.g. a path that did not
 * lock the worksite) to the same refusal instead of a server error.
 */
export async function guardLastSiteAdmin<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isLastSiteAdminError(e)) throw new DomainError('LAST_SITE_ADMIN', LAST_SITE_ADMIN_MESSAGE);
    throw e;
  }
}
