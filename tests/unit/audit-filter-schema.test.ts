import { describe, expect, it } from 'vitest';
import { auditFilterSchema } from '@/server/audit-viewer/schema';

describe('audit viewer date filters', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2026-02-31', false],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['2026-1-1', false],
    ['yesterday', false],
  ])('from=%s is accepted: %s', (from, ok) => {
    const r = auditFilterSchema.safeParse({ from, to: from });
    expect(r.success).toBe(ok);
    if (!ok) expect(r.error!.issues.map((i) => i.path[0])).toEqual(['from', 'to']);
  });

  it('an empty date is no filter', () => {
    expect(auditFilterSchema.parse({ from: '  ', to: '' })).toMatchObject({ from: undefined, to: undefined });
  });
});
