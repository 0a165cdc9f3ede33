import { z } from 'zod';
import { WorksiteStatus } from '@/generated/prisma/enums';
import { MAX_UPLOAD_BYTES } from '../files/sniff';

// The Privacy & Security Declaration form (SPEC §6). The safeguard statements belong to a
// published version, so the schema is built from that version's keys: the browser builds it
// from the keys the page was given, the server from the version it will record.
//
// The antivirus screenshot is not one of these fields. The form posts a FormData: `fields`
// (these values as JSON, parsed here on both sides) and `antivirusScreenshot` (the file), which
// the server checks by content (files/) rather than by anything the browser says about it. The
// browser adds a light check of its own (declarationFormSchema) only to answer faster.

export const EXPLANATION_MIN = 10;
export const SIGNING_AUTHORITY_REQUIRED = 'You must have signing authority for this worksite to sign';
export const SIGNATURE_MISMATCH = 'Type your full name exactly as above to sign';
export const FILE_FIELD = 'antivirusScreenshot';

// Line breaks are fine in an explanation; other control characters and bidirectional overrides
// are not (they end up in emails and the team's screens).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202A-\u202E\u2066-\u2069]/;
const CONTROL_ANY = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;

const answerItem = z
  .strictObject({
    answer: z.enum(['yes', 'no'], { error: 'Answer yes or no' }),
    explanation: z
      .string({ error: 'Explain your answer' })
      .trim()
      .max(2000, 'Keep the explanation to 2,000 characters or fewer')
      .refine((v) => !CONTROL.test(v), 'Remove special characters from the explanation')
      .default(''),
  })
  .superRefine((v, ctx) => {
    if (v.answer === 'no' && v.explanation.length < EXPLANATION_MIN) {
      ctx.addIssue({
        code: 'custom',
        path: ['explanation'],
        message: `Explain why, and what the worksite does instead (at least ${EXPLANATION_MIN} characters)`,
      });
    }
  })
  // An explanation left in the box before switching to "yes" is not part of the answer.
  .transform((v) => ({ answer: v.answer, explanation: v.answer === 'no' ? v.explanation : null }));

export type AnswerValue = z.output<typeof answerItem>;

function answersSchema(keys: readonly string[]) {
  const shape = Object.fromEntries(keys.map((k) => [k, answerItem.optional()]));
  const error = (iss: { code?: string }) =>
    iss.code === 'unrecognized_keys'
      ? 'The statements have changed since this page was opened. Reload the page and answer them again.'
      : 'Answer every statement';
  return z.strictObject(shape, { error }).superRefine((v, ctx) => {
    // Reported on the item's radio group, so the summary link lands on the question.
    for (const k of keys) {
      if (!v[k]) ctx.addIssue({ code: 'custom', path: [k, 'answer'], message: 'Answer yes or no' });
    }
  }) as unknown as z.ZodType<Record<string, AnswerValue>, Record<string, { answer?: 'yes' | 'no'; explanation?: string }>>;
}

const oneSpace = (s: string) => s.replace(/\s+/g, ' ');

const signerName = z
  .string({ error: 'Enter your full name' })
  .trim()
  .min(1, 'Enter your full name')
  .max(100, 'Your full name must be 100 characters or fewer')
  .regex(NAME, 'Your name can use letters, spaces, apostrophes, hyphens and periods')
  .transform(oneSpace);

const signerTitle = z
  .string({ error: 'Enter your job title' })
  .trim()
  .min(2, 'Enter your job title')
  .max(100, 'Your job title must be 100 characters or fewer')
  .refine((v) => !CONTROL_ANY.test(v), 'Remove special characters from your job title')
  .transform(oneSpace);

/** Case and spacing do not make a signature different ("jo  smith" signs for "Jo Smith"). */
export const sameName = (a: string, b: string) => {
  const n = (s: string) => s.normalize('NFC').toLocaleLowerCase('en-CA').replace(/\s+/g, '');
  return n(a) === n(b);
};

function fieldsShape(keys: readonly string[]) {
  return {
    worksiteId: z.string().min(1).max(64),
    expectedStatus: z.enum(WorksiteStatus),
    versionId: z.string().min(1).max(64),
    answers: answersSchema(keys),
    signerName,
    signerTitle,
    attestsSigningAuthority: z
      .boolean({ error: SIGNING_AUTHORITY_REQUIRED })
      .refine((v) => v === true, SIGNING_AUTHORITY_REQUIRED),
    typedSignature: z
      .string({ error: 'Type your full name to sign' })
      .trim()
      .min(1, 'Type your full name to sign')
      .max(100, SIGNATURE_MISMATCH)
      .transform(oneSpace),
  };
}

type Signed = { signerName?: unknown; typedSignature?: unknown };
const signatureCheck = {
  path: ['typedSignature'],
  message: SIGNATURE_MISMATCH,
  // Checked even when other fields are wrong, so every problem shows on the first submit.
  when: (p: { value: unknown }) => {
    const v = p.value as Signed | undefined;
    return typeof v?.signerName === 'string' && typeof v.typedSignature === 'string' && v.typedSignature.trim() !== '';
  },
};

/** What the server records (the date is set by the server: it is "today" where the clinic is). */
export function declarationFieldsSchema(keys: readonly string[]) {
  return z
    .strictObject(fieldsShape(keys))
    .refine((v) => sameName(v.signerName, v.typedSignature), signatureCheck);
}

/** The browser's version: the same fields plus a first look at the attached file. */
export function declarationFormSchema(keys: readonly string[]) {
  return z
    .strictObject({
      ...fieldsShape(keys),
      [FILE_FIELD]: z
        .file({ error: 'Attach a screenshot showing your antivirus software is active' })
        .max(MAX_UPLOAD_BYTES, 'The file is larger than 5 MB. Save the screenshot as a JPEG, or capture a smaller area of the screen.')
        .mime(['image/png', 'image/jpeg'], 'The file must be a PNG or JPEG image.')
        .nullable()
        .refine((f) => f !== null, 'Attach a screenshot showing your antivirus software is active'),
    })
    .refine((v) => sameName(v.signerName, v.typedSignature), signatureCheck);
}

export type DeclarationFieldsInput = z.input<ReturnType<typeof declarationFieldsSchema>>;
export type DeclarationFields = z.output<ReturnType<typeof declarationFieldsSchema>>;
export type DeclarationFormInput = z.input<ReturnType<typeof declarationFormSchema>>;
