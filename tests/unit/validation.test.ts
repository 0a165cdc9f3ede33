import { describe, expect, it } from 'vitest';
import { displayName } from '@/lib/names';
import { emailAddress, optionalPhoneNumber, personName } from '@/lib/validation';
import { profileSchema } from '@/server/people/schema';
import { parseStaffRole } from '@/server/staff/rules';

describe('personName', () => {
  const name = personName('Name');
  it.each(['Jo', "O'Neil", 'Jean-Luc', 'Zoë', 'Nguyễn', 'St. John', '李'])('accepts %s', (v) => {
    expect(name.safeParse(v).success).toBe(true);
  });
  it.each(['', ' ', '<script>', 'Bob\r\nBcc: x@y', 'A\u0000B', '1234', '-Jo', 'x'.repeat(101)])(
    'refuses %j',
    (v) => {
      expect(name.safeParse(v).success).toBe(false);
    },
  );
});

describe('emailAddress', () => {
  it('lower-cases and trims', () => {
    expect(emailAddress.parse('  Jo.Smith@Example.COM ')).toBe('jo.smith@example.com');
  });
  it.each(['not-an-email', 'a@b', 'a b@example.com', 'x@example.com\r\nBcc: y@example.com'])('refuses %j', (v) => {
    expect(emailAddress.safeParse(v).success).toBe(false);
  });
});

describe('optionalPhoneNumber', () => {
  it.each([
    ['250-555-0123', '250-555-0123'],
    ['(250) 555 0123', '250-555-0123'],
    ['+1 250.555.0123', '250-555-0123'],
    ['2505550123', '250-555-0123'],
    ['', null],
  ])('%j → %j', (input, out) => {
    expect(optionalPhoneNumber.parse(input)).toBe(out);
  });
  it.each(['12', '250-555-012', 'call me', '250-555-0123 ext 4'])('refuses %j', (v) => {
    expect(optionalPhoneNumber.safeParse(v).success).toBe(false);
  });
});

describe('profileSchema', () => {
  const good = { preferredGivenName: '', preferredFamilyName: 'Smith', contactEmail: 'a@example.com', contactPhone: '' };
  it('turns blanks into "not set"', () => {
    expect(profileSchema.parse(good)).toEqual({
      preferredGivenName: null,
      preferredFamilyName: 'Smith',
      contactEmail: 'a@example.com',
      contactPhone: null,
    });
  });
  it.each(['legalGivenName', 'status', 'id', 'birthdate'])('refuses the unknown field %s', (field) => {
    expect(profileSchema.safeParse({ ...good, [field]: 'x' }).success).toBe(false);
  });
  it('refuses a missing contact email', () => {
    const { contactEmail: _, ...rest } = good;
    expect(profileSchema.safeParse(rest).success).toBe(false);
  });
});

describe('displayName', () => {
  it('prefers the preferred name, part by part', () => {
    const legal = { legalGivenName: 'Jonathan', legalFamilyName: 'Smith' };
    expect(displayName(legal)).toBe('Jonathan Smith');
    expect(displayName({ ...legal, preferredGivenName: 'Jon' })).toBe('Jon Smith');
    expect(displayName({ ...legal, preferredGivenName: '  ', preferredFamilyName: 'Smyth' })).toBe('Jonathan Smyth');
  });
});

describe('staff role rules', () => {
  it.each([
    ['staff-admin', 'STAFF_ADMIN'],
    ['Enrolment-Team', 'ENROLMENT_TEAM'],
    ['enrolment_team', 'ENROLMENT_TEAM'],
    ['auditor', 'AUDITOR'],
    ['admin', null],
    ['', null],
  ] as const)('parses %j as %s', (input, role) => {
    expect(parseStaffRole(input)).toBe(role);
  });
});
