// The work list's rows travel to the browser as arrays: what is packed must unpack unchanged.
import { describe, expect, it } from 'vitest';
import { packRow, unpackRow, type WorkListRow } from '@/app/(admin)/admin/queue/work-list-rows';

const row: WorkListRow = {
  key: 'membership:1',
  href: '/admin/people/p1',
  subject: 'Harbour Medical Associates',
  typeLabel: 'Membership',
  personName: 'Ada Lovelace',
  worksiteName: 'Harbour Medical Associates',
  worksiteCode: 'W-12345',
  status: 'PENDING_REVIEW',
  statusLabel: 'Pending review',
  reasonText: 'Licence to check',
  since: 'Nov 12, 2026, 4:49 p.m. Pacific',
  ageTone: 'amber',
  ageText: '6 business days — overdue',
  assignee: 'You',
};

describe('work list rows', () => {
  it('unpack what was packed, field for field, nulls included', () => {
    expect(unpackRow(packRow(row))).toEqual(row);
    const sparse = { ...row, personName: null, worksiteName: null, worksiteCode: null, reasonText: null };
    expect(unpackRow(packRow(sparse))).toEqual(sparse);
  });

  it('carry values only, no field names', () => {
    const packed = packRow(row);
    expect(Array.isArray(packed)).toBe(true);
    expect(packed).toHaveLength(Object.keys(row).length);
    expect(JSON.stringify(packed)).not.toContain('worksiteCode');
  });
});
