import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { NUL_MESSAGE, parseInput } from '@/server/parse-input';

const schema = z.strictObject({
  reason: z.string().min(1),
  items: z.array(z.strictObject({ name: z.string() })),
});

function refusal(input: unknown) {
  try {
    parseInput(schema, input);
    return null;
  } catch (e) {
    if (e instanceof DomainError)
      return { code: e.code, message: e.message, fieldErrors: e.fieldErrors };
    throw e;
  }
}

describe('parseInput and NUL bytes (PostgreSQL cannot store them in text)', () => {
  it('refuses a NUL anywhere with a message on that field, even where the schema would accept it', () => {
    expect(
      refusal({ reason: 'ok\u0000then', items: [{ name: 'a' }, { name: 'b\u0000' }] }),
    ).toEqual({
      code: 'VALIDATION',
      message: 'Please correct the highlighted fields.',
      fieldErrors: { reason: NUL_MESSAGE, 'items.1.name': NUL_MESSAGE },
    });
  });

  it('refuses a bare NUL string as a form error', () => {
    expect(refusal('\u0000')).toMatchObject({
      code: 'VALIDATION',
      message: NUL_MESSAGE,
      fieldErrors: {},
    });
  });

  it('leaves clean input to the schema, cycles included', () => {
    expect(parseInput(schema, { reason: 'Line one\nline two', items: [] })).toEqual({
      reason: 'Line one\nline two',
      items: [],
    });
    const cyclic: Record<string, unknown> = { reason: 'x', items: [] };
    cyclic.self = cyclic;
    expect(refusal(cyclic)).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('self'), // the unknown key, named by the schema
    });
  });
});
