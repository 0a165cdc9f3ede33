import { describe, expect, it } from 'vitest';
import { uuid7 } from '@/server/notes/ids';
import { TRAPS } from '../support/clock';

describe('uuid7 (ids of rows inserted with plain SQL)', () => {
  it.each(Object.entries(TRAPS))('at %s: a version 7, RFC 4122 id carrying the instant', (_name, at) => {
    const id = uuid7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
  });

  it('sorts by time like the ids Prisma makes', () => {
    const [a, b] = [uuid7(TRAPS.saturday), uuid7(TRAPS.sundayLate)];
    expect(a < b).toBe(true);
  });
});
