import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateWorksiteCode,
  normalizeWorksiteCode,
  WORKSITE_CODE_ALPHABET,
  WORKSITE_CODE_LENGTH,
} from '@/server/worksites/code';

describe('Worksite ID alphabet', () => {
  it('has upper-case letters and digits without look-alikes', () => {
    for (const ch of '0O1IL') expect(WORKSITE_CODE_ALPHABET).not.toContain(ch);
    expect(WORKSITE_CODE_ALPHABET).toMatch(/^[A-Z2-9]+$/);
    expect(new Set(WORKSITE_CODE_ALPHABET).size).toBe(WORKSITE_CODE_ALPHABET.length);
    // Everything else of A–Z and 0–9 is kept: 26 + 10 − 5.
    expect(WORKSITE_CODE_ALPHABET).toHaveLength(31);
  });
});

describe('generateWorksiteCode', () => {
  it('is 7 characters from the alphabet', () => {
    expect(WORKSITE_CODE_LENGTH).toBe(7);
    for (let i = 0; i < 1000; i++) {
      const code = generateWorksiteCode();
      expect(code).toHaveLength(7);
      expect(normalizeWorksiteCode(code)).toBe(code);
    }
  });

  it('draws each character with the random source over the whole alphabet', () => {
    const asked: number[] = [];
    const code = generateWorksiteCode((n) => (asked.push(n), asked.length - 1));
    expect(asked).toEqual(Array(7).fill(31));
    expect(code).toBe(WORKSITE_CODE_ALPHABET.slice(0, 7));
    expect(generateWorksiteCode(() => 30)).toBe('9999999');
  });

  it('uses every character, about equally often, over many draws', () => {
    const counts = new Map<string, number>();
    const draws = 20_000;
    for (let i = 0; i < draws; i++)
      for (const ch of generateWorksiteCode(randomInt)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...WORKSITE_CODE_ALPHABET].sort().join(''));
    const mean = (draws * 7) / 31;
    // ±15% is over 10 standard deviations: a biased generator fails, a fair one never does.
    for (const n of counts.values()) expect(Math.abs(n - mean) / mean).toBeLessThan(0.15);
  });

  it('gives distinct codes in practice', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => generateWorksiteCode()));
    expect(codes.size).toBeGreaterThan(4990);
  });
});

describe('normalizeWorksiteCode', () => {
  it.each([
    ['ABCDEFG', 'ABCDEFG'],
    ['abcdefg', 'ABCDEFG'],
    [' abc defg ', 'ABCDEFG'],
    ['ABC-DEFG', 'ABCDEFG'],
    ['2345-678', '2345678'],
    ['x9k 7m2p', 'X9K7M2P'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeWorksiteCode(input)).toBe(expected);
  });

  it.each([
    '',
    'ABCDEF',
    'ABCDEFGH',
    'ABCDEF0',
    'ABCDEFO',
    'ABCDEF1',
    'ABCDEFI',
    'ABCDEFL',
    'abcdefl',
    'ABC_DEF',
    'ABC.DEF',
    'ＡＢＣＤＥＦＧ',
    "ABC'DEF",
    'ABCDEF\n',
  ])('refuses %j', (input) => {
    expect(normalizeWorksiteCode(input)).toBeNull();
  });
});
