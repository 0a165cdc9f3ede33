import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocationType, Profession, RoleContext } from '@/generated/prisma/enums';
import {
  intakeSchema,
  LOCATION_TYPE_LABEL,
  NOT_IN_BC,
  PROFESSION_LABEL,
  resubmitIntakeSchema,
  ROLE_CONTEXT_LABEL,
  type IntakeInput,
} from '@/server/worksites/schema';

const valid = (over: Record<string, unknown> = {}): IntakeInput =>
  ({
    legalName: 'Harbour Family Practice Ltd.',
    operatingName: 'Harbour Family Practice',
    locationType: 'PRIVATE_PRACTICE_CLINIC',
    roleContext: 'COMMUNITY_SERVICES',
    street: '1200 Government Street',
    city: 'Victoria',
    province: 'BC',
    postalCode: 'V8W 1A1',
    phone: '250-555-0142',
    email: 'office@harbour.example',
    emrVendor: '',
    expectedUsers: [],
    submissionKey: randomUUID(),
    ...over,
  }) as IntakeInput;

/** The first message for each field path, as the form shows them. */
function errors(input: unknown): Record<string, string> {
  const r = intakeSchema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) out[i.path.join('.') || '_form'] ??= i.message;
  return out;
}

describe('intakeSchema', () => {
  it('accepts a complete intake and normalises it', () => {
    const v = intakeSchema.parse(
      valid({
        postalCode: ' v8w1a1 ',
        province: 'bc',
        phone: '(250) 555 0142',
        email: ' Office@Harbour.Example ',
      }),
    );
    expect(v).toMatchObject({
      postalCode: 'V8W 1A1',
      province: 'BC',
      phone: '250-555-0142',
      email: 'office@harbour.example',
      emrVendor: null,
    });
  });

  it('defaults the role context to Community Services and the expected users to none', () => {
    const { roleContext: _r, expectedUsers: _e, ...rest } = valid();
    expect(intakeSchema.parse(rest)).toMatchObject({
      roleContext: 'COMMUNITY_SERVICES',
      expectedUsers: [],
    });
  });

  describe('postal code', () => {
    it.each([
      ['V8W 1A1', 'V8W 1A1'],
      ['v8w1a1', 'V8W 1A1'],
      ['V8W-1A1', 'V8W 1A1'],
      ['  v0n 2l0 ', 'V0N 2L0'],
    ])('%j → %s', (input, out) => {
      expect(intakeSchema.parse(valid({ postalCode: input })).postalCode).toBe(out);
    });

    it.each([
      ['T2P 1J9', 'British Columbia postal codes start with V'],
      ['M5V 2T6', 'British Columbia postal codes start with V'],
      ['', 'Enter a postal code like V8W 1A1'],
      ['V8W 1A', 'Enter a postal code like V8W 1A1'],
      ['V8W 1A12', 'Enter a postal code like V8W 1A1'],
      ['98101', 'Enter a postal code like V8W 1A1'],
      ['VVV 111', 'Enter a postal code like V8W 1A1'],
      ['V8O 1A1', 'Enter a postal code like V8W 1A1'], // O is never used by Canada Post
    ])('refuses %j: %s', (input, message) => {
      expect(errors(valid({ postalCode: input })).postalCode).toBe(message);
    });
  });

  describe('province', () => {
    it.each(['AB', 'ON', 'British Columbia', ''])('refuses %j', (p) => {
      expect(errors(valid({ province: p })).province).toBe(NOT_IN_BC);
    });
    it('says worksites must be in British Columbia', () => {
      expect(NOT_IN_BC).toBe('Worksites must be in British Columbia');
    });
  });

  describe('phone and email', () => {
    it.each(['555-0123', '250-555-012', 'call me', '250-555-0123 ext 4'])(
      'refuses phone %j',
      (phone) => {
        expect(errors(valid({ phone })).phone).toMatch(/10-digit/);
      },
    );
    it.each(['+1 250 555 0142', '250.555.0142', '2505550142'])('accepts phone %j', (phone) => {
      expect(intakeSchema.parse(valid({ phone })).phone).toBe('250-555-0142');
    });
    it('refuses a worksite email that is not one address', () => {
      expect(
        errors(valid({ email: 'office@harbour.example, boss@harbour.example' })).email,
      ).toBeDefined();
      expect(
        errors(valid({ email: 'office@harbour.example\r\nBcc: x@y.example' })).email,
      ).toBeDefined();
    });
  });

  describe('names and free text', () => {
    it.each([
      ['legalName', 'Acme\r\nBcc: attacker@example.com'],
      ['operatingName', 'Harbour\nClinic'],
      ['operatingName', 'Harbour\u0000Clinic'],
      ['operatingName', 'Harbour \u202Ecinilc'],
      ['street', '1 Main\rSt'],
      ['city', 'Vic\ttoria'],
      ['emrVendor', 'OSCAR\r\nPro'],
    ])('refuses control characters in %s (%j)', (field, value) => {
      expect(errors(valid({ [field]: value }))[field]).toMatch(/line breaks or control characters/);
    });

    it('refuses a line break in an expected user’s name', () => {
      const e = errors(
        valid({ expectedUsers: [{ name: 'Bob\r\nBcc: x', email: 'bob@example.com' }] }),
      );
      expect(e['expectedUsers.0.name']).toBeDefined();
    });

    it('needs the names and the address', () => {
      const e = errors(valid({ legalName: '  ', operatingName: '', street: '', city: '' }));
      expect(e).toMatchObject({
        legalName: 'Enter the legal name',
        operatingName: 'Enter the operating name',
        street: 'Enter the street address',
        city: 'Enter the city',
      });
    });

    it('allows names up to 200 characters', () => {
      expect(intakeSchema.safeParse(valid({ operatingName: 'A'.repeat(200) })).success).toBe(true);
      expect(errors(valid({ operatingName: 'A'.repeat(201) })).operatingName).toMatch(
        /200 characters or fewer/,
      );
    });

    it('keeps accents and punctuation in organization names', () => {
      expect(
        intakeSchema.parse(valid({ operatingName: "Clinique Saint-Jérôme & Sons' (Nanaimo) #2" }))
          .operatingName,
      ).toBe("Clinique Saint-Jérôme & Sons' (Nanaimo) #2");
    });
  });

  describe('enums', () => {
    it('needs a type of location from the list', () => {
      expect(errors(valid({ locationType: '' })).locationType).toBe('Choose the type of location');
      expect(errors(valid({ locationType: 'HOSPITAL' })).locationType).toBe(
        'Choose the type of location',
      );
    });

    it('labels every location type, role context and profession', () => {
      expect(Object.keys(LOCATION_TYPE_LABEL).sort()).toEqual(Object.values(LocationType).sort());
      expect(Object.keys(ROLE_CONTEXT_LABEL).sort()).toEqual(Object.values(RoleContext).sort());
      expect(Object.keys(PROFESSION_LABEL).sort()).toEqual(Object.values(Profession).sort());
      expect(LOCATION_TYPE_LABEL.NO_CLINICAL_APPS).toBe(
        'No Clinical Apps (Service Card Registration Only)',
      );
      expect(LOCATION_TYPE_LABEL.LONG_TERM_CARE).toBe('Long-term care / assisted living');
    });
  });

  describe('expected users', () => {
    const user = (email: string, profession?: string) => ({
      name: 'Ana Lopez',
      email,
      ...(profession === undefined ? {} : { profession }),
    });

    it('accepts people with or without a profession', () => {
      const v = intakeSchema.parse(
        valid({
          expectedUsers: [
            user('a@example.com', 'PHYSICIAN'),
            user('b@example.com', ''),
            user('c@example.com'),
          ],
        }),
      );
      expect(v.expectedUsers.map((u) => u.profession)).toEqual(['PHYSICIAN', null, null]);
    });

    it('refuses the same email twice, whatever its case, on the later row', () => {
      const e = errors(
        valid({
          expectedUsers: [
            user('ana@example.com'),
            user('sam@example.com'),
            user(' ANA@Example.com '),
          ],
        }),
      );
      expect(e).toEqual({
        'expectedUsers.2.email': 'This email is already listed for another person',
      });
    });

    it('refuses an unknown profession', () => {
      expect(
        errors(valid({ expectedUsers: [user('a@example.com', 'WIZARD')] }))[
          'expectedUsers.0.profession'
        ],
      ).toBeDefined();
    });

    it('allows up to 50 people', () => {
      const many = (n: number) => Array.from({ length: n }, (_, i) => user(`p${i}@example.com`));
      expect(intakeSchema.safeParse(valid({ expectedUsers: many(50) })).success).toBe(true);
      expect(errors(valid({ expectedUsers: many(51) })).expectedUsers).toMatch(/at most 50/);
    });
  });

  describe('unknown and forged fields', () => {
    it.each([
      ['status', { status: 'ACTIVE' }],
      ['worksiteCode', { worksiteCode: 'ABCDEFG' }],
      ['createdById', { createdById: randomUUID() }],
    ])('refuses %s', (_name, extra) => {
      expect(intakeSchema.safeParse({ ...valid(), ...extra }).success).toBe(false);
    });

    it('refuses unknown fields on an expected user', () => {
      const r = intakeSchema.safeParse(
        valid({
          expectedUsers: [{ name: 'Ana Lopez', email: 'a@example.com', isSiteAdmin: true }],
        }),
      );
      expect(r.success).toBe(false);
    });

    it('needs a submission key that is a UUID', () => {
      expect(errors(valid({ submissionKey: 'again' })).submissionKey).toBeDefined();
      const { submissionKey: _k, ...rest } = valid();
      expect(errors(rest).submissionKey).toBeDefined();
    });
  });
});

describe('resubmitIntakeSchema', () => {
  it('adds the worksite and the status the person saw', () => {
    const id = randomUUID();
    const v = resubmitIntakeSchema.parse({
      ...valid(),
      worksiteId: id,
      expectedStatus: 'CHANGES_REQUESTED',
    });
    expect(v).toMatchObject({
      worksiteId: id,
      expectedStatus: 'CHANGES_REQUESTED',
      postalCode: 'V8W 1A1',
    });
  });

  it('refuses a missing worksite, an unknown status and unknown fields', () => {
    expect(
      resubmitIntakeSchema.safeParse({ ...valid(), expectedStatus: 'CHANGES_REQUESTED' }).success,
    ).toBe(false);
    expect(
      resubmitIntakeSchema.safeParse({
        ...valid(),
        worksiteId: randomUUID(),
        expectedStatus: 'WHATEVER',
      }).success,
    ).toBe(false);
    expect(
      resubmitIntakeSchema.safeParse({
        ...valid(),
        worksiteId: randomUUID(),
        expectedStatus: 'CHANGES_REQUESTED',
        status: 'ACTIVE',
      }).success,
    ).toBe(false);
  });

  it('applies the same field rules as the intake', () => {
    const r = resubmitIntakeSchema.safeParse({
      ...valid({ province: 'AB' }),
      worksiteId: randomUUID(),
      expectedStatus: 'CHANGES_REQUESTED',
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(NOT_IN_BC);
  });
});
