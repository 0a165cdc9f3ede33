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
