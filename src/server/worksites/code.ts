import { randomInt } from 'node:crypto';

// Worksite IDs: 7 characters from upper-case letters and digits without look-alikes
// (no 0/O, 1/I/L), so people can read them over the phone and type them from paper.
export const WORKSITE_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const WORKSITE_CODE_LENGTH = 7;

export function generateWorksiteCode(rand: (n: number) => number = randomInt): string {
  let s = '';
  for (let i = 0; i < WORKSITE_CODE_LENGTH; i++) s += WORKSITE_CODE_ALPHABET[rand(WORKSITE_CODE_ALPHABET.length)];
  return s;
}

/** Accepts what people type (lower case, spaces, dashes) and returns the canonical code, or null. */
export function normalizeWorksiteCode(input: string): string | null {
  const v = input.toUpperCase().replace(/[\s-]/g, '');
  if (v.length !== WORKSITE_CODE_LENGTH) return null;
  for (const ch of v) if (!WORKSITE_CODE_ALPHABET.includes(ch)) return null;
  return v;
}
