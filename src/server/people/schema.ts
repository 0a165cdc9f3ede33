import { z } from 'zod';
import { emailAddress, optionalPersonName, optionalPhoneNumber } from '@/lib/validation';

// Strict: unknown keys (e.g. legalGivenName, status) are refused, not silently dropped.
export const profileSchema = z.strictObject({
  preferredGivenName: optionalPersonName('Preferred first name'),
  preferredFamilyName: optionalPersonName('Preferred last name'),
  contactEmail: emailAddress,
  contactPhone: optionalPhoneNumber,
});

export type ProfileInput = z.input<typeof profileSchema>;
export type ProfileValues = z.output<typeof profileSchema>;

/** Resend or cancel the contact email change the profile page shows. */
export const contactEmailChangeSchema = z.strictObject({
  changeId: z.string().trim().min(1, 'Missing record').max(100, 'Missing record'),
});

// The token's shape is checked by the service, so a mangled link gets the "not valid" message.
export const confirmContactEmailSchema = z.strictObject({
  token: z.string().max(200, 'This confirmation link is not valid.'),
});
