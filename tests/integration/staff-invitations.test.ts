// SPEC §18: a staff role goes to the identity that signs in and accepts a single-use link, or
// to a person picked by id; never to whoever typed an email address.
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StaffRoleKind } from '@/generated/prisma/client';
import { DomainError } from '@/lib/errors';
import { db } from '@/server/db';
import { newInvitationToken } from '@/server/invitations/token';
import { updateProfile } from '@/server/people/service';
import { profileSchema } from '@/server/people/schema';
import { grantStaffRoleByAdmin, revokeStaffRole } from '@/server/staff/admin-service';
import { findStaffRoleCandidates, listOpenStaffInvitations, staffInvitationForPage } from '@/server/staff/invitation-queries';
import {
  EXPIRED_STAFF_INVITATION_MESSAGE,
  REVOKED_STAFF_INVITATION_MESSAGE,
  STALE_STAFF_INVITATION_MESSAGE,
  UNKNOWN_STAFF_INVITATION_MESSAGE,
  USED_STAFF_INVITATION_MESSAGE,
} from '@/server/staff/invitation-rules';
import { acceptStaffInvitation, inviteStaff, revokeStaffInvitation } from '@/server/staff/invitation-service';
import { ensurePerson } from '../factories/people';
import { advance, now, setNow } from '../support/clock';

const ctx = { requestId: 'req-staff-invite', ip: '198.51.100.7', userAgent: 'vitest' };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const DAY = 24 * 3_600_000;

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

async function staffAdmin() {
  const p = await ensurePerson(db(), { givenName: 'Stella', familyName: 'Admin', staffRoles: ['STAFF_ADMIN'] });
  return { id: p.id, staffRoles: ['STAFF_ADMIN'] as StaffRoleKind[] };
}

/** A signed-in person with no staff role, as the pages pass them. */
const viewer = (p: { id: string }) => ({ id: p.id, staffRoles: [] as StaffRoleKind[] });

const rolesOf = async (personId: string) =>
  (await db().staffRole.findMany({ where: { personId } })).map((r) => r.role).sort();

/** Sends an invitation and returns the token from the email, as the invitee would click it. */
async function invite(admin: { id: string; staffRoles: StaffRoleKind[] }, email: string, role: StaffRoleKind = 'ENROLMENT_TEAM') {
  const { invitationId } = await inviteStaff(admin, { email, role }, ctx);
  const mail = await db().outboxEmail.findFirstOrThrow({ where: { toAddress: email.toLowerCase(), template: 'staff.invitation-sent' }, orderBy: { createdAt: 'desc' } });
  const token = /\/staff-invitations\/([A-Za-z0-9_-]{43})/.exec(mail.textBody)?.[1];
  expect(token, 'the email carries the link').toBeTruthy();
  return { invitationId, token: token!, mail };
}

/** Everything a refused attempt must leave alone. */
const stateOf = async () => ({
  roles: await db().staffRole.count(),
  invitations: (await db().staffInvitation.findMany({ orderBy: { id: 'asc' } })).map((i) => [i.id, i.status, i.acceptedById]),
  accepts: await db().auditEvent.count({ where: { action: 'staff.role_invitation_accepted' } }),
});

describe('inviting a new staff member', () => {
  it('emails a single-use link, stores only its hash, and audits the invitation', async () => {
    const admin = await staffAdmin();
    const email = `Newcomer.${randomUUID().slice(0, 6)}@Example.com`;
    const sentFrom = now().getTime();
    const { invitationId, token, mail } = await invite(admin, email, 'AUDITOR');
    const sentBy = now().getTime();
    const inv = await db().staffInvitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(inv).toMatchObject({ email: email.toLowerCase(), role: 'AUDITOR', status: 'PENDING', invitedById: admin.id });
    expect(inv.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(inv)).not.toContain(token);
    expect(inv.expiresAt.getTime()).toBeGreaterThanOrEqual(sentFrom + 7 * DAY);
    expect(inv.expiresAt.getTime()).toBeLessThanOrEqual(sentBy + 7 * DAY);
    expect(mail.subject).toContain('staff');
    expect(mail.htmlBody).toContain(`/staff-invitations/${token}`);
    const [event] = await db().auditEvent.findMany({ where: { targetId: invitationId, action: 'staff.role_invited' } });
    expect(event).toMatchObject({ actorType: 'STAFF', actorId: admin.id, targetType: 'STAFF_INVITATION', requestId: ctx.requestId, ip: ctx.ip });
    expect(JSON.stringify([event!.before, event!.after])).not.toContain(token);
    // The staff page lists it, waiting.
    const open = await listOpenStaffInvitations(admin);
    expect(open.find((i) => i.id === invitationId)).toMatchObject({ state: 'PENDING', roleLabel: 'Auditor / privacy officer' });
  });

  it('a second invitation for the same address and role is refused while the first waits', async () => {
    const admin = await staffAdmin();
    const email = `twice.${randomUUID().slice(0, 6)}@example.com`;
    await invite(admin, email);
    expect(await refusal(inviteStaff(admin, { email, role: 'ENROLMENT_TEAM' }, ctx))).toMatchObject({ code: 'CONFLICT' });
    expect(await db().staffInvitation.count({ where: { email } })).toBe(1);
    expect(await db().outboxEmail.count({ where: { toAddress: email } })).toBe(1);
  });

  it('only a staff admin who still holds the role may invite or revoke', async () => {
    const admin = await staffAdmin();
    const { invitationId } = await invite(admin, `kept.${randomUUID().slice(0, 6)}@example.com`);
    for (const roles of [['ENROLMENT_TEAM'], ['AUDITOR'], []] as StaffRoleKind[][]) {
      const p = await ensurePerson(db(), { staffRoles: roles });
      const caller = { id: p.id, staffRoles: roles };
      expect(await refusal(inviteStaff(caller, { email: 'x@example.com', role: 'STAFF_ADMIN' }, ctx))).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(revokeStaffInvitation(caller, { invitationId }, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    }
    // Claiming the role without holding it in the database is refused too.
    const impostor = await ensurePerson(db());
    const claim = { id: impostor.id, staffRoles: ['STAFF_ADMIN'] as StaffRoleKind[] };
    expect(await refusal(inviteStaff(claim, { email: 'x@example.com', role: 'STAFF_ADMIN' }, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(revokeStaffInvitation(claim, { invitationId }, ctx))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await db().staffInvitation.count({ where: { email: 'x@example.com' } })).toBe(0);
    expect((await db().staffInvitation.findUniqueOrThrow({ where: { id: invitationId } })).status).toBe('PENDING');
  });
});

describe('accepting a staff invitation', () => {
  it('gives the role to the identity that signs in and accepts, whatever its email, and audits who that is', async () => {
    const admin = await staffAdmin();
    const email = `team.${randomUUID().slice(0, 6)}@example.com`;
    const { invitationId, token } = await invite(admin, email);
    // The card's email differs from the address the link went to.
    const invitee = await ensurePerson(db(), { email: `card.${randomUUID().slice(0, 6)}@example.com`, subject: `sub-${randomUUID()}` });
    expect(await staffInvitationForPage(viewer(invitee), token)).toMatchObject({ state: 'PENDING', roleLabel: 'Enrolment team' });

    expect(await acceptStaffInvitation(invitee.id, token, ctx)).toEqual({ role: 'ENROLMENT_TEAM', roleLabel: 'Enrolment team', outcome: 'GRANTED' });
    expect(await rolesOf(invitee.id)).toEqual(['ENROLMENT_TEAM']);
    const role = await db().staffRole.findFirstOrThrow({ where: { personId: invitee.id } });
    expect(role.grantedById).toBe(admin.id);
    expect(await db().staffInvitation.findUniqueOrThrow({ where: { id: invitationId } })).toMatchObject({ status: 'ACCEPTED', acceptedById: invitee.id });
    const account = await db().loginAccount.findFirstOrThrow({ where: { personId: invitee.id } });
    const [accepted] = await db().auditEvent.findMany({ where: { targetId: invitationId, action: 'staff.role_invitation_accepted' } });
    expect(accepted).toMatchObject({ actorType: 'PERSON', actorId: invitee.id, personId: invitee.id });
    expect(accepted!.after).toMatchObject({ role: 'ENROLMENT_TEAM', granted: true, issuer: account.issuer, subject: account.subject });
    expect(await db().auditEvent.count({ where: { personId: invitee.id, action: 'staff.role_granted' } })).toBe(1);

    // Pressing Accept again (a second tab) answers the same and changes nothing.
    expect(await acceptStaffInvitation(invitee.id, token, ctx)).toMatchObject({ outcome: 'GRANTED' });
    expect(await db().auditEvent.count({ where: { targetId: invitationId, action: 'staff.role_invitation_accepted' } })).toBe(1);
    expect(await staffInvitationForPage(viewer(invitee), token)).toMatchObject({ state: 'ACCEPTED', acceptedByViewer: true });
    expect((await listOpenStaffInvitations(admin)).some((i) => i.id === invitationId)).toBe(false);
  });

  it('a person who typed the invitee\u2019s email as their contact email gets nothing', async () => {
    const admin = await staffAdmin();
    const colleague = `future.colleague.${randomUUID().slice(0, 6)}@example.com`;
    // Mallory types the future colleague's address on her profile before the invitation exists…
    const mallory = await ensurePerson(db(), { givenName: 'Mallory' });
    await updateProfile(mallory.id, profileSchema.parse({ preferredGivenName: '', preferredFamilyName: '', contactEmail: colleague, contactPhone: '' }), ctx);
    // …and, as on a database from before confirmation existed, even holds it as her contact email.
    const squatter = await ensurePerson(db(), { givenName: 'Sam' });
    await db().person.update({ where: { id: squatter.id }, data: { contactEmail: colleague } });

    // Searching that address finds neither: only names, the card's email and subjects are searched.
    expect(await findStaffRoleCandidates(admin, colleague)).toEqual([]);
    expect((await findStaffRoleCandidates(admin, 'Mallory')).map((c) => c.personId)).toContain(mallory.id);

    const { token } = await invite(admin, colleague);
    // The link went to the colleague's mailbox, not to Mallory's or Sam's records.
    expect(await db().outboxEmail.count({ where: { template: 'staff.invitation-sent', personId: { in: [mallory.id, squatter.id] } } })).toBe(0);
    expect(await rolesOf(mallory.id)).toEqual([]);
    expect(await rolesOf(squatter.id)).toEqual([]);

    // The colleague signs in for the first time and accepts; the role is theirs alone.
    const colleagueIdentity = await ensurePerson(db(), { givenName: 'Colette', email: `colette.${randomUUID().slice(0, 6)}@card.example` });
    await acceptStaffInvitation(colleagueIdentity.id, token, ctx);
    expect(await rolesOf(colleagueIdentity.id)).toEqual(['ENROLMENT_TEAM']);
    expect(await rolesOf(mallory.id)).toEqual([]);
    expect(await rolesOf(squatter.id)).toEqual([]);
    // Mallory's typed address is still only waiting for a confirmation she cannot give.
    expect((await db().person.findUniqueOrThrow({ where: { id: mallory.id } })).contactEmail).not.toBe(colleague);
  });

  it('refuses a forged or mangled link with the "not valid" answer and changes nothing', async () => {
    const admin = await staffAdmin();
    await invite(admin, `real.${randomUUID().slice(0, 6)}@example.com`);
    const someone = await ensurePerson(db());
    const before = await stateOf();
    for (const forged of [newInvitationToken(), 'short', `${newInvitationToken()}x`, '../../etc/passwd']) {
      expect(await refusal(acceptStaffInvitation(someone.id, forged, ctx))).toEqual({ code: 'NOT_FOUND', message: UNKNOWN_STAFF_INVITATION_MESSAGE });
      expect(await staffInvitationForPage(viewer(someone), forged)).toEqual({ state: 'UNKNOWN' });
    }
    expect(await stateOf()).toEqual(before);
    expect(await rolesOf(someone.id)).toEqual([]);
  });

  it('after many links that are not valid from one address, even a real one is refused from there', async () => {
    const admin = await staffAdmin();
    const { token } = await invite(admin, `guessed.${randomUUID().slice(0, 6)}@example.com`);
    const guesser = await ensurePerson(db());
    const from = { ...ctx, clientAddress: `192.0.2.${Math.floor(Math.random() * 200) + 1}` };
    let last: { code: string; message: string } | null = null;
    for (let i = 0; i < 25 && last?.code !== 'RATE_LIMITED'; i++) last = await refusal(acceptStaffInvitation(guesser.id, newInvitationToken(), from));
    expect(last).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await refusal(acceptStaffInvitation(guesser.id, token, from))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await rolesOf(guesser.id)).toEqual([]);
    // Another address is not slowed down.
    await acceptStaffInvitation(guesser.id, token, { ...ctx, clientAddress: '198.51.100.250' });
    expect(await rolesOf(guesser.id)).toEqual(['ENROLMENT_TEAM']);
  });

  it('refuses an expired link, one second after its 7 days, and changes nothing', async () => {
    const admin = await staffAdmin();
    const { invitationId, token } = await invite(admin, `late.${randomUUID().slice(0, 6)}@example.com`);
    const invitee = await ensurePerson(db());
    const inv = await db().staffInvitation.findUniqueOrThrow({ where: { id: invitationId } });
    setNow(new Date(inv.expiresAt.getTime() - 60_000));
    expect(await staffInvitationForPage(viewer(invitee), token)).toMatchObject({ state: 'PENDING' });
    advance(61_000);
    expect(await staffInvitationForPage(viewer(invitee), token)).toMatchObject({ state: 'EXPIRED' });
    const before = await stateOf();
    expect(await refusal(acceptStaffInvitation(invitee.id, token, ctx))).toEqual({ code: 'INVALID_TRANSITION', message: EXPIRED_STAFF_INVITATION_MESSAGE });
    expect(await stateOf()).toEqual(before);
    expect(await rolesOf(invitee.id)).toEqual([]);
    // The staff page shows it as expired, and it can be cleared.
    expect((await listOpenStaffInvitations(admin)).find((i) => i.id === invitationId)).toMatchObject({ state: 'EXPIRED', stateLabel: 'Expired' });
    await revokeStaffInvitation(admin, { invitationId }, ctx);
  });

  it('refuses a reused link: the second identity gets nothing', async () => {
    const admin = await staffAdmin();
    const { token } = await invite(admin, `once.${randomUUID().slice(0, 6)}@example.com`, 'STAFF_ADMIN');
    const first = await ensurePerson(db());
    const second = await ensurePerson(db());
    await acceptStaffInvitation(first.id, token, ctx);
    const before = await stateOf();
    expect(await refusal(acceptStaffInvitation(second.id, token, ctx))).toEqual({ code: 'INVALID_TRANSITION', message: USED_STAFF_INVITATION_MESSAGE });
    expect(await staffInvitationForPage(viewer(second), token)).toMatchObject({ state: 'ACCEPTED', acceptedByViewer: false });
    expect(await stateOf()).toEqual(before);
    expect(await rolesOf(second.id)).toEqual([]);
    expect(await rolesOf(first.id)).toEqual(['STAFF_ADMIN']);
  });

  it('refuses a revoked link; revoking is audited and happens once', async () => {
    const admin = await staffAdmin();
    const { invitationId, token } = await invite(admin, `withdrawn.${randomUUID().slice(0, 6)}@example.com`);
    expect(await revokeStaffInvitation(admin, { invitationId }, ctx)).toEqual({ revoked: true });
    const [event] = await db().auditEvent.findMany({ where: { targetId: invitationId, action: 'staff.role_invitation_revoked' } });
    expect(event).toMatchObject({ actorType: 'STAFF', actorId: admin.id, after: { status: 'REVOKED' } });
    expect(await refusal(revokeStaffInvitation(admin, { invitationId }, ctx))).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await refusal(revokeStaffInvitation(admin, { invitationId: randomUUID() }, ctx))).toMatchObject({ code: 'NOT_FOUND' });

    const invitee = await ensurePerson(db());
    const before = await stateOf();
    expect(await refusal(acceptStaffInvitation(invitee.id, token, ctx))).toEqual({ code: 'INVALID_TRANSITION', message: REVOKED_STAFF_INVITATION_MESSAGE });
    expect(await stateOf()).toEqual(before);
    expect(await rolesOf(invitee.id)).toEqual([]);
  });

  it('a link from someone who has since lost the staff admin role grants nothing', async () => {
    const admin = await staffAdmin();
    const other = await staffAdmin();
    const { token } = await invite(admin, `orphan.${randomUUID().slice(0, 6)}@example.com`);
    await revokeStaffRole(other, { personId: admin.id, role: 'STAFF_ADMIN' }, ctx);
    const invitee = await ensurePerson(db());
    expect(await refusal(acceptStaffInvitation(invitee.id, token, ctx))).toEqual({ code: 'INVALID_TRANSITION', message: STALE_STAFF_INVITATION_MESSAGE });
    expect(await rolesOf(invitee.id)).toEqual([]);
  });

  it('two identities accepting the same link at once: exactly one gets the role', async () => {
    const admin = await staffAdmin();
    for (let round = 0; round < 5; round++) {
      const { token, invitationId } = await invite(admin, `race${round}.${randomUUID().slice(0, 6)}@example.com`);
      const a = await ensurePerson(db());
      const b = await ensurePerson(db());
      const results = await Promise.allSettled([acceptStaffInvitation(a.id, token, ctx), acceptStaffInvitation(b.id, token, ctx)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await db().staffRole.count({ where: { personId: { in: [a.id, b.id] } } })).toBe(1);
      expect(await db().auditEvent.count({ where: { targetId: invitationId, action: 'staff.role_invitation_accepted' } })).toBe(1);
    }
  });
});

describe('granting to someone who has signed in', () => {
  it('finds people by name, the card\u2019s email or subject, shows their identity, and grants by id', async () => {
    const admin = await staffAdmin();
    const tag = randomUUID().slice(0, 6);
    const subject = `sub-find-${tag}`;
    const p = await ensurePerson(db(), { givenName: 'Findable', familyName: `Person${tag}`, email: `card.${tag}@example.com`, subject });
    for (const q of [`findable person${tag}`, `CARD.${tag}@example.com`, subject]) {
      const found = await findStaffRoleCandidates(admin, q);
      expect(found.map((c) => c.personId), q).toEqual([p.id]);
      expect(found[0]!.identities).toEqual([{ issuer: expect.any(String), subject }]);
      expect(found[0]!.idpEmail).toBe(`card.${tag}@example.com`);
    }
    expect(await findStaffRoleCandidates(admin, 'x')).toEqual([]); // too short to search
    await grantStaffRoleByAdmin(admin, { personId: p.id, role: 'AUDITOR' }, ctx);
    expect(await rolesOf(p.id)).toEqual(['AUDITOR']);
    // Only staff admins may search.
    const team = await ensurePerson(db(), { staffRoles: ['ENROLMENT_TEAM'] });
    expect(await refusal(findStaffRoleCandidates({ id: team.id, staffRoles: ['ENROLMENT_TEAM'] }, subject))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(listOpenStaffInvitations({ id: team.id, staffRoles: ['ENROLMENT_TEAM'] }))).toMatchObject({ code: 'FORBIDDEN' });
  });
});
