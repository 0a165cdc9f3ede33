import { describe, expect, it } from 'vitest';
import { pacificDayEnd, pacificDayStart, parseCursor } from '@/server/audit-viewer/rules';
import { parseStaffRole, wouldRemoveLastStaffAdmin } from '@/server/staff/rules';

describe('staff role rules', () => {
  it('parses the role names people type', () => {
    expect(parseStaffRole(' Staff-Admin ')).toBe('STAFF_ADMIN');
    expect(parseStaffRole('enrolment_team')).toBe('ENROLMENT_TEAM');
    expect(parseStaffRole('superuser')).toBeNull();
  });

  it('refuses to remove the last staff admin, and only that', () => {
    expect(wouldRemoveLastStaffAdmin('STAFF_ADMIN', 1)).toBe(true);
    expect(wouldRemoveLastStaffAdmin('STAFF_ADMIN', 0)).toBe(true);
    expect(wouldRemoveLastStaffAdmin('STAFF_ADMIN', 2)).toBe(false);
    expect(wouldRemoveLastStaffAdmin('AUDITOR', 1)).toBe(false);
  });
});

describe('audit viewer paging and dates', () => {
  it('accepts only positive integer cursors', () => {
    expect(parseCursor('42')).toBe(42n);
    expect(parseCursor('0')).toBeNull();
    expect(parseCursor('-1')).toBeNull();
    expect(parseCursor('1 OR 1=1')).toBeNull();
    expect(parseCursor(undefined)).toBeNull();
  });

  it('Pacific days start at local midnight in winter and summer', () => {
    expect(pacificDayStart('2026-01-15')?.toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(pacificDayStart('2026-07-15')?.toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(pacificDayStart('2026-13-01')).toBeNull();
    expect(pacificDayStart('yesterday')).toBeNull();
  });

  it('a day ends where the next begins, including the daylight-saving changes', () => {
    expect(pacificDayEnd('2026-01-15')?.toISOString()).toBe('2026-01-16T08:00:00.000Z');
    // 8 March 2026 is 23 hours long, 1 November 2026 is 25.
    expect(pacificDayEnd('2026-03-08')?.toISOString()).toBe('2026-03-09T07:00:00.000Z');
    expect(pacificDayEnd('2026-11-01')?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });
});
