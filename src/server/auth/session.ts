import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import type { Tx } from '../db';
import {
  DatabaseUnavailableError,
  databaseKnownDown,
  isDatabaseUnreachable,
  knownOutageError,
  noteDatabaseUnreachable,
  awaitDatabase,
} from '../outage';
import { OUTAGE_RETURN_HEADER } from '../outage-state';
import { sessionViewer } from './session-cookie';
import type { ViewerMembership, ViewerPerson } from './viewer-row';
import { clock } from '@/lib/clock';

export type CurrentPerson = {
  id: string;
  displayName: string;
  staffRoles: StaffRoleKind[];
  /** Open memberships, read in the same statement as the session (the viewer needs them). */
  memberships?: ViewerMembership[];
};

const asCurrent = (p: ViewerPerson): CurrentPerson | null =>
  p.status === 'ACTIVE'
    ? { id: p.id, displayName: p.displayName, staffRoles: p.staffRoles, memberships: p.memberships }
    : null;

async function lookUp(): Promise<CurrentPerson | null> {
  const p = await sessionViewer();
  return p ? asCurrent(p) : null;
}

/**
 * A page cannot set its own status, so a page request is sent back to its own address, which
 * the proxy (having marked the request) now answers with a 503. Actions and route handlers
 * answer for themselves: the error reaches runAction or the handler.
 */
async function returnPageToProxy(): Promise<void> {
  let back: string | null;
  try {
    back = (await headers()).get(OUTAGE_RETURN_HEADER);
  } catch {
    return; // outside a request
  }
  if (back) redirect(back);
}

/**
 * The signed-in person, read fresh from the database on every request (roles and status can
 * change any time). `cache` shares the answer within one request only: the root layout, the
 * area's layout and the page all ask, and the first asking costs one statement.
 *
 * When the database cannot answer in time this never means "signed out": it throws
 * DatabaseUnavailableError (pages are sent back to the proxy for a 503), and nothing touches the
 * session row or the cookie.
 */
export const currentPerson = cache(async function currentPerson(): Promise<CurrentPerson | null> {
  // While an outage is known, nobody waits for the database again (a hung one takes seconds).
  if (databaseKnownDown()) return unavailable(knownOutageError());
  try {
    return await awaitDatabase(lookUp());
  } catch (e) {
    if (!isDatabaseUnreachable(e)) throw e;
    const outage = e instanceof DatabaseUnavailableError ? e : new DatabaseUnavailableError(e);
    noteDatabaseUnreachable(outage.reference, outage.cause);
    return unavailable(outage);
  }
});

async function unavailable(outage: DatabaseUnavailableError): Promise<never> {
  await returnPageToProxy();
  throw outage;
}

/** For pages: sends an anonymous visitor to sign in, then back here. */
export async function requireUserPage(): Promise<CurrentPerson> {
  const me = await currentPerson();
  if (!me) {
    const path = (await headers()).get('x-pathname') ?? '/';
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  }
  return me;
}

/** For server actions and route handlers: every action is a public POST endpoint. */
export async function requireUser(): Promise<CurrentPerson> {
  const me = await currentPerson();
  if (!me)
    throw new DomainError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
  return me;
}

export const hasStaffRole = (me: CurrentPerson, roles?: StaffRoleKind[]) =>
  roles ? me.staffRoles.some((r) => roles.includes(r)) : me.staffRoles.length > 0;

export async function requireStaff(roles?: StaffRoleKind[]): Promise<CurrentPerson> {
  const me = await requireUser();
  if (!hasStaffRole(me, roles)) {
    throw new DomainError('FORBIDDEN', 'This is only available to the enrolment team.');
  }
  return me;
}

/** Ends every open session of a person at once (suspension, inactivation, role revocation). */
export async function endSessions(tx: Tx, personId: string, reason: string): Promise<number> {
  const r = await tx.session.updateMany({
    where: { personId, endedAt: null },
    data: { endedAt: clock.now(), endedReason: reason },
  });
  return r.count;
}
