// Valid inputs for the staff-invitation and contact-email actions (see authz-scenarios.ts).
import { randomUUID } from 'node:crypto';
import { db } from '@/server/db';
import { hashInvitationToken, newInvitationToken } from '@/server/invitations/token';
import { fromNow } from '../support/clock';
import { person, s, type Scenario } from './authz-world';

/** A change waiting for confirmation for the caller (or someone, when nobody is signed in). */
async function waitingChange(me: string | null) {
  const personId = me ?? (await person('Cole')).id;
  // The callers are shared by every cell: one change waits per person.
  await db().contactEmailChange.updateMany({ where: { personId, status: 'PENDING' }, data: { status: 'SUPERSEDED' } });
  const token = newInvitationToken();
  const change = await db().contactEmailChange.create({
    data: {
      personId,
      email: `new-${randomUUID().slice(0, 8)}@example.com`,
      tokenHash: hashInvitationToken(token),
      expiresAt: fromNow(3_600_000),
    },
  });
  return { token, changeId: change.id };
}

export const STAFF_INVITATION_SCENARIOS: Record<string, Scenario> = {
  'src/server/staff/invitation-actions.ts#inviteStaffAction': s(async () => ({
    email: `colleague-${randomUUID().slice(0, 8)}@example.com`,
    role: 'ENROLMENT_TEAM',
  })),
  'src/server/staff/invitation-actions.ts#revokeStaffInvitationAction': s(async (w) => {
    const inv = await db().staffInvitation.create({
      data: {
        email: 'pending.staff@example.com',
        role: 'AUDITOR',
        tokenHash: hashInvitationToken(newInvitationToken()),
        expiresAt: fromNow(86_400_000),
        invitedById: w.p.staffAdmin.id,
      },
    });
    return { invitationId: inv.id };
  }),
  // Expired, so an allowed caller meets the expiry rule and nobody gains a role: the callers are
  // shared by every cell, and a role granted here would change every later answer.
  'src/server/staff/invitation-actions.ts#acceptStaffInvitationAction': s(async (w) => {
    const token = newInvitationToken();
    await db().staffInvitation.create({
      data: {
        email: 'expired.staff@example.com',
        role: 'ENROLMENT_TEAM',
        tokenHash: hashInvitationToken(token),
        expiresAt: fromNow(-60_000),
        invitedById: w.p.staffAdmin.id,
      },
    });
    return { token };
  }),
  'src/server/people/actions.ts#confirmContactEmailAction': s(async (_w, me) => ({ token: (await waitingChange(me)).token })),
  'src/server/people/actions.ts#resendContactEmailConfirmationAction': s(async (_w, me) => ({
    changeId: (await waitingChange(me)).changeId,
  })),
  'src/server/people/actions.ts#cancelContactEmailChangeAction': s(async (_w, me) => ({
    changeId: (await waitingChange(me)).changeId,
  })),
};
