import { describe, expect, it } from 'vitest';
import { conflictOf } from '@/server/decisions/conflict';
import { distinctRecipients, recipientOf } from '@/server/notify/recipients';

const STAFF = '0190a0a0-0000-7000-8000-000000000001';
const OTHER = '0190a0a0-0000-7000-8000-000000000002';
const WORKSITE = '0190a0a0-0000-7000-8000-0000000000aa';

describe('conflict of interest: staff never decide on their own record or worksite', () => {
  it.each([
    ['their own record', { personId: STAFF }, false, 'OWN_RECORD'],
    ['their own record at a worksite they belong to', { personId: STAFF, worksiteId: WORKSITE }, true, 'OWN_RECORD'],
    ['someone at a worksite they belong to', { personId: OTHER, worksiteId: WORKSITE }, true, 'OWN_WORKSITE'],
    ['a worksite they belong to', { worksiteId: WORKSITE }, true, 'OWN_WORKSITE'],
    ['someone at another worksite', { personId: OTHER, worksiteId: WORKSITE }, false, null],
    ['someone with no worksite', { personId: OTHER }, true, null],
  ] as const)('%s', (_, parties, member, expected) => {
    expect(conflictOf(STAFF, parties, member)).toBe(expected);
  });
});

describe('who reads a notice', () => {
  const person = (contactEmail: string | null, idpEmail: string | null, id = OTHER) => ({ id, contactEmail, idpEmail });

  it.each([
    ['the contact email first', person('c@example.com', 'card@example.com'), { to: 'c@example.com', personId: OTHER }],
    ['else the sign-in email', person(null, 'card@example.com'), { to: 'card@example.com', personId: OTHER }],
    ['nobody without an address', person(null, null), null],
  ] as const)('%s', (_, p, expected) => {
    expect(recipientOf(p)).toEqual(expected);
  });

  it('keeps one recipient per address, whatever the case or spaces, in order', () => {
    const a = { to: 'Admin@Clinic.example.com', personId: STAFF };
    const b = { to: ' admin@clinic.example.com', personId: OTHER };
    const c = { to: 'other@clinic.example.com', personId: OTHER };
    expect(distinctRecipients([a, null, b, c, a])).toEqual([a, c]);
    expect(distinctRecipients([])).toEqual([]);
  });
});
