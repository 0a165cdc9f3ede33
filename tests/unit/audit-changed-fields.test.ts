import { describe, expect, it } from 'vitest';
import { changedFields } from '@/server/audit';

describe('changedFields', () => {
  it('keeps only the keys whose values changed', () => {
    const before = { name: 'Clinic', phone: '250-555-0100', hours: { mon: '9-5' }, fax: 'x' };
    const after = { name: 'Clinic', phone: '250-555-0199', hours: { mon: '9-5' } };
    expect(changedFields(before, after)).toEqual({
      before: { phone: '250-555-0100' },
      after: { phone: '250-555-0199' },
    });
  });

  it('compares nested values by content and records added or cleared values as null', () => {
    const before: Record<string, unknown> = { hours: { mon: '9-5' }, note: 'old' };
    const after: Record<string, unknown> = {
      hours: { mon: '9-6' },
      note: undefined,
      email: 'a@b.c',
    };
    expect(changedFields(before, after)).toEqual({
      before: { hours: { mon: '9-5' }, note: 'old', email: null },
      after: { hours: { mon: '9-6' }, note: null, email: 'a@b.c' },
    });
  });

  it('returns empty objects when nothing changed', () => {
    expect(changedFields({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] })).toEqual({
      before: {},
      after: {},
    });
  });
});
