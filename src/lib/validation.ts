import { z } from 'zod';

// Field rules shared by every form (client) and action (server).

// Letters (any script), spaces, apostrophes, hyphens and periods; no control characters.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;

export const personName = (label: string) =>
  z
    .string()
    .trim()
    .max(100, `${label} must be 100 characters or fewer`)
    .regex(NAME, `${label} can use letters, spaces, apostrophes, hyphens and periods`);

/** An optional name: empty means "not set". */
export const optionalPersonName = (label: string) =>
  z
    .string()
    .trim()
    .max(100, `${label} must be 100 characters or fewer`)
    .refine((v) => v === '' || NAME.test(v), `${label} can use letters, spaces, apostrophes, hyphens and periods`)
    .transform((v) => (v === '' ? null : v));

export const emailAddress = z
  .string()
  .trim()
  .max(254, 'Email must be 254 characters or fewer')
  .pipe(z.email('Enter an email address like name@example.com'))
  .transform((v) => v.toLowerCase());

// North American numbers: 10 digits with optional +1 and separators; stored as 250-555-0123.
const PHONE = /^(?:\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})$/;
export const phoneNumber = z
  .string()
  .trim()
  .regex(PHONE, 'Enter a 10-digit phone number, like 250-555-0123')
  .transform((v) => v.replace(PHONE, '$1-$2-$3'));

export const optionalPhoneNumber = z
  .string()
  .trim()
  .refine((v) => v === '' || PHONE.test(v), 'Enter a 10-digit phone number, like 250-555-0123')
  .transform((v) => (v === '' ? null : v.replace(PHONE, '$1-$2-$3')));
