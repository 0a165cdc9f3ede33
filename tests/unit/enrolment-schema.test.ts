import { describe, expect, it } from 'vitest';
import type { Profession } from '@/generated/prisma/enums';
import { enrolmentFormSchema, isIsoDate, professionChangeSchema } from '@/server/enrolments/schema';
import { PROFESSION_ORDER, PROFESSIONS } from '@/server/professions/rules';

const KEY = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const contact = { preferredGivenName: '', preferredFamilyName: '', contactEmail: 'Pat@Example.com', contactPhone: '250 555 0123' };

// A valid form for each profession, built from the policy table.
function validFor(p: Profession) {
  const policy = PROFESSIONS[p];
  return {
    profession: p,
    licenceNumber: policy.college === 'BCCNM' ? '1234567' : policy.college ? '12345' : '',
    jobTitle: policy.needsJobTitle ? 'Office manager' : '',
    residencyStart: policy.needsResidencyDates ? '2025-07-01' : '',
    residencyEnd: policy.needsResidencyDates ? '2027-06-30' : '',
    ...contact,
    submissionKey: KEY,
    intent: 'submit' as const,
  };
}

function errors(input: unknown): Record<string, string> {
  const r = enrolmentFormSchema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) out[i.path.join('.') || '_form'] ??= i.message;
  return out;
}

describe('enrolmentFormSchema per profession', () => {
  for (const p of PROFESSION_ORDER) {
    const policy = PROFESSIONS[p];
    describe(policy.label, () => {
      it('accepts a complete form and stores unused fields as null', () => {
        const out = enrolmentFormSchema.parse(validFor(p));
        expect(out.profession).toBe(p);
        expect(out.licenceNumber).toBe(policy.licenceRequired ? validFor(p).licenceNumber : null);
        expect(out.jobTitle).toBe(policy.needsJobTitle ? 'Office manager' : null);
        expect(out.residencyStart).toBe(policy.needsResidencyDates ? '2025-07-01' : null);
        expect(out.residencyEnd).toBe(policy.needsResidencyDates ? '2027-06-30' : null);
        expect(out.contactEmail).toBe('pat@example.com');
        expect(out.contactPhone).toBe('250-555-0123');
        expect(out.preferredGivenName).toBeNull();
      });

      if (policy.licenceRequired) {
        it('requires the licence number and checks its college shape', () => {
          expect(errors({ ...validFor(p), licenceNumber: '' })).toEqual({ licenceNumber: `Enter your ${policy.college} licence number` });
          const wrong = errors({ ...validFor(p), licenceNumber: '12' });
          expect(wrong.licenceNumber).toMatch(new RegExp(`^A ${policy.college} licence number is \\d digits`));
          expect(Object.keys(wrong)).toEqual(['licenceNumber']);
        });
      } else {
        it('refuses a licence number', () => {
          expect(errors({ ...validFor(p), licenceNumber: '12345' }).licenceNumber).toMatch(/does not have a licence number/);
        });
      }

      if (policy.needsJobTitle) {
        it('requires a job title', () => {
          expect(errors({ ...validFor(p), jobTitle: '  ' })).toEqual({ jobTitle: 'Enter your job title' });
        });
      } else {
        it('refuses a job title', () => {
          expect(Object.keys(errors({ ...validFor(p), jobTitle: 'Boss' }))).toEqual(['jobTitle']);
        });
      }

      if (policy.needsResidencyDates) {
        it('requires both residency dates, with the end after the start', () => {
          expect(errors({ ...validFor(p), residencyStart: '', residencyEnd: '' })).toEqual({
            residencyStart: 'Enter the date your residency starts',
            residencyEnd: 'Enter the date your residency ends',
          });
          expect(errors({ ...validFor(p), residencyEnd: '2025-07-01' })).toEqual({
            residencyEnd: 'The residency end date must be after the start date',
          });
          expect(errors({ ...validFor(p), residencyEnd: '2024-01-01' })).toHaveProperty('residencyEnd');
          expect(errors({ ...validFor(p), residencyStart: '2025-02-30' })).toHaveProperty('residencyStart');
          expect(errors({ ...validFor(p), residencyEnd: '30/06/2027' })).toHaveProperty('residencyEnd');
        });
      } else {
        it('refuses residency dates', () => {
          expect(Object.keys(errors({ ...validFor(p), residencyStart: '2025-07-01', residencyEnd: '2027-06-30' })).sort()).toEqual([
            'residencyEnd',
            'residencyStart',
          ]);
        });
      }
    });
  }
});

describe('enrolmentFormSchema, everything else', () => {
  it('the licence message names the college and the shape', () => {
    expect(errors({ ...validFor('PHYSICIAN'), licenceNumber: '1234' }).licenceNumber).toBe('A CPSBC licence number is 5 digits, like 12345');
    expect(errors({ ...validFor('REGISTERED_NURSE'), licenceNumber: '12345' }).licenceNumber).toBe(
      'A BCCNM licence number is 7 digits, like 1234567',
    );
  });

  it('spaces inside a licence number are ignored', () => {
    expect(enrolmentFormSchema.parse({ ...validFor('PHYSICIAN'), licenceNumber: ' 12 345 ' }).licenceNumber).toBe('12345');
  });

  it('refuses unknown fields such as status, college or professionLockedAt', () => {
    for (const extra of [{ status: 'APPROVED' }, { college: 'CPSBC' }, { professionLockedAt: null }, { personId: KEY }]) {
      const r = enrolmentFormSchema.safeParse({ ...validFor('PHYSICIAN'), ...extra });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
    }
  });

  it('refuses an unknown profession, wrong types, and a missing submission key', () => {
    expect(errors({ ...validFor('PHYSICIAN'), profession: 'SURGEON' })).toEqual({ profession: 'Choose your profession' });
    expect(errors({ ...validFor('PHYSICIAN'), profession: '' })).toEqual({ profession: 'Choose your profession' });
    expect(errors({ ...validFor('PHYSICIAN'), licenceNumber: 12345 })).toHaveProperty('licenceNumber');
    expect(errors({ ...validFor('PHYSICIAN'), submissionKey: 'x' })).toHaveProperty('submissionKey');
    expect(errors({ ...validFor('PHYSICIAN'), intent: 'approve' })).toHaveProperty('intent');
  });

  it('reports every field problem at once, each on its own path', () => {
    const e = errors({ ...validFor('RESIDENT_PHYSICIAN'), licenceNumber: '1', residencyEnd: '2020-01-01', contactEmail: 'nope', contactPhone: '12' });
    expect(Object.keys(e).sort()).toEqual(['contactEmail', 'contactPhone', 'licenceNumber', 'residencyEnd']);
  });

  it('contact email and phone are required; preferred names are checked like the profile', () => {
    expect(Object.keys(errors({ ...validFor('PHYSICIAN'), contactEmail: '', contactPhone: '' })).sort()).toEqual(['contactEmail', 'contactPhone']);
    expect(errors({ ...validFor('PHYSICIAN'), preferredGivenName: '<script>' })).toHaveProperty('preferredGivenName');
    expect(enrolmentFormSchema.parse({ ...validFor('PHYSICIAN'), preferredGivenName: ' Jo ' }).preferredGivenName).toBe('Jo');
  });

  it('refuses control characters in a job title', () => {
    expect(errors({ ...validFor('MEDICAL_OFFICE_ASSISTANT'), jobTitle: 'Front\ndesk' })).toHaveProperty('jobTitle');
  });

  it('intent defaults to submit', () => {
    const { intent: _, ...noIntent } = validFor('PHYSICIAN');
    expect(enrolmentFormSchema.parse(noIntent).intent).toBe('submit');
  });

  it('isIsoDate accepts real YYYY-MM-DD dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-7-1')).toBe(false);
    expect(isIsoDate('0000-01-01')).toBe(false);
  });
});

describe('professionChangeSchema', () => {
  const base = { toProfession: 'NURSE_PRACTITIONER', licenceNumber: '7654321', reason: 'I qualified as a nurse practitioner in May.', submissionKey: KEY };

  it('accepts a request with the new college’s licence shape', () => {
    expect(professionChangeSchema.parse(base)).toMatchObject({ toProfession: 'NURSE_PRACTITIONER', licenceNumber: '7654321' });
  });

  it('checks the licence against the NEW profession’s college', () => {
    const r = professionChangeSchema.safeParse({ ...base, licenceNumber: '12345' });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['licenceNumber', 'A BCCNM licence number is 7 digits, like 1234567']]);
  });

  it('refuses a licence number for an unlicensed profession and stores none', () => {
    expect(professionChangeSchema.safeParse({ ...base, toProfession: 'MEDICAL_OFFICE_ASSISTANT' }).success).toBe(false);
    expect(professionChangeSchema.parse({ ...base, toProfession: 'MEDICAL_OFFICE_ASSISTANT', licenceNumber: '' }).licenceNumber).toBeNull();
  });

  it('needs a reason of 10 to 1000 characters', () => {
    expect(professionChangeSchema.safeParse({ ...base, reason: 'too short' }).success).toBe(false);
    expect(professionChangeSchema.safeParse({ ...base, reason: 'x'.repeat(1001) }).success).toBe(false);
    expect(professionChangeSchema.safeParse({ ...base, reason: 'x'.repeat(1000) }).success).toBe(true);
  });

  it('refuses unknown fields', () => {
    expect(professionChangeSchema.safeParse({ ...base, status: 'APPLIED' }).success).toBe(false);
  });
});
