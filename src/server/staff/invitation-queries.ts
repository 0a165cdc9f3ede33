import 'server-only';
import type { Prisma, StaffRoleKind } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { displayName } from '@/lib/names';
import { requireCapability, type Subject } from '../authz/guard';
import { db } from '../db';
import { hashInvitationToken, isInvitationTokenShaped } from '../invitations/token';
import { clientAddress } from '../throttle/client-address';
import { credentialBlock, recordBadCredential } from '../throttle/limits';
import {
  staffInvitationState,
  staffInvitationStateLabel,
  type StaffInvitationState,
} from './invitation-rules';
import { STAFF_ROLES } from './rules';

const nameFields = { legalGivenName: true, legalFamilyName: true, preferredGivenName: true, preferredFamilyName: true } as const;

export type OpenStaffInvitation = {
  id: string;
  email: string;
  role: StaffRoleKind;
  roleLabel: string;
  state: StaffInvitationState;
  stateLabel: string;
  expiresAt: Date;
  sentAt: Date;
  invitedByName: string;
};

/** Invitations not yet accepted or revoked (expired ones too, so they can be cleared), newest first. */
export async function listOpenStaffInvitations(viewer: Subject | null, now = clock.now()): Promise<OpenStaffInvitation[]> {
  requireCapability(viewer, 'staff.read');
  const rows = await db().staffInvitation.findMany({
    where: { status: 'PENDING' },
    select: { id: true, email: true, role: true, status: true, expiresAt: true, createdAt: true, invitedBy: { select: nameFields } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 100,
  });
  return rows.map((r) => {
    const state = staffInvitationState(r, now);
    return {
      id: r.id,
      email: r.email,
      role: r.role,
      roleLabel: STAFF_ROLES[r.role].label,
      state,
      stateLabel: staffInvitationStateLabel(state),
      expiresAt: r.expiresAt,
      sentAt: r.createdAt,
      invitedByName: displayName(r.invitedBy),
    };
  });
}

export type StaffRoleCandidate = {
  personId: string;
  name: string;
  legalName: string;
  /** The email the identity provider sent at the last sign-in; never the self-entered one. */
  idpEmail: string | null;
  identities: { issuer: string; subject: string }[];
  roles: StaffRoleKind[];
  active: boolean;
};

/**
 * People who have signed in, found by name, identity-provider email or subject, for granting a
 * role. The contact email a person types is deliberately not searched or shown: it proves
 * nothing about who they are.
 */
export async function findStaffRoleCandidates(viewer: Subject | null, query: string): Promise<StaffRoleCandidate[]> {
  requireCapability(viewer, 'staff.read');
  const q = query.trim().slice(0, 100);
  if (q.length < 2) return [];
  const words = q.split(/\s+/).filter(Boolean).slice(0, 4);
  const nameMatch: Prisma.PersonWhereInput = {
    AND: words.map((w) => ({
      OR: (['legalGivenName', 'legalFamilyName', 'preferredGivenName', 'preferredFamilyName'] as const).map((f) => ({
        [f]: { contains: w, mode: 'insensitive' },
      })),
    })),
  };
  const people = await db().person.findMany({
    where: {
      accounts: { some: {} },
      OR: [
        nameMatch,
        { idpEmail: { equals: q, mode: 'insensitive' } },
        { accounts: { some: { subject: q } } },
      ],
    },
    select: {
      id: true,
      ...nameFields,
      idpEmail: true,
      status: true,
      accounts: { select: { issuer: true, subject: true }, orderBy: { createdAt: 'asc' } },
      staffRoles: { select: { role: true } },
    },
    orderBy: [{ legalFamilyName: 'asc' }, { legalGivenName: 'asc' }, { id: 'asc' }],
    take: 20,
  });
  return people.map((p) => ({
    personId: p.id,
    name: displayName(p),
    legalName: `${p.legalGivenName} ${p.legalFamilyName}`,
    idpEmail: p.idpEmail,
    identities: p.accounts,
    roles: p.staffRoles.map((r) => r.role),
    active: p.status === 'ACTIVE',
  }));
}

export type StaffInvitationView =
  | { state: 'UNKNOWN' }
  // Too many links that are not valid from this address: not even this one is looked up.
  | { state: 'THROTTLED'; message: string }
  | { state: StaffInvitationState; roleLabel: string; acceptedByViewer: boolean; inviterName: string };

/** What the acceptance page shows for a link: looked up by the token's hash only. */
export async function staffInvitationForPage(
  viewer: Subject | null,
  token: string,
  now = clock.now(),
): Promise<StaffInvitationView> {
  // Any signed-in person: the emailed link is the credential.
  requireCapability(viewer, 'invitation.accept');
  const address = await clientAddress();
  const blocked = await credentialBlock('invitation', address, now);
  if (blocked) return { state: 'THROTTLED', message: blocked.message };
  const unknown = async (): Promise<StaffInvitationView> => {
    const nowBlocked = await recordBadCredential('invitation', address, now);
    return nowBlocked ? { state: 'THROTTLED', message: nowBlocked.message } : { state: 'UNKNOWN' };
  };
  if (!isInvitationTokenShaped(token)) return unknown();
  const inv = await db().staffInvitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { status: true, expiresAt: true, role: true, acceptedById: true, invitedBy: { select: nameFields } },
  });
  if (!inv) return unknown();
  return {
    state: staffInvitationState(inv, now),
    roleLabel: STAFF_ROLES[inv.role].label,
    acceptedByViewer: inv.acceptedById === viewer.id,
    inviterName: displayName(inv.invitedBy),
  };
}
