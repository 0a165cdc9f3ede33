import 'server-only';
import { DomainError } from '@/lib/errors';
import { displayName, legalName } from '@/lib/names';
import { parseInput } from '../action';
import { audit } from '../audit';
import { db, type Tx } from '../db';
import { enqueueHpcaaReacceptance } from '../email/templates/agreement';
import { maybeStartReview } from '../enrolments/progress';
import type { RequestContext } from '../request-context';
import { currentHpcaaVersion, latestHpcaaAcceptance } from './queries';
import { hpcaaExpiresOn, hpcaaState, typedNameMatches } from './rules';
import { acceptAgreementSchema, publishAgreementSchema, type AcceptAgreementInput, type PublishAgreementInput } from './schema';
import { clock } from '@/lib/clock';

// Step 4 of the checklist (SPEC §7): accepting the HPCAA, and publishing a new version of it.

type Ctx = Pick<RequestContext, 'requestId' | 'ip'>;

export const STALE_VERSION_MESSAGE = 'A newer version of the agreement was published; read it and accept again.';

/** Serialises one person's acceptances, so a double submit records once. */
const lockAcceptancesOf = (tx: Tx, personId: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hpcaa-acceptance'), hashtext(${personId}))`;

export type Accepted = { version: number; acceptedAt: Date; expiresOn: string; alreadyAccepted: boolean };

/**
 * The person accepts the version their page showed, by ticking the box and typing their full
 * name (legal or preferred, case and spacing ignored). A page older than the current version is
 * refused, so nobody accepts a text they were not shown.
 */
export async function acceptAgreement(
  personId: string,
  input: AcceptAgreementInput,
  ctx: Ctx,
  now: Date = clock.now(),
): Promise<Accepted> {
  const values = parseInput(acceptAgreementSchema, input);
  return db().$transaction(async (tx) => {
    await lockAcceptancesOf(tx, personId);
    const person = await tx.person.findUnique({ where: { id: personId } });
    if (!person) throw new DomainError('NOT_FOUND', 'We could not find your record. Sign in again.');
    const current = await currentHpcaaVersion(tx, now);
    if (values.versionId !== current.id) {
      const shown = await tx.agreementVersion.findUnique({ where: { id: values.versionId }, select: { kind: true } });
      if (shown?.kind === 'HPCAA') throw new DomainError('CONFLICT', STALE_VERSION_MESSAGE);
      throw new DomainError('NOT_FOUND', 'We could not find that agreement. Reload the page.');
    }
    if (!typedNameMatches(values.typedName, [legalName(person), displayName(person)])) {
      throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', {
        typedName: `Type your full name as it appears on this page: ${displayName(person)}.`,
      });
    }

    // Accepting again what is already accepted and valid (a double submit) changes nothing.
    const previous = await latestHpcaaAcceptance(tx, personId);
    if (previous && hpcaaState({ acceptance: previous, currentVersion: current.version, now }) === 'accepted') {
      return {
        version: current.version,
        acceptedAt: previous.acceptedAt,
        expiresOn: hpcaaExpiresOn(previous.acceptedAt),
        alreadyAccepted: true,
      };
    }

    const acceptance = await tx.agreementAcceptance.create({
      data: { personId, agreementVersionId: current.id, typedName: values.typedName, acceptedAt: now },
    });
    await audit(tx, {
      actor: { type: 'PERSON', personId },
      action: 'agreement.accepted',
      target: { type: 'PERSON', id: personId },
      personId,
      before: previous ? { version: previous.versionNumber, acceptedAt: previous.acceptedAt.toISOString() } : null,
      after: { kind: 'HPCAA', version: current.version, agreementVersionId: current.id, acceptanceId: acceptance.id, typedName: values.typedName },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    await maybeStartReview(tx, personId, { ...ctx, now });
    return { version: current.version, acceptedAt: now, expiresOn: hpcaaExpiresOn(now), alreadyAccepted: false };
  });
}

/**
 * Publishes the next version of the HPCAA and, in the same transaction, emails everyone who
 * accepted an older version that they must accept again (through the outbox: the notices exist
 * exactly when the version does).
 */
export async function publishHpcaaVersion(
  staffId: string,
  input: PublishAgreementInput,
  ctx: Ctx = { requestId: crypto.randomUUID(), ip: null },
  now: Date = clock.now(),
): Promise<{ version: number; agreementVersionId: string; peopleEmailed: number }> {
  const values = parseInput(publishAgreementSchema, input);
  return db().$transaction(async (tx) => {
    const roles = await tx.staffRole.findMany({ where: { personId: staffId }, select: { role: true } });
    if (!roles.some((r) => r.role === 'ENROLMENT_TEAM')) {
      throw new DomainError('FORBIDDEN', 'Only the enrolment team can publish a new version of the agreement.');
    }
    // One publisher at a time, so two new versions cannot claim the same number.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hpcaa-publish'))`;
    // The highest number whatever its publication time: a version published a moment "later"
    // by a concurrent call still takes its number.
    await currentHpcaaVersion(tx, now); // v1 exists before v2
    const { _max } = await tx.agreementVersion.aggregate({ where: { kind: 'HPCAA' }, _max: { version: true } });
    const previous = { version: _max.version ?? 1 };
    const version = previous.version + 1;
    const created = await tx.agreementVersion.create({
      data: { kind: 'HPCAA', version, title: values.title, body: values.body, publishedAt: now },
    });

    const holders = await tx.person.findMany({
      where: { acceptances: { some: { agreementVersion: { kind: 'HPCAA', version: { lt: version } } } } },
      select: { id: true, legalGivenName: true, legalFamilyName: true, preferredGivenName: true, preferredFamilyName: true, contactEmail: true, idpEmail: true },
      orderBy: { id: 'asc' },
    });
    let emailed = 0;
    for (const p of holders) {
      const to = p.contactEmail ?? p.idpEmail;
      if (!to) continue;
      await enqueueHpcaaReacceptance(tx, { personId: p.id, to, name: displayName(p), why: 'new-version', version, title: values.title });
      emailed++;
    }
    await audit(tx, {
      actor: { type: 'STAFF', personId: staffId },
      action: 'agreement.published',
      target: { type: 'AGREEMENT_VERSION', id: created.id },
      before: { version: previous.version },
      after: { kind: 'HPCAA', version, agreementVersionId: created.id, title: values.title, peopleEmailed: emailed },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { version, agreementVersionId: created.id, peopleEmailed: emailed };
  });
}
