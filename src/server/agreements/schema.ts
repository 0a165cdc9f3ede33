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
