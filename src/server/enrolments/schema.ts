import { z } from 'zod';
import { Profession } from '@/generated/prisma/enums';
import { emailAddress, optionalPersonName, phoneNumber } from '@/lib/validation';
import { licenceNumberValid, licenceShapeMessage, PROFESSIONS } from '../professions/rules';

// The enrolment form (SPEC §7 step 2) and the profession change request (SPEC §3): one schema
// for the browser and the server. Which fields a profession needs comes from the policy table.

// C0/C1 controls and bidirectional overrides never belong in a title people and staff read.
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function isIsoDate(v: string): boolean {
  const m = ISO_DATE.exec(v);
  if (!m) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v && Number(m[1]) >= 1900;
}

const licenceField = z
  .string()
  .max(40, 'A licence number is much shorter than this')
  .transform((v) => v.replace(/\s+/g, ''))
  .default('');

const optionalField = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .refine((v) => !CONTROL.test(v), `${label} cannot contain line breaks or control characters`)
    .default('');

const dateField = z.string().trim().max(10, 'Enter a date like 2025-07-01').default('');

const article = (label: string) => (/^[AEIOU]/i.test(label) ? 'An' : 'A');
const aProfession = (p: Profession) => `${article(PROFESSIONS[p].label)} ${PROFESSIONS[p].label}`;

/** Required and well-shaped for licensed professions; refused for the others. */
function checkLicence(ctx: z.RefinementCtx, p: Profession, licence: string, path: string) {
  const policy = PROFESSIONS[p];
  if (!policy.licenceRequired) {
    if (licence) {
      ctx.addIssue({
        code: 'custom',
        path: [path],
        message: `${aProfession(p)} does not have a licence number. Leave this blank.`,
      });
    }
    return;
  }
  if (!licence) ctx.addIssue({ code: 'custom', path: [path], message: `Enter your ${policy.college} licence number` });
  else if (!licenceNumberValid(p, licence)) ctx.addIssue({ code: 'custom', path: [path], message: licenceShapeMessage(p) });
}

const profession = (message: string) => z.enum(Profession, { error: message });

export const FORM_INTENTS = ['save', 'submit'] as const;

// Strict: unknown keys (status, college, professionLockedAt…) are refused, not dropped.
export const enrolmentFormSchema = z
  .strictObject({
    profession: profession('Choose your profession'),
    licenceNumber: licenceField,
    jobTitle: optionalField('Job title', 100),
    residencyStart: dateField,
    residencyEnd: dateField,
    preferredGivenName: optionalPersonName('Preferred first name'),
    preferredFamilyName: optionalPersonName('Preferred last name'),
    contactEmail: emailAddress,
    contactPhone: phoneNumber,
    // Generated once when the form renders: a second submit of the same form returns the first result.
    submissionKey: z.uuid('Reload the page and try again'),
    // "save" keeps a draft (the profession stays open); "submit" sends it and locks the profession.
    intent: z.enum(FORM_INTENTS).default('submit'),
  })
  .superRefine((v, ctx) => {
    if (typeof v.profession !== 'string' || !Object.hasOwn(PROFESSIONS, v.profession)) return;
    const policy = PROFESSIONS[v.profession];
    checkLicence(ctx, v.profession, v.licenceNumber ?? '', 'licenceNumber');

    if (policy.needsJobTitle && !v.jobTitle) {
      ctx.addIssue({ code: 'custom', path: ['jobTitle'], message: 'Enter your job title' });
    } else if (!policy.needsJobTitle && v.jobTitle) {
      ctx.addIssue({
        code: 'custom',
        path: ['jobTitle'],
        message: `${aProfession(v.profession)} does not give a job title here. Leave this blank.`,
      });
    }

    if (!policy.needsResidencyDates) {
      for (const key of ['residencyStart', 'residencyEnd'] as const) {
        if (v[key]) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `${aProfession(v.profession)} does not have residency dates. Leave this blank.`,
          });
        }
      }
      return;
    }
    const start = v.residencyStart ?? '';
    const end = v.residencyEnd ?? '';
    if (!start) ctx.addIssue({ code: 'custom', path: ['residencyStart'], message: 'Enter the date your residency starts' });
    else if (!isIsoDate(start)) ctx.addIssue({ code: 'custom', path: ['residencyStart'], message: 'Enter a real date like 2025-07-01' });
    if (!end) ctx.addIssue({ code: 'custom', path: ['residencyEnd'], message: 'Enter the date your residency ends' });
    else if (!isIsoDate(end)) ctx.addIssue({ code: 'custom', path: ['residencyEnd'], message: 'Enter a real date like 2027-06-30' });
    else if (isIsoDate(start) && end <= start) {
      ctx.addIssue({ code: 'custom', path: ['residencyEnd'], message: 'The residency end date must be after the start date' });
    }
  })
  .transform((v) => {
    const policy = PROFESSIONS[v.profession];
    // Fields the profession does not use are stored as null, never as empty strings.
    return {
      ...v,
      licenceNumber: policy.licenceRequired ? v.licenceNumber : null,
      jobTitle: policy.needsJobTitle ? v.jobTitle : null,
      residencyStart: policy.needsResidencyDates ? v.residencyStart : null,
      residencyEnd: policy.needsResidencyDates ? v.residencyEnd : null,
    };
  });

export type EnrolmentFormInput = z.input<typeof enrolmentFormSchema>;
export type EnrolmentFormValues = z.output<typeof enrolmentFormSchema>;

/** A person asks the team to change the profession locked by their submitted enrolment. */
export const professionChangeSchema = z
  .strictObject({
    toProfession: profession('Choose the profession you want to change to'),
    licenceNumber: licenceField,
    reason: z
      .string()
      .trim()
      .min(10, 'Tell the enrolment team why, in at least 10 characters')
      .max(1000, 'Keep the reason to 1000 characters or fewer')
      .refine((v) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(v), 'The reason cannot contain control characters'),
    submissionKey: z.uuid('Reload the page and try again'),
  })
  .superRefine((v, ctx) => {
    if (typeof v.toProfession !== 'string' || !Object.hasOwn(PROFESSIONS, v.toProfession)) return;
    checkLicence(ctx, v.toProfession, v.licenceNumber ?? '', 'licenceNumber');
  })
  .transform((v) => ({ ...v, licenceNumber: PROFESSIONS[v.toProfession].licenceRequired ? v.licenceNumber : null }));

export type ProfessionChangeInput = z.input<typeof professionChangeSchema>;
export type ProfessionChangeValues = z.output<typeof professionChangeSchema>;
