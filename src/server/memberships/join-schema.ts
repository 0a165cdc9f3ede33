import { z } from 'zod';

// Shared by the join page's forms and the actions. The Worksite ID's exact shape is checked by
// the service (normalizeWorksiteCode), so this file stays free of server-only imports.

export const WORKSITE_CODE_HINT =
  'The 7 letters and numbers your site administrator gave you, for example K7M3QPX.';

/** A fresh key per rendered form: submitting the same form twice sends one request. */
const submissionKey = z.uuid('Reload the page and try again.');

export const joinByCodeSchema = z.strictObject({
  worksiteCode: z
    .string('Enter the Worksite ID')
    .trim()
    .min(1, 'Enter the Worksite ID')
    .max(20, 'A Worksite ID has 7 letters and numbers'),
  submissionKey,
});

export const worksiteSearchSchema = z.strictObject({
  query: z
    .string('Enter part of the address or name')
    .trim()
    .min(3, 'Enter at least 3 characters of the street, city, postal code or worksite name')
    .max(100, 'Enter 100 characters or fewer'),
});

export type JoinByCodeInput = z.input<typeof joinByCodeSchema>;
export type JoinByCodeValues = z.output<typeof joinByCodeSchema>;
export type WorksiteSearchInput = z.input<typeof worksiteSearchSchema>;
