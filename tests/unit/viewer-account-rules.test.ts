import { describe, expect, it } from 'vitest';
import {
  accountState,
  afterWrongPassword,
  failureWindowStart,
  PASSWORD_MESSAGES as M,
  passwordExpiry,
  passwordProblem,
  pickUsername,
  usernameBase,
} from '@/server/viewer-accounts/rules';
import { setViewerPasswordSchema } from '@/server/viewer-accounts/schema';
import { TRAP_CASES } from '../support/clock';

// A small stand-in for the shipped list; the real list is checked in the integration test.
const COMMON = new Set(['password', 'iloveyou', 'qwertyuiopasdf', 'dragon', '123456789012']);
const ctx = {
  username: 'pphysician',
  names: ['Priya', 'Physician', 'Pree', null],
  isCommon: (p: string) => COMMON.has(p),
};

describe('viewer password policy', () => {
  it.each<[string, string, string | null]>([
    ['12 characters is enough', 'maple-kettle', null],
    ['11 characters is too short', 'maple-kettl', M.tooShort],
    ['empty', '', M.tooShort],
    ['length counts characters, not bytes', 'éééééééééééé', null],
    ['a long passphrase', 'correct horse battery staple', null],
    ['129 characters is too long', 'a'.repeat(64) + 'b'.repeat(65), M.tooLong],
    ['a line break', 'maple kettle\nstove', M.control],
    ['a NUL byte', 'maple kettle\u0000stove', M.control],
    ['a common password, any case', 'QwertyUiopAsdf', M.common],
    ['a common password of digits', '123456789012', M.common],
    ['a common word with digits and symbols around it', 'Password2026!!', M.common],
    ['a common word with spaces around it', '  iloveyou  2026 ', M.common],
    ['a common word inside other words is fine', 'my dragon tea kettle', null],
    ['the username', 'xPPhysician-2026', M.username],
    ['the given name', 'tea with priya 42', M.name],
    ['the family name, upper case', 'XXPHYSICIANXX', M.name],
    ['the preferred name', 'pree-kettle-stove', M.name],
    ['a name with accents folded away', 'émile-kettle-stove', null],
  ])('%s', (_label, password, expected) => {
    expect(passwordProblem(password, ctx)).toBe(expected);
  });

  it('finds an accented name typed without its accents, and short name parts are not checked', () => {
    const c = { username: 'elopez', names: ['Émilie', 'Li', "O'Brien"], isCommon: () => false };
    expect(passwordProblem('emilie-and-the-kettle', c)).toBe(M.name);
    expect(passwordProblem('ÉMILIE and the kettle', c)).toBe(M.name);
    expect(passwordProblem('brien kettle stove', c)).toBe(M.name);
    expect(passwordProblem('little kettle stove', c)).toBeNull(); // "Li" is too short to refuse
  });

  it('the form schema checks the length and that both passwords match', () => {
    const r = setViewerPasswordSchema.safeParse({ password: 'short', confirmPassword: 'other' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => [i.path.join('.'), i.message]);
    expect(paths).toContainEqual(['password', M.tooShort]);
    expect(paths).toContainEqual(['confirmPassword', M.mismatch]);
    expect(setViewerPasswordSchema.safeParse({ password: 'maple-kettle', confirmPassword: 'maple-kettle' }).success).toBe(true);
    expect(setViewerPasswordSchema.safeParse({ password: 'maple-kettle', confirmPassword: 'maple-kettle', username: 'x' }).success).toBe(false);
  });
});

describe('viewer usernames', () => {
  it.each<[string, string, string]>([
    ['Priya', 'Physician', 'pphysician'],
    ['Émilie', 'Côté-Lévesque', 'ecotelevesque'],
    ['Mary Ann', "O'Brien", 'mobrien'],
    ['Madonna', '', 'madonna'],
    ['李', '王', 'viewer'],
    ['Al', 'Abcdefghijklmnopqrstuvwxyz', 'aabcdefghijklmnopqrs'],
  ])('%s %s → %s', (given, family, expected) => {
    expect(usernameBase(given, family)).toBe(expected);
  });

  it('takes the smallest free number from 2 when the name is taken', () => {
    expect(pickUsername('pphysician', new Set())).toBe('pphysician');
    expect(pickUsername('pphysician', new Set(['pphysician']))).toBe('pphysician2');
    expect(pickUsername('pphysician', new Set(['pphysician', 'pphysician2', 'pphysician4']))).toBe('pphysician3');
    expect(pickUsername('pphysician', new Set(['pphysician2']))).toBe('pphysician');
  });
});

describe('expiry and lock, at every trap instant', () => {
  it.each(TRAP_CASES)('%s', (_name, t) => {
    const at = (ms: number) => new Date(t.getTime() + ms);
    const expires = passwordExpiry(t, 90);
    expect(expires.getTime() - t.getTime()).toBe(90 * 86_400_000);
    const account = { passwordHash: 'h', passwordExpiresAt: expires, lockedUntil: null };
    expect(accountState(account, at(90 * 86_400_000 - 1))).toBe('ACTIVE');
    expect(accountState(account, expires)).toBe('EXPIRED');
    expect(accountState({ ...account, passwordHash: null }, t)).toBe('PASSWORD_NOT_SET');
    expect(accountState({ ...account, lockedUntil: at(1) }, t)).toBe('LOCKED');
    expect(accountState({ ...account, lockedUntil: t }, t)).toBe('ACTIVE');

    expect(afterWrongPassword(3, t)).toEqual({ failedAttempts: 4, lockedUntil: null });
    expect(afterWrongPassword(4, t)).toEqual({ failedAttempts: 5, lockedUntil: at(15 * 60_000) });
    expect(failureWindowStart(t, null)).toEqual(at(-15 * 60_000));
    expect(failureWindowStart(t, at(-60_000))).toEqual(at(-60_000));
    expect(failureWindowStart(t, at(-3_600_000))).toEqual(at(-15 * 60_000));
  });
});
