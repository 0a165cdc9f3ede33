// The CareConnect viewer account's rules (SPEC §14): usernames, the password policy, expiry and
// the lock after repeated wrong passwords. Pure: no I/O, no clock (callers pass `now`).

export const MIN_PASSWORD_LENGTH = 12;
// Long enough for any passphrase; short enough that hashing cannot be used to load the server.
export const MAX_PASSWORD_LENGTH = 128;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const MAX_BASE_LENGTH = 20;
// Shorter name parts ("Li", "Jo") would refuse too many good passwords to be worth checking.
const MIN_NAME_PART = 3;

/** Lower-case ASCII letters only: accents folded ("Émilie" → "emilie"), everything else dropped. */
export function foldName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** First initial and family name, as the viewer's accounts have always been named ("pphysician").
 * Never the email: it changes, and it would tell anyone the address. */
export function usernameBase(given: string, family: string): string {
  const g = foldName(given);
  const f = foldName(family);
  const base = f ? `${g.slice(0, 1)}${f}` : g;
  return base.slice(0, MAX_BASE_LENGTH) || 'viewer';
}

/** The base itself when free, else the base with the smallest free number from 2. */
export function pickUsername(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}

export type PasswordContext = {
  username: string;
  /** Given, family and preferred names: none may appear in the password. */
  names: ReadonlyArray<string | null | undefined>;
  isCommon: (lowerCased: string) => boolean;
};

export const PASSWORD_MESSAGES = {
  tooShort: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
  tooLong: `Use ${MAX_PASSWORD_LENGTH} characters or fewer.`,
  control: 'Remove line breaks and other hidden characters.',
  common: 'This password is on a list of common passwords. Choose something harder to guess, such as a few unrelated words.',
  username: 'Do not use your viewer username in your password.',
  name: 'Do not use your name in your password.',
  mismatch: 'The two passwords do not match. Type the same password twice.',
} as const;

/** Length and characters: what the form can check before anything is sent. */
export function passwordShapeProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooShort;
  if (length > MAX_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooLong;
  if (/\p{Cc}/u.test(password)) return PASSWORD_MESSAGES.control;
  return null;
}

// "Password2026!" is "password" with decoration: strip digits, spaces and symbols at both ends.
const core = (s: string) => s.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');

/** The first thing wrong with a new viewer password, or null when it is acceptable. */
export function passwordProblem(password: string, ctx: PasswordContext): string | null {
  const shape = passwordShapeProblem(password);
  if (shape) return shape;
  const lower = password.toLowerCase();
  const bare = core(lower);
  if (ctx.isCommon(lower) || (bare.length > 0 && ctx.isCommon(bare))) return PASSWORD_MESSAGES.common;
  if (ctx.username && lower.includes(ctx.username.toLowerCase())) return PASSWORD_MESSAGES.username;
  // Compared without accents or separators as well, so "Émilie" is found in "emilie-2026-x".
  const folded = foldName(password);
  for (const n of ctx.names) {
    if (!n) continue;
    for (const part of n.split(/[\s\-'’.]+/)) {
      const p = part.toLowerCase();
      const f = foldName(part);
      if ((p.length >= MIN_NAME_PART && lower.includes(p)) || (f.length >= MIN_NAME_PART && folded.includes(f)))
        return PASSWORD_MESSAGES.name;
    }
  }
  return null;
}

/** The password is good for `days` whole days of 24 hours from when it was set. */
export const passwordExpiry = (setAt: Date, days: number) => new Date(setAt.getTime() + days * DAY_MS);

/** Failures count from 15 minutes ago, or from the last reset (success, unlock, new password). */
export function failureWindowStart(now: Date, resetAt: Date | null): Date {
  const start = now.getTime() - FAILURE_WINDOW_MS;
  return new Date(resetAt ? Math.max(start, resetAt.getTime()) : start);
}

/** After a wrong password: how many count now, and the lock it starts at the fifth. */
export function afterWrongPassword(failuresBefore: number, now: Date): { failedAttempts: number; lockedUntil: Date | null } {
  const failedAttempts = failuresBefore + 1;
  return { failedAttempts, lockedUntil: failedAttempts >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null };
}

export type ViewerAccountStateCode = 'PASSWORD_NOT_SET' | 'ACTIVE' | 'EXPIRED' | 'LOCKED';

export type AccountFacts = {
  passwordHash: string | null;
  passwordExpiresAt: Date | null;
  lockedUntil: Date | null;
};

/** Locked first (the viewer refuses it whatever the password), then whether a password works. */
export function accountState(a: AccountFacts, now: Date): ViewerAccountStateCode {
  if (a.lockedUntil && a.lockedUntil > now) return 'LOCKED';
  if (!a.passwordHash) return 'PASSWORD_NOT_SET';
  if (!a.passwordExpiresAt || a.passwordExpiresAt <= now) return 'EXPIRED';
  return 'ACTIVE';
}

export const STATE_LABEL: Record<ViewerAccountStateCode, string> = {
  PASSWORD_NOT_SET: 'Password not set yet',
  ACTIVE: 'Active',
  EXPIRED: 'Password expired',
  LOCKED: 'Locked after too many wrong passwords',
};
