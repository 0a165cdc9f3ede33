import { z } from 'zod';
import { LocationType, Profession, RoleContext, WorksiteStatus } from '@/generated/prisma/enums';
import { emailAddress, personName, phoneNumber } from '@/lib/validation';

// The worksite intake form (SPEC §5): one schema for the browser and the server.

export const LOCATION_TYPE_LABEL: Record<LocationType, string> = {
  PRIVATE_PRACTICE_CLINIC: 'Private practice clinic',
  COMMUNITY_HEALTH_SERVICE: 'Community health service organization',
  PHARMACY: 'Pharmacy',
  LONG_TERM_CARE: 'Long-term care / assisted living',
  NO_CLINICAL_APPS: 'No Clinical Apps (Service Card Registration Only)',
};

export const ROLE_CONTEXT_LABEL: Record<RoleContext, string> = {
  COMMUNITY_SERVICES: 'Community Services',
  EMERGENCY_SERVICES: 'Emergency Services',
  PRIMARY_CARE: 'Primary Care',
  SPECIALIST_CARE: 'Specialist Care',
};

// One source for profession names: the policy table.
export { PROFESSION_LABEL } from '../professions/rules';

/** Worksites must be in British Columbia (SPEC §5): the form shows it as fixed text. */
export const PROVINCE = { code: 'BC', name: 'British Columbia' } as const;

export const MAX_EXPECTED_USERS = 50;
export const NOT_IN_BC = 'Worksites must be in British Columbia';

// C0/C1 controls (line breaks would reach email headers and CSV exports) and the bidirectional
// overrides that can make a name read differently from what is stored.
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .normalize()
    .min(1, `Enter the ${label}`)
    .max(max, `The ${label} must be ${max} characters or fewer`)
    .refine(
      (v) => !CONTROL.test(v),
      `The ${label} cannot contain line breaks or control characters`,
    );

// Canada Post letters (no D, F, I, O, Q, U); BC codes start with V. Stored as "V8W 1A1".
const POSTAL_SHAPE = /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/;
const postalCode = z
  .string()
  .transform((v) => v.toUpperCase().replace(/[\s-]/g, ''))
  .refine((v) => POSTAL_SHAPE.test(v), 'Enter a postal code like V8W 1A1')
  .refine(
    (v) => !POSTAL_SHAPE.test(v) || v.startsWith('V'),
    'British Columbia postal codes start with V',
  )
  .transform((v) => `${v.slice(0, 3)} ${v.slice(3)}`);

const province = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => v === 'BC', NOT_IN_BC)
  .transform(() => 'BC' as const);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} must be ${max} characters or fewer`)
    .refine(
      (v) => !CONTROL.test(v),
      `The ${label} cannot contain line breaks or control characters`,
    )
    .optional()
    .transform((v) => v || null);

const expectedUser = z.strictObject({
  name: z.string().trim().min(1, 'Enter the person’s name').pipe(personName('Name')),
  email: emailAddress,
  // The form's "not known yet" choice sends an empty value.
  profession: z
    .union([z.literal(''), z.enum(Profession, { error: 'Choose a profession from the list' })])
    .optional()
    .transform((v) => v || null),
});

const expectedUsers = z
  .array(expectedUser)
  .max(
    MAX_EXPECTED_USERS,
    `List at most ${MAX_EXPECTED_USERS} people; invite the others once the worksite is active`,
  )
  .superRefine((users, ctx) => {
    const seen = new Set<string>();
    users.forEach((u, i) => {
      if (seen.has(u.email)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'email'],
          message: 'This email is already listed for another person',
        });
      }
      seen.add(u.email);
    });
  });

const intakeFields = {
  legalName: text('legal name', 200),
  operatingName: text('operating name', 200),
  locationType: z.enum(LocationType, { error: 'Choose the type of location' }),
  roleContext: z
    .enum(RoleContext, { error: 'Choose a role context' })
    .default('COMMUNITY_SERVICES'),
  street: text('street address', 200),
  city: text('city', 100),
  province,
  postalCode,
  phone: phoneNumber,
  email: emailAddress,
  emrVendor: optionalText('EMR vendor', 100),
  expectedUsers: expectedUsers.default([]),
  // Generated once when the form renders: a second submit of the same form returns the first result.
  submissionKey: z.uuid('Reload the page and try again'),
};

// Strict: unknown keys (status, worksiteCode, createdById…) are refused, not dropped.
export const intakeSchema = z.strictObject(intakeFields);

/** A site admin's corrected intake after the team asked for changes (SPEC §5 lifecycle). */
export const resubmitIntakeSchema = z.strictObject({
  ...intakeFields,
  // Not checked for shape here: a malformed id must answer exactly like a missing worksite.
  worksiteId: z.string().trim().min(1).max(100),
  // The status the person saw; a stale page is refused with who decided and when.
  expectedStatus: z.enum(WorksiteStatus),
});

export type IntakeInput = z.input<typeof intakeSchema>;
export type IntakeValues = z.output<typeof intakeSchema>;
export type ResubmitIntakeInput = z.input<typeof resubmitIntakeSchema>;
export type ResubmitIntakeValues = z.output<typeof resubmitIntakeSchema>;
