import 'server-only';
import { DomainError } from '@/lib/errors';
import { displayName, legalName } from '@/lib/names';
import { publishTerms } from './publish';
import { parseInput } from '../action';
import { audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import { maybeStartReview } from '../enrolments/progress';
import type { AuditContext as Ctx } from '../request-context';
import { currentHpcaaVersion, hpcaaVersionTerms, latestHpcaaAcceptance } from './queries';
import { hpcaaExpiresOn, hpcaaState, requiredVersion, typedNameMatches } from './rules';
import { acceptAgreementSchema, publishAgreementSchema, type AcceptAgreementInput, type PublishAgreementInput } from './schema';
import { clock } from '@/lib/clock';

// Step 4 of the checklist (SPEC §7): accepting the HPCAA; every acceptance pins its version and time.


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

    // Accepting again the current version while that acceptance is valid (a double submit)
    // changes nothing. An older version, even one still counting during a grace period, is renewed.
    const [previous, versions] = await Promise.all([latestHpcaaAcceptance(tx, personId), hpcaaVersionTerms(tx)]);
    if (
      previous &&
      previous.versionNumber >= current.version &&
      hpcaaState({ acceptance: previous, requiredVersion: requiredVersion(versions, now), now }) === 'accepted'
    ) {
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
      ...byPerson(personId, ctx),
      action: 'agreement.accepted',
      target: { type: 'PERSON', id: personId },
      personId,
      before: previous ? { version: previous.versionNumber, acceptedAt: previous.acceptedAt.toISOString() } : null,
      after: { kind: 'HPCAA', version: current.version, agreementVersionId: current.id, acceptanceId: acceptance.id, typedName: values.typedName },
    });
    await maybeStartReview(tx, personId, { ...ctx, now });
    return { version: current.version, acceptedAt: now, expiresOn: hpcaaExpiresOn(now), alreadyAccepted: false };
  });
}

/**
 * Publishes the next HPCAA version in effect at once, with re-acceptance required and no grace
 * period. The team's page uses publishVersion (effective date, grace period, preview).
 */
export async function publishHpcaaVersion(
  staffId: string,
  input: PublishAgreementInput,
  ctx: Ctx = { requestId: crypto.randomUUID(), ip: null },
  now: Date = clock.now(),
): Promise<{ version: number; agreementVersionId: string; peopleEmailed: number }> {
  const values = parseInput(publishAgreementSchema, input);
  const r = await publishTerms(staffId, { kind: 'HPCAA', ...values, effectiveAt: now, reacceptRequired: true, graceDays: 0 }, ctx, now);
  return { version: r.version, agreementVersionId: r.versionId, peopleEmailed: r.peopleEmailed };
}
