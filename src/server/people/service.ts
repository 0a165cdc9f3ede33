import 'server-only';
import { audit, changedFields } from '../audit';
import { db, type Tx } from '../db';
import { enqueueContactEmailChanged } from '../email/templates/contact-email-changed';
import type { RequestContext } from '../request-context';
import type { ProfileValues } from './schema';
import { clock } from '@/lib/clock';

/** Preferred name and contact details, inside the caller's transaction (the profile page and
 * the enrolment form both save them this way). Returns whether anything changed. */
export async function saveContactDetails(tx: Tx, personId: string, input: ProfileValues, ctx: RequestContext) {
  const before = await tx.person.findUniqueOrThrow({ where: { id: personId } });
  const { before: b, after: a } = changedFields(before, input);
  if (Object.keys(a).length === 0) return false;
  await tx.person.update({ where: { id: personId }, data: input });
  await audit(tx, {
    actor: { type: 'PERSON', personId },
    action: 'person.profile_updated',
    target: { type: 'PERSON', id: personId },
    personId,
    before: b,
    after: a,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
  // Both addresses hear about a changed contact email, so a hijacked account is noticed.
  if ('contactEmail' in a) {
    await enqueueContactEmailChanged(tx, {
      personId,
      oldEmail: before.contactEmail,
      newEmail: input.contactEmail,
      changedAt: clock.now(),
    });
  }
  return true;
}

/** Preferred name and contact details; the legal name and birthdate are never editable here. */
export async function updateProfile(personId: string, input: ProfileValues, ctx: RequestContext) {
  const changed = await db().$transaction((tx) => saveContactDetails(tx, personId, input, ctx));
  return { changed };
}
