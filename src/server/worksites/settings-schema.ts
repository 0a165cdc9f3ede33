import { z } from 'zod';
import { emailAddress, phoneNumber } from '@/lib/validation';
import { recordId } from '../memberships/schema';

// A site admin's worksite settings: the details they may change, and asking the team to close it.

export const worksiteDetailsSchema = z.strictObject({
  worksiteId: recordId,
  operatingName: z
    .string()
    .trim()
    .min(1, 'Enter the operating name')
    .max(150, 'Operating name must be 150 characters or fewer')
    // As at intake: no control characters, nor the bidirectional overrides that make a name in
    // emails and the team's screens read differently from what is stored.
    .refine(
      (v) => !/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(v),
      'Operating name cannot contain control characters',
    ),
  phone: phoneNumber,
  email: emailAddress,
});

export const closureRequestSchema = z.strictObject({
  worksiteId: recordId,
  reason: z
    .string()
    .trim()
    .min(10, 'Tell the enrolment team why the worksite is closing (at least 10 characters)')
    .max(2000, 'Reason must be 2000 characters or fewer'),
});

export type WorksiteDetailsInput = z.input<typeof worksiteDetailsSchema>;
export type WorksiteDetailsValues = z.output<typeof worksiteDetailsSchema>;
export type ClosureRequestInput = z.input<typeof closureRequestSchema>;
