import 'server-only';
import { cache } from 'react';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { currentPerson, requireUserPage, type CurrentPerson } from '../auth/session';
import { viewerPerson, type ViewerMembership } from '../auth/viewer-row';

// The viewer: who is asking, loaded once per request. Every guarded read takes one, so a page,
// action or route handler cannot read data without first establishing who it reads it for.

export type { ViewerMembership };

export type Viewer = {
  id: string;
  displayName: string;
  staffRoles: readonly StaffRoleKind[];
  /** Every membership that has not ended or been declined. */
  memberships: readonly ViewerMembership[];
};

// The session read brings the memberships along; a person from elsewhere is read in one statement.
const withMemberships = async (p: CurrentPerson): Promise<Viewer> => ({
  id: p.id,
  displayName: p.displayName,
  staffRoles: p.staffRoles,
  memberships: p.memberships ?? (await viewerPerson(p.id))?.memberships ?? [],
});

/**
 * The signed-in person with their roles and memberships, or null. Shared within one request
 * (React `cache`), read fresh on the next: a revoked role or ended membership counts at once.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const me = await currentPerson();
  return me ? withMemberships(me) : null;
});

/** For pages: an anonymous visitor is sent to sign in, then back here. */
export async function requireViewerPage(): Promise<Viewer> {
  await requireUserPage();
  return (await getViewer())!;
}

/**
 * A viewer for a known person, outside a request (scripts, jobs, tests). Never build one from an
 * id a request supplied: pages, actions and route handlers use getViewer().
 */
export async function viewerOf(personId: string): Promise<Viewer | null> {
  const p = await viewerPerson(personId);
  if (!p || p.status !== 'ACTIVE') return null;
  return {
    id: p.id,
    displayName: p.displayName,
    staffRoles: p.staffRoles,
    memberships: p.memberships,
  };
}
