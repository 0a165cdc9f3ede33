import { z } from 'zod';

// Record ids are checked where they are loaded (scoped to the caller): a malformed id answers
// "not found" exactly like a forged one.
const recordId = z.string().trim().min(1, 'Missing record').max(100, 'Missing record');

export const requestSponsorshipSchema = z.strictObject({
  worksiteId: recordId,
  sponsorMembershipId: z
    .string({ error: 'Choose who will sponsor you' })
    .trim()
    .min(1, 'Choose who will sponsor you')
    .max(100, 'Choose who will sponsor you'),
});
export type RequestSponsorshipValues = z.infer<typeof requestSponsorshipSchema>;

export const answerSponsorshipSchema = z.strictObject({
  sponsorshipId: recordId,
  decision: z.enum(['accept', 'decline'], { error: 'Choose accept or decline' }),
});

export const endSponsorshipSchema = z.strictObject({ sponsorshipId: recordId });

export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'Enter a real date');

export const LOCUM_END_REQUIRED = 'Enter the last day of the locum';

/** A locum always has an end date (SPEC §8): without one it would never end by itself. */
export const requireLocumEnd = (
  v: { isLocum?: boolean; locumEndDate?: string },
  ctx: z.RefinementCtx,
) => {
  if (v.isLocum && !v.locumEndDate)
    ctx.addIssue({ code: 'custom', path: ['locumEndDate'], message: LOCUM_END_REQUIRED });
};

export const setLocumSchema = z
  .strictObject({
    worksiteId: recordId,
    membershipId: recordId,
    isLocum: z.union([
      z.boolean(),
      z.enum(['true', 'false', 'on']).transform((v) => v !== 'false'),
    ]),
    locumEndDate: z.union([isoDate, z.literal('')]).optional(),
  })
  .superRefine(requireLocumEnd);
