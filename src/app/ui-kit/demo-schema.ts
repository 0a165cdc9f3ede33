import { z } from 'zod';

// A small form that exercises every path of useActionForm: client errors, server field errors,
// a form-level error with a reference, and success.
export const demoSchema = z.strictObject({
  fullName: z
    .string()
    .trim()
    .min(1, 'Enter your full name')
    .max(100, 'Your full name must be 100 characters or fewer')
    .refine(
      (v) => !/\p{Cc}/u.test(v),
      'Your name cannot contain line breaks or control characters',
    ),
  email: z.email('Enter an email address in the correct format, like name@example.com'),
  role: z.enum(['clinician', 'office'], { error: 'Select your role' }),
  agree: z.literal(true, { error: 'Confirm that the details are correct' }),
});

export type DemoInput = z.input<typeof demoSchema>;
