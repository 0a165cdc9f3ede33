import { randomInt } from 'node:crypto';
import type { PrismaClient, WorksiteStatus } from '../../src/generated/prisma/client';

type Client = Pick<PrismaClient, 'worksite' | 'membership'>;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export const randomWorksiteCode = () =>
  Array.from({ length: 7 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export async function createWorksite(
  db: Client,
  spec: { creatorId: string; status?: WorksiteStatus; operatingName?: string },
) {
  return db.worksite.create({
    data: {
      worksiteCode: randomWorksiteCode(),
      legalName: `${spec.operatingName ?? 'Test Clinic'} Inc.`,
      operatingName: spec.operatingName ?? 'Test Clinic',
      locationType: 'PRIVATE_PRACTICE_CLINIC',
      street: '1 Main Street',
      city: 'Victoria',
      postalCode: 'V8W 1A1',
      phone: '250-555-0100',
      email: 'clinic@example.com',
      status: spec.status ?? 'ACTIVE',
      createdById: spec.creatorId,
    },
  });
}

export async function addMember(
  db: Client,
  spec: { worksiteId: string; personId: string; siteAdmin?: boolean; status?: 'ACTIVE' | 'REQUESTED' | 'INACTIVE' },
) {
  return db.membership.create({
    data: {
      worksiteId: spec.worksiteId,
      personId: spec.personId,
      status: spec.status ?? 'ACTIVE',
      kind: 'INDEPENDENT',
      isSiteAdmin: spec.siteAdmin ?? false,
    },
  });
}
