import { z } from 'zod';

// Accepting the HPCAA: the version the page showed, the box ticked, and the typed full name.
export const acceptAgreementSchema = z.strictObject({
  versionId: z.uuid('That agreement reference is not valid. Reload the page.'),
  // A boolean (what a checkbox gives) that must be true, so the form can start unticked.
  agreed: z
    .boolean('Tick the box to confirm you have read and agree to the agreement.')
    .refine((v) => v, 'Tick the box to confirm you have read and agree to the agreement.'),
  typedName: z
    .string('Type your full name.')
    .trim()
    .min(1, 'Type your full name.')
    .max(200, 'Your name must be 200 characters or fewer.'),
});

export type AcceptAgreementInput = z.input<typeof acceptAgreementSchema>;
export type AcceptAgreementValues = z.output<typeof acceptAgreementSchema>;

/** A new version of the text, published by the enrolment team. */
export const publishAgreementSchema = z.strictObject({
  title: z.string().trim().min(3, 'Give the agreement a title.').max(200),
  body: z.string().trim().min(50, 'The agreement text is too short.').max(50_000),
});
export type PublishAgreementInput = z.input<typeof publishAgreementSchema>;

/** A new version of the HPCAA or of the Privacy & Security Declaration, published by the team
 * (SPEC §15). The fields are previewed first; `confirmed` is sent only from the preview. */
export const publishVersionFieldsSchema = z.strictObject({
  kind: z.enum(['HPCAA', 'DECLARATION'], 'Choose which document this is a version of.'),
  title: z
    .string('Give the version a title.')
    .trim()
    .min(3, 'Give the version a title.')
    .max(200, 'The title must be 200 characters or fewer.')
    // One line: the title goes into email subjects and the audit trail.
    .refine((v) => !/\p{Cc}/u.test(v), 'The title cannot contain line breaks or control characters.'),
  body: z
    .string('Paste the text of the new version.')
    .trim()
    .min(50, 'The text is too short: paste the whole text of the new version.')
    .max(50_000, 'The text must be 50,000 characters or fewer.'),
  effectiveDate: z.iso.date('Enter the date it takes effect, as YYYY-MM-DD.'),
  reacceptRequired: z.boolean('Say whether people who accepted an earlier version must accept this one.'),
  graceDays: z
    .number('Enter the grace period in days (0 for none).')
    .int('Enter a whole number of days.')
    .min(0, 'The grace period cannot be negative.')
    .max(365, 'The grace period can be at most 365 days.'),
});
export const publishVersionSchema = publishVersionFieldsSchema.extend({
  confirmed: z.literal(true, 'Preview the new version, then confirm it.'),
});
export type PublishVersionFields = z.input<typeof publishVersionFieldsSchema>;
export type PublishVersionInput = z.input<typeof publishVersionSchema>;
