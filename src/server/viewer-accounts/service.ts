import 'server-only';
import { clock } from '@/lib/clock';
import { DomainError } from '@/lib/errors';
import { isUuid } from '@/lib/ids';
import { type Actor, audit, byPerson } from '../audit';
import { db, type Tx } from '../db';
import { env } from '../env';
import { requireDecider, type StaffCaller } from '../decisions/caller';
import type { AuditContext as Ctx } from '../request-context';
import { isCommonPassword } from './common-passwords';
import { hashViewerPassword } from './hash';
import { passwordExpiry, passwordProblem, pickUsername, usernameBase } from './rules';
import type { SetViewerPasswordInput, UnlockViewerAccountInput } from './schema';

type Named = {
  id: string;
  legalGivenName: string;
  legalFamilyName: string;
  preferredGivenName: string | null;
  preferredFamilyName: string | null;
};

const USERNAME_ATTEMPTS = 5;

/**
 * Issues the person's viewer username, once (SPEC §14), inside the caller's transaction: the
 * enrolment approval that sends the welcome package. A second call returns the same username.
 */
export async function issueViewerAccount(tx: Tx, person: Named, actor: Actor, ctx: Ctx = {}): Promise<{ username: string; issued: boolean }> {
  const existing = await tx.viewerAccount.findUnique({ where: { personId: person.id }, select: { username: true } });
  if (existing) return { username: existing.username, issued: false };
  const base = usernameBase(
    person.preferredGivenName?.trim() || person.legalGivenName,
    person.preferredFamilyName?.trim() || person.legalFamilyName,
  );
  for (let attempt = 1; attempt <= USERNAME_ATTEMPTS; attempt++) {
    const taken = await tx.viewerAccount.findMany({ where: { username: { startsWith: base } }, select: { username: true } });
    const username = pickUsername(base, new Set(taken.map((t) => t.username)));
    // Another approval may take the same name meanwhile: skipDuplicates turns that into "no row"
    // (the transaction stays usable) and the next free name is tried.
    const [created] = await tx.viewerAccount.createManyAndReturn({ data: [{ personId: person.id, username }], skipDuplicates: true });
    if (created) {
      await audit(tx, {
        actor,
        action: 'viewer_account.issued',
        target: { type: 'VIEWER_ACCOUNT', id: created.id },
        personId: person.id,
        after: { username },
        requestId: ctx.requestId,
        ip: ctx.ip,
      });
      return { username, issued: true };
    }
    const mine = await tx.viewerAccount.findUnique({ where: { personId: person.id }, select: { username: true } });
    if (mine) return { username: mine.username, issued: false };
  }
  throw new Error(`No free viewer username after ${USERNAME_ATTEMPTS} attempts`);
}

const noAccount = () =>
  new DomainError(
    'INVALID_TRANSITION',
    'You do not have a CareConnect viewer account yet. The portal sets it up when the enrolment team approves your enrolment.',
  );

/** The person sets or resets their own viewer password, signed in with the BC Services Card. */
export async function setViewerPassword(personId: string, input: SetViewerPasswordInput, ctx: Ctx = {}, now = clock.now()) {
  const account = await db().viewerAccount.findUnique({ where: { personId }, include: { person: true } });
  if (!account) throw noAccount();
  const p = account.person;
  const problem = passwordProblem(input.password, {
    username: account.username,
    names: [p.legalGivenName, p.legalFamilyName, p.preferredGivenName, p.preferredFamilyName],
    isCommon: isCommonPassword,
  });
  if (problem) throw new DomainError('VALIDATION', 'Please choose another password.', { password: problem });
  // Hashed before the transaction: the slow part holds no connection.
  const passwordHash = await hashViewerPassword(input.password);
  const passwordExpiresAt = passwordExpiry(now, env().VIEWER_PASSWORD_DAYS);
  const wasSet = account.passwordHash !== null;
  const wasLocked = account.lockedUntil !== null && account.lockedUntil > now;
  await db().$transaction(async (tx) => {
    // A new password also clears a lock: the person has just proved who they are.
    await tx.viewerAccount.update({
      where: { id: account.id },
      data: { passwordHash, passwordSetAt: now, passwordExpiresAt, failedAttempts: 0, failuresResetAt: now, lockedUntil: null },
    });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: wasSet ? 'viewer_account.password_reset' : 'viewer_account.password_set',
      target: { type: 'VIEWER_ACCOUNT', id: account.id },
      personId,
      after: { passwordExpiresAt: passwordExpiresAt.toISOString(), ...(wasLocked ? { unlocked: true } : {}) },
    });
  });
  return { passwordExpiresAt };
}

const accountNotFound = () => new DomainError('NOT_FOUND', 'We could not find a viewer account for that person.');

/** Staff unlock an account locked after too many wrong passwords; the count starts again. */
export async function unlockViewerAccount(staff: StaffCaller, input: UnlockViewerAccountInput, ctx: Ctx = {}, now = clock.now()) {
  // Unlocking is support work for the enrolment team (the policy table says who).
  requireDecider(staff, 'viewerAccount.unlock', 'Only the enrolment team can do this.');
  if (!isUuid(input.personId)) throw accountNotFound();
  if (input.personId === staff.id) throw new DomainError('FORBIDDEN', 'You cannot unlock your own viewer account. Ask another member of the team.');
  return db().$transaction(async (tx) => {
    const account = await tx.viewerAccount.findUnique({ where: { personId: input.personId } });
    if (!account) throw accountNotFound();
    // Guarded: of two staff unlocking at once, or a lock that ran out meanwhile, one is told.
    const r = await tx.viewerAccount.updateMany({
      where: { id: account.id, lockedUntil: { gt: now } },
      data: { lockedUntil: null, failedAttempts: 0, failuresResetAt: now },
    });
    if (r.count === 0) throw new DomainError('ALREADY_DECIDED', 'This viewer account is not locked (any more). Reload the page to see its state.');
    await audit(tx, {
      actor: { type: 'STAFF', personId: staff.id },
      action: 'viewer_account.unlocked',
      target: { type: 'VIEWER_ACCOUNT', id: account.id },
      personId: account.personId,
      before: { lockedUntil: account.lockedUntil?.toISOString() ?? null, failedAttempts: account.failedAttempts },
      after: { lockedUntil: null, failedAttempts: 0 },
      requestId: ctx.requestId,
      ip: ctx.ip,
    });
    return { unlocked: true as const };
  });
}
