import 'server-only';
import { audit, byPerson, changedFields } from '../audit';
import { db, type Tx } from '../db';
import type { RequestContext } from '../request-context';
import { requestContactEmailChange } from './contact-email-service';
import type { ProfileValues } from './schema';

export type SavedContactDetails = {
  changed: boolean;
  /** A typed contact email waiting for confirmation from the link sent there, if any. */
  waitingEmail: string | null;
  /** True when this save sent a new confirmation link. */
  confirmationSent: boolean;
};

/** Preferred name and contact details, inside the caller's transaction (the profile page and
 * the enrolment form both save them this way). The contact email itself changes only once it is
 * confirmed (SPEC §18); saving it here starts that. */
export async function saveContactDetails(
  tx: Tx,
  personId: string,
  input: ProfileValues,
  ctx: RequestContext,
): Promise<SavedContactDetails> {
  const before = await tx.person.findUniqueOrThrow({ where: { id: personId } });
  const { contactEmail, ...direct } = input;
  const { before: b, after: a } = changedFields(before, direct);
  if (Object.keys(a).length > 0) {
    await tx.person.update({ where: { id: personId }, data: direct });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'person.profile_updated',
      target: { type: 'PERSON', id: personId },
      personId,
      before: b,
      after: a,
    });
  }
  const email = await requestContactEmailChange(tx, before, contactEmail, ctx);
  return {
    changed: Object.keys(a).length > 0 || email.requested,
    waitingEmail: email.waitingEmail,
    confirmationSent: email.requested,
  };
}

/** Preferred name and contact details; the legal name and birthdate are never editable here. */
export async function updateProfile(personId: string, input: ProfileValues, ctx: RequestContext) {
  return db().$transaction((tx) => saveContactDetails(tx, personId, input, ctx));
}
