// Memberships in states the base factory does not cover. A join request is normally created by
// the person (request to join by Worksite ID); tests build one directly.
import type {
  MembershipKind,
  MembershipStatus,
  PrismaClient,
} from '../../src/generated/prisma/client';

type Client = Pick<PrismaClient, 'membership'>;

export async function createMembership(
  db: Client,
  spec: {
    worksiteId: string;
    personId: string;
    status?: MembershipStatus;
    kind?: MembershipKind;
    siteAdmin?: boolean;
    locum?: boolean;
  },
) {
  return db.membership.create({
    data: {
      worksiteId: spec.worksiteId,
      personId: spec.personId,
      status: spec.status ?? 'ACTIVE',
      kind: spec.kind ?? 'INDEPENDENT',
      isSiteAdmin: spec.siteAdmin ?? false,
      isLocum: spec.locum ?? false,
    },
  });
}

export const createJoinRequest = (
  db: Client,
  spec: { worksiteId: string; personId: string; kind?: MembershipKind },
) => createMembership(db, { ...spec, status: 'REQUESTED' });
