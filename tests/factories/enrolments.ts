// Builders for enrolment tests and demo data: form inputs per profession, course completions and
// HPCAA versions/acceptances written straight to the tables.
import { randomUUID } from 'node:crypto';
import type { PrismaClient, Profession } from '../../src/generated/prisma/client';
import { PROFESSIONS } from '../../src/server/professions/rules';
import { now } from '../support/clock';

/** Raw form values (as the browser sends them) for a complete, valid enrolment form. */
export function enrolmentInput(profession: Profession, overrides: Record<string, unknown> = {}) {
  const p = PROFESSIONS[profession];
  return {
    profession,
    licenceNumber: p.college === 'BCCNM' ? '1234567' : p.college ? '12345' : '',
    jobTitle: p.needsJobTitle ? 'Front desk lead' : '',
    residencyStart: p.needsResidencyDates ? '2025-07-01' : '',
    residencyEnd: p.needsResidencyDates ? '2027-06-30' : '',
    preferredGivenName: '',
    preferredFamilyName: '',
    contactEmail: `${randomUUID().slice(0, 8)}@example.com`,
    contactPhone: '250-555-0123',
    submissionKey: randomUUID(),
    intent: 'submit',
    ...overrides,
  };
}

export async function completeCourse(db: Pick<PrismaClient, 'privacyCourseCompletion'>, personId: string, completedAt = now()) {
  return db.privacyCourseCompletion.create({
    data: { personId, source: 'DEMO', externalEventId: `test-${randomUUID()}`, completedAt },
  });
}

export async function publishHpcaa(db: Pick<PrismaClient, 'agreementVersion'>, version = 1, publishedAt = new Date('2024-01-01T00:00:00Z')) {
  return db.agreementVersion.upsert({
    where: { kind_version: { kind: 'HPCAA', version } },
    create: { kind: 'HPCAA', version, title: `HPCAA version ${version}`, body: `Agreement text, version ${version}.`, publishedAt, effectiveAt: publishedAt },
    update: {},
  });
}

export async function acceptHpcaa(
  db: Pick<PrismaClient, 'agreementVersion' | 'agreementAcceptance'>,
  personId: string,
  p: { version?: number; acceptedAt?: Date } = {},
) {
  // Without a version: the newest published one (tests may have published a newer version).
  const latest = await db.agreementVersion.findFirst({ where: { kind: 'HPCAA', publishedAt: { lte: now() } }, orderBy: { version: 'desc' } });
  const v = p.version === undefined && latest ? latest : await publishHpcaa(db, p.version ?? 1);
  return db.agreementAcceptance.create({
    data: { personId, agreementVersionId: v.id, typedName: 'Typed Name', acceptedAt: p.acceptedAt ?? now() },
  });
}
