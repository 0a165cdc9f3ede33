import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WorksiteStatus } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { invitationForPage } from '@/server/invitations/queries';
import {
  EXPIRED_INVITATION_MESSAGE,
  REVOKED_INVITATION_MESSAGE,
  UNKNOWN_INVITATION_MESSAGE,
  USED_INVITATION_MESSAGE,
} from '@/server/invitations/rules';
import {
  acceptInvitation,
  createInvitation,
  inviteByEmail,
  resendInvitation,
  revokeInvitation,
} from '@/server/invitations/service';
import { membersPage } from '@/server/memberships/queries';
import { lockWorksite } from '@/server/worksites/access';
import { createMembership } from '../factories/memberships';
import { ensurePerson } from '../factories/people';
import { createWorksite } from '../factories/worksites';
import { fromNow, now } from '../support/clock';
import { viewerFor } from '../support/viewer';

const ctx = { requestId: 'req-invite', ip: '198.51.100.4', userAgent: 'vitest' };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

async function site(status: WorksiteStatus = 'ACTIVE') {
  const admin = await ensurePerson(db(), { givenName: 'Ada', familyName: 'Admin' });
  const ws = await createWorksite(db(), {
    creatorId: admin.id,
    status,
    operatingName: 'Harbour Clinic',
  });
  await createMembership(db(), { worksiteId: ws.id, personId: admin.id, siteAdmin: true });
  return { admin, ws };
}

/** The link in the newest invitation email to `to`, and the token in it. */
async function latestLink(to: string) {
  const mail = await db().outboxEmail.findFirstOrThrow({
    where: { toAddress: to, template: 'invitation.sent' },
    orderBy: { createdAt: 'desc' },
  });
  const m = /(https?:\/\/[^\s]+\/invitations\/([A-Za-z0-9_-]+))/.exec(mail.textBody);
  expect(m, 'the email carries an invitation link').not.toBeNull();
  return { mail, url: m![1]!, token: m![2]! };
}

async function invite(email = `guest-${randomUUID().slice(0, 8)}@example.com`) {
  const s = await site();
  const { invitationId } = await inviteByEmail(s.admin.id, { worksiteId: s.ws.id, email }, ctx);
  const { token, mail, url } = await latestLink(email);
  return { ...s, email, invitationId, token, mail, url };
}

describe('inviting by email', () => {
  it('emails a 14-day link whose token matches the stored hash; the plain token is stored nowhere else', async () => {
    const { ws, admin, email, invitationId, token, mail, url } = await invite();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`${process.env.APP_URL ?? 'http://localhost:3000'}/invitations/${token}`);
    const inv = await db().invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(inv).toMatchObject({
      worksiteId: ws.id,
      email,
      status: 'PENDING',
      sentCount: 1,
      invitedById: admin.id,
      tokenHash: sha256(token),
    });
    const days = (inv.expiresAt.getTime() - inv.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(14, 3);
    expect(mail.subject).toContain(`Worksite ID ${ws.worksiteCode}`);
    expect(mail.textBody).toContain('Ada Admin invited you to join Harbour Clinic');
    expect(mail.htmlBody).toContain(token);

    // Only the email holds the token: not the invitation row, not the audit trail.
    expect(JSON.stringify(inv)).not.toContain(token);
    const events = await db().auditEvent.findMany({ where: { worksiteId: ws.id } });
    expect(events.map((e) => e.action)).toEqual(['invitation.created']);
    expect(events[0]).toMatchObject({
      actorId: admin.id,
      targetType: 'INVITATION',
      targetId: invitationId,
      after: { email },
      requestId: ctx.requestId,
    });
    expect(
      JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
    ).not.toContain(token);
  });

  it('inviting the same address again (any case) reuses the pending invitation and sends no second email', async () => {
    const { ws, admin, email, invitationId } = await invite(
      'Repeat.Guest@example.com'.toLowerCase(),
    );
    const again = await inviteByEmail(
      admin.id,
      { worksiteId: ws.id, email: 'REPEAT.guest@Example.com' },
      ctx,
    );
    expect(again).toEqual({ invitationId, reused: true });
    expect(await db().outboxEmail.count({ where: { toAddress: email } })).toBe(1);
    expect(await db().invitation.count({ where: { worksiteId: ws.id } })).toBe(1);
  });

  it('is refused while the worksite is not active', async () => {
    for (const status of [
      'INTAKE_SUBMITTED',
      'AWAITING_DECLARATION',
      'SUSPENDED',
      'CLOSED',
    ] as const) {
      const { ws, admin } = await site(status);
      expect(
        await refusal(inviteByEmail(admin.id, { worksiteId: ws.id, email: 'x@example.com' }, ctx)),
      ).toMatchObject({
        code: 'INVALID_TRANSITION',
        message: expect.stringMatching(/only be sent while the worksite is active/),
      });
      expect(await db().invitation.count({ where: { worksiteId: ws.id } })).toBe(0);
    }
  });

  it('is refused for anyone but a site admin of the worksite, like a missing worksite', async () => {
    const { ws } = await site();
    const member = await ensurePerson(db());
    await createMembership(db(), { worksiteId: ws.id, personId: member.id });
    const outsider = await ensurePerson(db());
    const staff = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const other = await site();
    for (const who of [member.id, outsider.id, staff.id, other.admin.id]) {
      expect(
        await refusal(inviteByEmail(who, { worksiteId: ws.id, email: 'x@example.com' }, ctx)),
      ).toEqual({
        code: 'NOT_FOUND',
        message: 'We could not find that worksite.',
      });
    }
    expect(await db().invitation.count({ where: { worksiteId: ws.id } })).toBe(0);
  });

  it('refuses an address that already belongs to a member', async () => {
    const { ws, admin } = await site();
    const member = await ensurePerson(db(), { email: 'already@example.com' });
    await createMembership(db(), { worksiteId: ws.id, personId: member.id });
    expect(
      await refusal(
        inviteByEmail(admin.id, { worksiteId: ws.id, email: 'Already@example.com' }, ctx),
      ),
    ).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('createInvitation (used when a worksite is approved)', () => {
  it('creates one, and reuses a pending unexpired one for the same address; an expired one is replaced', async () => {
    const { ws } = await site();
    const staff = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    const call = (email: string) =>
      db().$transaction(async (tx) =>
        createInvitation(tx, {
          worksite: await lockWorksite(tx, ws.id),
          email,
          invitedById: null,
          actor: { type: 'STAFF', personId: staff.id },
          requestId: 'req-approve',
        }),
      );
    const first = await call('Expected.User@example.com');
    expect(first.reused).toBe(false);
    expect(await call('expected.user@EXAMPLE.com')).toEqual({
      invitationId: first.invitationId,
      reused: true,
    });
    expect(await db().outboxEmail.count({ where: { worksiteId: ws.id } })).toBe(1);
    const { mail } = await latestLink('expected.user@example.com');
    expect(mail.textBody).toContain('listed you as one of its expected users');
    const [event] = await db().auditEvent.findMany({
      where: { worksiteId: ws.id, action: 'invitation.created' },
    });
    expect(event).toMatchObject({
      actorType: 'STAFF',
      actorId: staff.id,
      requestId: 'req-approve',
    });

    await db().invitation.update({
      where: { id: first.invitationId },
      data: { expiresAt: fromNow(-(1000)) },
    });
    const third = await call('expected.user@example.com');
    expect(third.reused).toBe(false);
    expect(third.invitationId).not.toBe(first.invitationId);
  });
});

describe('accepting', () => {
  it('creates a PENDING_REVIEW membership, marks the invitation used and audits it, even with a different email', async () => {
    const { ws, admin, invitationId, token } = await invite('work-address@example.com');
    const guest = await ensurePerson(db(), { email: 'personal-address@example.com' });
    const r = await acceptInvitation(guest.id, token, ctx);
    expect(r).toEqual({
      worksiteId: ws.id,
      operatingName: 'Harbour Clinic',
      worksiteCode: ws.worksiteCode,
      outcome: 'JOINED',
    });
    const m = await db().membership.findUniqueOrThrow({
      where: { personId_worksiteId: { personId: guest.id, worksiteId: ws.id } },
    });
    expect(m).toMatchObject({
      status: 'PENDING_REVIEW',
      kind: 'INDEPENDENT',
      isSiteAdmin: false,
      confirmedById: admin.id,
    });
    expect(
      await db().membershipStatusChange.findMany({ where: { membershipId: m.id } }),
    ).toMatchObject([{ fromStatus: null, toStatus: 'PENDING_REVIEW', actorId: guest.id }]);
    const inv = await db().invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(inv).toMatchObject({ status: 'ACCEPTED', acceptedById: guest.id });
    expect(inv.acceptedAt).toBeInstanceOf(Date);
    expect(
      await db().auditEvent.count({
        where: {
          worksiteId: ws.id,
          action: 'invitation.accepted',
          actorId: guest.id,
          personId: guest.id,
        },
      }),
    ).toBe(1);
    // The site admin now sees the new member waiting for the team.
    const page = (await membersPage(await viewerFor(admin.id), ws.id))!;
    expect(page.members.find((x) => x.membershipId === m.id)).toMatchObject({
      status: 'PENDING_REVIEW',
      actions: [],
    });
    expect(page.invitations.find((x) => x.id === invitationId)).toMatchObject({
      state: 'ACCEPTED',
      actions: [],
    });
  });

  it('accepting twice gives the same answer and one membership; another person cannot reuse the link', async () => {
    const { ws, token } = await invite();
    const guest = await ensurePerson(db());
    await acceptInvitation(guest.id, token, ctx);
    expect((await acceptInvitation(guest.id, token, ctx)).outcome).toBe('JOINED');
    expect(await db().membership.count({ where: { worksiteId: ws.id, personId: guest.id } })).toBe(
      1,
    );
    expect(
      await db().auditEvent.count({ where: { worksiteId: ws.id, action: 'invitation.accepted' } }),
    ).toBe(1);
    const someoneElse = await ensurePerson(db());
    expect(await refusal(acceptInvitation(someoneElse.id, token, ctx))).toEqual({
      code: 'INVALID_TRANSITION',
      message: USED_INVITATION_MESSAGE,
    });
    expect(
      await db().membership.count({ where: { worksiteId: ws.id, personId: someoneElse.id } }),
    ).toBe(0);
  });

  it('5 concurrent accepts by the same person make one membership', async () => {
    const { ws, token } = await invite();
    const guest = await ensurePerson(db());
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => refusal(acceptInvitation(guest.id, token, ctx))),
    );
    expect(outcomes).toEqual([null, null, null, null, null]);
    expect(await db().membership.count({ where: { worksiteId: ws.id, personId: guest.id } })).toBe(
      1,
    );
    expect(
      await db().membershipStatusChange.count({
        where: { membership: { worksiteId: ws.id, personId: guest.id } },
      }),
    ).toBe(1);
  });

  it('5 concurrent accepts by different people: exactly one joins, the others hear the link was used', async () => {
    const { ws, token } = await invite();
    const people = await Promise.all(Array.from({ length: 5 }, () => ensurePerson(db())));
    const outcomes = await Promise.all(
      people.map((p) => refusal(acceptInvitation(p.id, token, ctx))),
    );
    expect(outcomes.filter((o) => o === null)).toHaveLength(1);
    for (const o of outcomes.filter((x) => x !== null))
      expect(o).toEqual({ code: 'INVALID_TRANSITION', message: USED_INVITATION_MESSAGE });
    expect(
      await db().membership.count({
        where: { worksiteId: ws.id, personId: { in: people.map((p) => p.id) } },
      }),
    ).toBe(1);
  });

  it('refuses an expired link with its message', async () => {
    const { invitationId, token, ws } = await invite();
    await db().invitation.update({
      where: { id: invitationId },
      data: { expiresAt: fromNow(-(1000)) },
    });
    const guest = await ensurePerson(db());
    expect(await refusal(acceptInvitation(guest.id, token, ctx))).toEqual({
      code: 'INVALID_TRANSITION',
      message: EXPIRED_INVITATION_MESSAGE,
    });
    expect(await db().membership.count({ where: { worksiteId: ws.id, personId: guest.id } })).toBe(
      0,
    );
    expect((await invitationForPage(await viewerFor(guest.id), token)).state).toBe('EXPIRED');
  });

  it('refuses a revoked link with its message', async () => {
    const { admin, ws, invitationId, token } = await invite();
    await revokeInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx);
    expect(
      await db().auditEvent.count({ where: { worksiteId: ws.id, action: 'invitation.revoked' } }),
    ).toBe(1);
    const guest = await ensurePerson(db());
    expect(await refusal(acceptInvitation(guest.id, token, ctx))).toEqual({
      code: 'INVALID_TRANSITION',
      message: REVOKED_INVITATION_MESSAGE,
    });
    expect(
      await refusal(revokeInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx)),
    ).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(
      await refusal(resendInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx)),
    ).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it('refuses unknown and malformed links with the same message', async () => {
    const guest = await ensurePerson(db());
    const unknown = { code: 'NOT_FOUND', message: UNKNOWN_INVITATION_MESSAGE };
    for (const t of ['A'.repeat(43), 'short', '', '../../etc/passwd', 'x'.repeat(200)]) {
      expect(await refusal(acceptInvitation(guest.id, t, ctx))).toEqual(unknown);
      expect(await invitationForPage(await viewerFor(guest.id), t)).toEqual({ state: 'UNKNOWN' });
    }
  });

  it('refuses while the worksite is not active', async () => {
    const { ws, token, invitationId } = await invite();
    await db().worksite.update({ where: { id: ws.id }, data: { status: 'SUSPENDED' } });
    const guest = await ensurePerson(db());
    expect(await refusal(acceptInvitation(guest.id, token, ctx))).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: expect.stringMatching(/not taking new members/),
    });
    expect((await db().invitation.findUniqueOrThrow({ where: { id: invitationId } })).status).toBe(
      'PENDING',
    );
  });

  it('reopens an ended membership; leaves an active one as it is', async () => {
    const { ws, token, admin } = await invite();
    const guest = await ensurePerson(db());
    const old = await createMembership(db(), {
      worksiteId: ws.id,
      personId: guest.id,
      status: 'ENDED',
      locum: true,
    });
    await acceptInvitation(guest.id, token, ctx);
    expect(await db().membership.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      status: 'PENDING_REVIEW',
      isLocum: false,
    });
    expect(
      await db().membershipStatusChange.findMany({ where: { membershipId: old.id } }),
    ).toMatchObject([{ fromStatus: 'ENDED', toStatus: 'PENDING_REVIEW' }]);

    const active = await ensurePerson(db());
    await createMembership(db(), { worksiteId: ws.id, personId: active.id });
    await inviteByEmail(admin.id, { worksiteId: ws.id, email: 'other-address@example.com' }, ctx);
    const { token: t2 } = await latestLink('other-address@example.com');
    expect((await acceptInvitation(active.id, t2, ctx)).outcome).toBe('ALREADY_MEMBER');
    expect(
      await db().membership.findUniqueOrThrow({
        where: { personId_worksiteId: { personId: active.id, worksiteId: ws.id } },
      }),
    ).toMatchObject({ status: 'ACTIVE' });
  });

  it('the invitation page shows the worksite for a pending link and who accepted it', async () => {
    const { ws, token } = await invite();
    const guest = await ensurePerson(db());
    expect(await invitationForPage(await viewerFor(guest.id), token)).toEqual({
      state: 'PENDING',
      acceptedByViewer: false,
      worksite: {
        id: ws.id,
        operatingName: 'Harbour Clinic',
        worksiteCode: ws.worksiteCode,
        active: true,
      },
    });
    await acceptInvitation(guest.id, token, ctx);
    expect(await invitationForPage(await viewerFor(guest.id), token)).toMatchObject({
      state: 'ACCEPTED',
      acceptedByViewer: true,
    });
  });
});

describe('resending', () => {
  it('sends a new link for 14 more days, counts it, and the old link stops working', async () => {
    const { admin, ws, email, invitationId, token: oldToken } = await invite();
    await db().invitation.update({
      where: { id: invitationId },
      data: { expiresAt: fromNow(-(1000)) },
    });
    const r = await resendInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx);
    expect(r.sentCount).toBe(2);
    const { token: newToken } = await latestLink(email);
    expect(newToken).not.toBe(oldToken);
    const inv = await db().invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(inv).toMatchObject({ sentCount: 2, status: 'PENDING', tokenHash: sha256(newToken) });
    expect(inv.expiresAt.getTime()).toBeGreaterThan(now().getTime() + 13.9 * 86_400_000);
    expect(await db().outboxEmail.count({ where: { toAddress: email } })).toBe(2);
    const [event] = await db().auditEvent.findMany({
      where: { worksiteId: ws.id, action: 'invitation.resent' },
    });
    expect(event).toMatchObject({ before: { sentCount: 1 }, after: { sentCount: 2 } });

    const guest = await ensurePerson(db());
    expect(await refusal(acceptInvitation(guest.id, oldToken, ctx))).toEqual({
      code: 'NOT_FOUND',
      message: UNKNOWN_INVITATION_MESSAGE,
    });
    expect((await acceptInvitation(guest.id, newToken, ctx)).outcome).toBe('JOINED');
    expect(
      await refusal(resendInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx)),
    ).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it("resend and revoke of another worksite's invitation look exactly like a missing one", async () => {
    const { invitationId, ws } = await invite();
    const other = await site();
    const member = await ensurePerson(db());
    await createMembership(db(), { worksiteId: ws.id, personId: member.id });
    for (const fn of [resendInvitation, revokeInvitation]) {
      const forged = await refusal(
        fn(other.admin.id, { worksiteId: other.ws.id, invitationId }, ctx),
      );
      const random = await refusal(
        fn(other.admin.id, { worksiteId: other.ws.id, invitationId: randomUUID() }, ctx),
      );
      expect(forged).toEqual({ code: 'NOT_FOUND', message: 'We could not find that invitation.' });
      expect(random).toEqual(forged);
      expect(await refusal(fn(other.admin.id, { worksiteId: ws.id, invitationId }, ctx))).toEqual({
        code: 'NOT_FOUND',
        message: 'We could not find that worksite.',
      });
      expect(await refusal(fn(member.id, { worksiteId: ws.id, invitationId }, ctx))).toEqual({
        code: 'NOT_FOUND',
        message: 'We could not find that worksite.',
      });
    }
    expect(await db().invitation.findUniqueOrThrow({ where: { id: invitationId } })).toMatchObject({
      status: 'PENDING',
      sentCount: 1,
    });
  });

  it('an accept racing a resend either joins with the old link or is refused; never both, never a server error', async () => {
    for (let round = 0; round < 5; round++) {
      const { admin, ws, invitationId, token } = await invite();
      const guest = await ensurePerson(db());
      const [accepted, resent] = await Promise.all([
        refusal(acceptInvitation(guest.id, token, ctx)),
        refusal(resendInvitation(admin.id, { worksiteId: ws.id, invitationId }, ctx)),
      ]);
      const inv = await db().invitation.findUniqueOrThrow({ where: { id: invitationId } });
      if (accepted === null) {
        expect(resent).toMatchObject({ code: 'INVALID_TRANSITION' });
        expect(inv.status).toBe('ACCEPTED');
      } else {
        expect(accepted).toEqual({ code: 'NOT_FOUND', message: UNKNOWN_INVITATION_MESSAGE });
        expect(resent).toBeNull();
        expect(inv).toMatchObject({ status: 'PENDING', sentCount: 2 });
      }
    }
  });
});
