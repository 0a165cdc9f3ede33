import { describe, expect, it } from 'vitest';
import { worksiteDetailsSchema } from '@/server/worksites/settings-schema';
import { intakeSchema } from '@/server/worksites/schema';

const details = (operatingName: string) =>
  worksiteDetailsSchema.safeParse({
    worksiteId: 'w',
    operatingName,
    phone: '250-555-0100',
    email: 'a@example.com',
  });

describe("a site admin's rename follows the intake's rules for the operating name", () => {
  it.each([
    ['a right-to-left override', 'Clinic \u202egnp.exe'],
    ['an isolate', 'Clinic \u2066x\u2069'],
    ['a line break', 'Clinic\r\nBcc: x@example.com'],
    ['a NUL', 'Clinic\u0000'],
  ])('refuses %s, as intake does', (_label, name) => {
    expect(details(name).success).toBe(false);
    expect(intakeSchema.shape.operatingName.safeParse(name).success).toBe(false);
  });

  it('accepts letters of any script and punctuation', () => {
    expect(details('Clinique Saint-Jérôme & Associés (Кедр)').success).toBe(true);
  });
});
