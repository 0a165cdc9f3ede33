import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { db, type Tx } from '../db';
import { authOptions } from './options';
import { clock } from '@/lib/clock';

export type CurrentPerson = {
  id: string;
  displayName: string;
  staffRoles: StaffRoleKind[];
};

/**
 * The signed-in person, read fresh from the database on every request (roles and status can
 * change any time). `cache` shares the answer within one request only: the root layout, the
 * area's layout and the page all ask, and each asking cost two queries.
 */
export const currentPerson = cache(async function currentPerson(): Promise<CurrentPerson | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const p = await db().person.findUnique({ where: { id }, include: { staffRoles: true } });
  if (!p || p.status !== 'ACTIVE') return null;
  return { id: p.id, displayName: displayName(p), staffRoles: p.staffRoles.map((r) => r.role) };
});

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
  if (!me) throw new DomainError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
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
