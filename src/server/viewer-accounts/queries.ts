import 'server-only';
import { clock } from '@/lib/clock';
import { can, type Subject } from '../authz/policy';
import { db } from '../db';
import { env } from '../env';
import { accountState, STATE_LABEL, type ViewerAccountStateCode } from './rules';

// Reads of the viewer account. None of them ever returns the password hash.

export type ViewerAccountState = {
  username: string;
  state: ViewerAccountStateCode;
  passwordExpiresAt: Date | null;
  lockedUntil: Date | null;
};

const STATE_SELECT = { username: true, passwordHash: true, passwordExpiresAt: true, lockedUntil: true } as const;

export function stateOf(a: { username: string; passwordHash: string | null; passwordExpiresAt: Date | null; lockedUntil: Date | null }, now: Date): ViewerAccountState {
  const state = accountState(a, now);
  return {
    username: a.username,
    state,
    passwordExpiresAt: a.passwordHash ? a.passwordExpiresAt : null,
    lockedUntil: state === 'LOCKED' ? a.lockedUntil : null,
  };
}

/** The account's state for the access API's answer; null when none was issued yet. */
export async function viewerAccountState(personId: string, now: Date = clock.now()): Promise<ViewerAccountState | null> {
  const a = await db().viewerAccount.findUnique({ where: { personId }, select: STATE_SELECT });
  return a ? stateOf(a, now) : null;
}

/** The signed-in person's own account, for the dashboard and the viewer-account page. */
export async function myViewerAccount(personId: string, now: Date = clock.now()) {
  const a = await db().viewerAccount.findUnique({ where: { personId }, select: { ...STATE_SELECT, passwordSetAt: true } });
  if (!a) return null;
  return { ...stateOf(a, now), stateLabel: STATE_LABEL[accountState(a, now)], passwordSetAt: a.passwordSetAt, passwordDays: env().VIEWER_PASSWORD_DAYS };
}

/** The team's view on the person page: any staff role reads it; only the team unlocks. */
export async function viewerAccountForTeam(me: Subject, personId: string, now: Date = clock.now()) {
  if (!can(me, 'team.person.read')) return null;
  const a = await db().viewerAccount.findUnique({
    where: { personId },
    select: { ...STATE_SELECT, passwordSetAt: true, failedAttempts: true, createdAt: true },
  });
  if (!a) return null;
  const s = stateOf(a, now);
  return {
    ...s,
    stateLabel: STATE_LABEL[s.state],
    passwordSetAt: a.passwordSetAt,
    issuedAt: a.createdAt,
    failedAttempts: a.failedAttempts,
    mayUnlock: s.state === 'LOCKED' && can(me, 'viewerAccount.unlock') && personId !== me.id,
  };
}
