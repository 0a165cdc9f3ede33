import 'server-only';
import { DomainError } from '@/lib/errors';
import { audit } from '../audit';
import { db } from '../db';
import { refuseConflictOfInterest, requireDecider, type StaffCaller } from '../decisions';
import { TEAM_CONFLICT_MESSAGES } from '../people/team-rules';
import type { AuditContext } from '../request-context';
import { mayResendEmail } from '../timeline/rules';

// The team resends an email from a timeline (the person lost it, or it failed): a new outbox row
// copies the original word for word, so the worker sends it like any other; the original stays.

export async function resendEmail(
  staff: StaffCaller,
  input: { emailId: string; resendKey: string },
  ctx: AuditContext,
): Promise<{ emailId: string; repeated: boolean }> {
  requireDecider(staff, 'email.resend');
  const dedupeKey = `resend:${input.resendKey}`;
  return db().$transaction(async (tx) => {
    const original = await tx.outboxEmail.findUnique({ where: { id: input.emailId } });
    if (!original) throw new DomainError('NOT_FOUND', 'We could not find that email.');
    await refuseConflictOfInterest(tx, staff.id, original, TEAM_CONFLICT_MESSAGES);
    if (!mayResendEmail(original.status)) {
      throw new DomainError('INVALID_TRANSITION', 'This email is still waiting to be sent. Resend it only once it has been sent or has failed.');
    }
    const created = await tx.outboxEmail.createMany({
      data: [
        {
          template: original.template,
          toAddress: original.toAddress,
          subject: original.subject,
          textBody: original.textBody,
          htmlBody: original.htmlBody,
          worksiteId: original.worksiteId,
          personId: original.personId,
          dedupeKey,
        },
      ],
      // The same form submitted twice (or retried) finds its first copy and stops there.
      skipDuplicates: true,
    });
    const copy = await tx.outboxEmail.findUniqueOrThrow({ where: { dedupeKey }, select: { id: true } });
    if (created.count === 0) return { emailId: copy.id, repeated: true };
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'email.resent',
      target: { type: 'EMAIL', id: original.id },
      personId: original.personId,
      worksiteId: original.worksiteId,
      after: { copyId: copy.id, template: original.template, to: original.toAddress },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { emailId: copy.id, repeated: false };
  });
}
