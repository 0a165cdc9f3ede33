import 'server-only';
import type { ViewerAccount, ViewerSignInResult } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { audit } from '../audit';
import { accessForPerson } from '../access/queries';
import { accessReason, type AccessReason } from '../access/rules';
import type { VerifiedApiKey } from '../api-keys/service';
import { db, type Tx } from '../db';
import { checkViewerPassword } from './hash';
import { afterWrongPassword, failureWindowStart } from './rules';
import { verifyRequestSchema } from './schema';

// POST /api/v1/viewer-accounts/verify (SPEC §14): the viewer asks whether a username and password
// may sign in now. Documented in docs/api/viewer-accounts.md.

export type VerifyBody =
  | { result: 'ok'; passwordExpiresAt: string }
  | { result: 'expired' }
  | { result: 'locked' }
  | { result: 'no_access'; reasons: AccessReason[] }
  | { result: 'invalid' };

export type VerifyOutcome =
  | { status: 200; body: VerifyBody }
  | { status: 400; body: { error: 'invalid_request'; message: string; fieldErrors: Record<string, string> } };

type Input = { apiKey: VerifiedApiKey; body: unknown; requestId?: string | null; ip?: string | null; now?: Date };

const RESULT: Record<VerifyBody['result'], ViewerSignInResult> = {
  ok: 'OK',
  expired: 'EXPIRED',
  locked: 'LOCKED',
  no_access: 'NO_ACCESS',
  invalid: 'WRONG_PASSWORD',
};

/** The lock in force for a username: the account's own (staff can clear it), or for a username
 * that has no account, the one its wrong passwords started, so both answer alike. The attempts
 * are read either way, so a known username takes no less work than an unknown one. */
async function lockedUntil(client: Pick<Tx, 'viewerSignInAttempt'>, username: string, account: ViewerAccount | null, now: Date) {
  const lock = await client.viewerSignInAttempt.findFirst({
    where: { username, lockedUntil: { gt: now } },
    orderBy: { lockedUntil: 'desc' },
    select: { lockedUntil: true },
  });
  if (account) return account.lockedUntil && account.lockedUntil > now ? account.lockedUntil : null;
  return lock?.lockedUntil ?? null;
}

/** With the right password: expired, or else ok when the person may open the viewer at one of
 * their worksites at least, or else no_access with every distinct reason over their worksites. */
async function rightPasswordAnswer(account: ViewerAccount, now: Date): Promise<VerifyBody> {
  if (!account.passwordExpiresAt || account.passwordExpiresAt <= now) return { result: 'expired' };
  const places = await accessForPerson(account.personId, now);
  if (places.some((p) => p.onsite.allowed || p.remote?.allowed))
    return { result: 'ok', passwordExpiresAt: account.passwordExpiresAt.toISOString() };
  const reasons = new Map<string, AccessReason>();
  for (const p of places) for (const r of p.onsite.reasons) if (!reasons.has(r.code)) reasons.set(r.code, r);
  // No worksite at all: the access decision has nothing to refuse, so say what is missing.
  if (reasons.size === 0) reasons.set('MEMBERSHIP_NOT_ACTIVE', accessReason('MEMBERSHIP_NOT_ACTIVE'));
  return { result: 'no_access', reasons: [...reasons.values()] };
}

export async function verifyViewerSignIn(input: Input): Promise<VerifyOutcome> {
  const now = input.now ?? clock.now();
  const parsed = verifyRequestSchema.safeParse(input.body);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') for (const k of issue.keys) fieldErrors[k] ??= 'Unknown field';
      else fieldErrors[issue.path.join('.') || '_'] ??= issue.message;
    }
    return { status: 400, body: { error: 'invalid_request', message: 'Send a JSON object with username and password.', fieldErrors } };
  }
  const { username, password } = parsed.data;
  const account = await db().viewerAccount.findUnique({ where: { username } });

  // The slow parts run before the transaction, so it holds a connection only briefly: a locked
  // username is refused without hashing; otherwise the password is checked (against a dummy hash
  // when there is no account or no password, which costs the same).
  const lockedBefore = await lockedUntil(db(), username, account, now);
  const passwordOk = lockedBefore ? false : await checkViewerPassword(account?.passwordHash ?? null, password);
  const answer = passwordOk && account ? await rightPasswordAnswer(account, now) : null;

  return db().$transaction(async (tx) => {
    // One check at a time per username, known or not, so "5 wrong passwords in 15 minutes" holds
    // exactly when many arrive at once.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`viewer-sign-in:${username}`}, 0))`;
    const fresh = await tx.viewerAccount.findUnique({ where: { username } });
    const lock = await lockedUntil(tx, username, fresh, now);
    let body: VerifyBody;
    let attemptLock: Date | null = null;
    let failedAttempts: number | null = null;
    // A password changed since it was checked makes the check stale: count it as wrong.
    const stillValid = answer !== null && fresh !== null && fresh.passwordHash === account?.passwordHash;
    if (lock) {
      body = { result: 'locked' };
    } else if (stillValid) {
      body = answer!;
      // The right password starts the count again.
      await tx.viewerAccount.update({ where: { id: fresh!.id }, data: { failedAttempts: 0, failuresResetAt: now } });
      failedAttempts = 0;
    } else {
      const since = failureWindowStart(now, fresh?.failuresResetAt ?? null);
      const before = await tx.viewerSignInAttempt.count({ where: { username, result: 'WRONG_PASSWORD', at: { gt: since } } });
      const next = afterWrongPassword(before, now);
      attemptLock = next.lockedUntil;
      failedAttempts = next.failedAttempts;
      if (fresh) await tx.viewerAccount.update({ where: { id: fresh.id }, data: { failedAttempts: next.failedAttempts, lockedUntil: next.lockedUntil } });
      body = { result: 'invalid' };
    }
    await tx.viewerSignInAttempt.create({
      data: { username, viewerAccountId: fresh?.id ?? null, result: RESULT[body.result], lockedUntil: attemptLock, at: now },
    });
    await audit(tx, {
      actor: { type: 'SERVICE', label: input.apiKey.name, apiKeyId: input.apiKey.id },
      action: 'viewer_account.sign_in_checked',
      target: { type: 'VIEWER_ACCOUNT', id: fresh?.id ?? null },
      personId: fresh?.personId ?? null,
      // Never the password: only what was asked and what was answered.
      after: {
        username,
        result: body.result,
        ...(body.result === 'no_access' ? { reasons: body.reasons.map((r) => r.code) } : {}),
        ...(failedAttempts !== null ? { failedAttempts } : {}),
        ...(attemptLock ? { lockedUntil: attemptLock.toISOString() } : {}),
      },
      requestId: input.requestId ?? null,
      ip: input.ip ?? null,
    });
    return { status: 200 as const, body };
  });
}
