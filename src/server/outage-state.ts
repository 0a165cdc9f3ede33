import 'server-only';

// Whether this app instance knows the database to be unreachable right now. Kept on globalThis:
// the proxy and the pages are bundled separately but run in one process, and both read it.

/** Set by the proxy on page requests it answers with 503 during an outage: the address to send
 * such a page back to when the outage is only noticed while rendering it (see session.ts). */
export const OUTAGE_RETURN_HEADER = 'x-cc-outage-return';

export type Outage = {
  /** performance.now() when it was noticed. */
  since: number;
  /** Pages answer 503 at least until then, even if the database answers sooner (see outage.ts). */
  holdUntil: number;
  /** The reference and error of the request that noticed it, for the log. */
  reference: string;
  detail: string;
};

const g = globalThis as unknown as { __ccOutage?: Outage | null };

export const currentOutage = (): Outage | null => g.__ccOutage ?? null;

/** Records an outage, or extends the hold of the one already known; true when it is news. */
export function recordOutage(reference: string, detail: string, holdMs: number): boolean {
  const now = performance.now();
  const known = g.__ccOutage;
  if (known) {
    known.holdUntil = Math.max(known.holdUntil, now + holdMs);
    return false;
  }
  g.__ccOutage = { since: now, holdUntil: now + holdMs, reference, detail };
  return true;
}

export function endOutage(): Outage | null {
  const ended = g.__ccOutage ?? null;
  g.__ccOutage = null;
  return ended;
}
