// Builders for the privacy course, the HPCAA and enrolments in a given state. Enrolments are
// normally created by the person through the enrolment form; tests build one directly.
import type { EnrolmentStatus, PrismaClient, Profession } from '../../src/generated/prisma/client';
import { signatureHeader } from '../../src/lib/hmac';
import { ensureHpcaaVersion } from '../../prisma/seed-data/hpcaa-v1';
import { now } from '../support/clock';

type Client = Pick<PrismaClient, 'enrolment' | 'enrolmentStatusChange' | 'privacyCourseCompletion' | 'agreementAcceptance' | 'agreementVersion'>;

const LICENCE: Partial<Record<Profession, { college: string; licenceNumber: string }>> = {
  PHYSICIAN: { college: 'CPSBC', licenceNumber: '12345' },
  NURSE_PRACTITIONER: { college: 'BCCNM', licenceNumber: '1234567' },
  REGISTERED_NURSE: { college: 'BCCNM', licenceNumber: '7654321' },
  PHARMACIST: { college: 'CPBC', licenceNumber: '54321' },
};

/** An enrolment in the given state, with a history row for it (as the portal would leave). */
export async function createEnrolment(
  db: Client,
  spec: { personId: string; status?: EnrolmentStatus; profession?: Profession; statusChangedAt?: Date },
) {
  const profession = spec.profession ?? 'PHYSICIAN';
  const status = spec.status ?? 'IN_REVIEW';
  const at = spec.statusChangedAt ?? now();
  const submitted = status !== 'DRAFT';
  const enrolment = await db.enrolment.create({
    data: {
      personId: spec.personId,
      profession,
      ...(LICENCE[profession] ?? {}),
      jobTitle: profession === 'MEDICAL_OFFICE_ASSISTANT' || profession === 'CLINICAL_SUPPORT_STAFF' ? 'Front desk' : null,
      status,
      statusChangedAt: at,
      submittedAt: submitted ? at : null,
      professionLockedAt: submitted ? at : null,
    },
  });
  await db.enrolmentStatusChange.create({
    data: { enrolmentId: enrolment.id, fromStatus: null, toStatus: status, actorId: spec.personId, createdAt: at },
  });
  return enrolment;
}

export async function completeCourse(db: Client, spec: { personId: string; completedAt?: Date }) {
  return db.privacyCourseCompletion.create({
    data: { personId: spec.personId, source: 'MANUAL', completedAt: spec.completedAt ?? now(), reason: 'test data' },
  });
}

/** Accepts HPCAA version 1 (publishing it if needed) at the given time. */
export async function acceptHpcaa(db: Client, spec: { personId: string; typedName?: string; acceptedAt?: Date }) {
  const v1 = await ensureHpcaaVersion(db);
  return db.agreementAcceptance.create({
    data: {
      personId: spec.personId,
      agreementVersionId: v1.id,
      typedName: spec.typedName ?? 'Test Person',
      acceptedAt: spec.acceptedAt ?? now(),
    },
  });
}

/** A delivery body and its signature header, as the learning platform sends them. */
export function signedDelivery(
  secret: string,
  payload: Partial<{ eventId: string; subject: string; completedAt: string; course: string }> & Record<string, unknown>,
  at: Date = now(),
) {
  const body = JSON.stringify({
    eventId: `evt-${crypto.randomUUID()}`,
    completedAt: at.toISOString(),
    course: 'careconnect-privacy',
    ...payload,
  });
  return { body, header: signatureHeader(secret, Math.floor(at.getTime() / 1000), body) };
}
