// Test and demo data builders. The demo seed uses these too, so demo data is what tests exercise.
import { randomUUID } from 'node:crypto';
import type { PrismaClient, StaffRoleKind } from '../../src/generated/prisma/client';

type Client = Pick<PrismaClient, 'person' | 'loginAccount' | 'staffRole'>;

export type PersonSpec = {
  givenName?: string;
  familyName?: string;
  birthdate?: string; // YYYY-MM-DD
  email?: string;
  subject?: string;
  issuer?: string;
  assuranceLevel?: number;
  staffRoles?: StaffRoleKind[];
};

/** Creates the person with a linked login account, or returns the one already linked to the
 * subject (idempotent, so seeding twice changes nothing). */
export async function ensurePerson(db: Client, spec: PersonSpec = {}) {
  const subject = spec.subject ?? `test-${randomUUID()}`;
  const issuer = spec.issuer ?? 'http://localhost:4000';
  const existing = await db.loginAccount.findUnique({
    where: { provider_subject: { provider: 'bcsc', subject } },
    include: { person: true },
  });
  const person =
    existing?.person ??
    (await db.person.create({
      data: {
        legalGivenName: spec.givenName ?? 'Test',
        legalFamilyName: spec.familyName ?? `Person ${subject.slice(-6)}`,
        birthdate: new Date(`${spec.birthdate ?? '1980-01-01'}T00:00:00Z`),
        idpEmail: spec.email ?? `${subject}@example.com`,
        contactEmail: (spec.email ?? `${subject}@example.com`).toLowerCase(),
        identityAssuranceLevel: spec.assuranceLevel ?? 3,
        accounts: { create: { provider: 'bcsc', issuer, subject } },
      },
    }));
  for (const role of spec.staffRoles ?? []) {
    await db.staffRole.upsert({
      where: { personId_role: { personId: person.id, role } },
      create: { personId: person.id, role },
      update: {},
    });
  }
  return person;
}
