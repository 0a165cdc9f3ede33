import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, PASSWORD_MESSAGES, passwordShapeProblem } from './rules';

// The viewer-password form (client and server). The common-password list and the name checks
// run on the server only: the list stays out of the browser bundle.
export const setViewerPasswordSchema = z
  .strictObject({
    password: z.string({ error: 'Type a new password' }).superRefine((v, c) => {
      const problem = passwordShapeProblem(v);
      if (problem) c.addIssue({ code: 'custom', message: problem });
    }),
    confirmPassword: z.string({ error: 'Type the password again' }).max(MAX_PASSWORD_LENGTH * 4, PASSWORD_MESSAGES.mismatch),
  })
  .superRefine((v, c) => {
    if (v.password !== v.confirmPassword)
      c.addIssue({ code: 'custom', path: ['confirmPassword'], message: PASSWORD_MESSAGES.mismatch });
  });
export type SetViewerPasswordInput = z.input<typeof setViewerPasswordSchema>;

export const unlockViewerAccountSchema = z.strictObject({
  personId: z.string().trim().min(1, 'Missing record').max(100, 'Missing record'),
});
export type UnlockViewerAccountInput = z.infer<typeof unlockViewerAccountSchema>;

// The viewer's JSON body for POST /api/v1/viewer-accounts/verify. Strict: an unknown field is a
// caller's mistake worth telling them about.
export const verifyRequestSchema = z.strictObject({
  username: z
    .string({ error: 'username is required' })
    .trim()
    .min(1, 'username is required')
    .max(100, 'username must be 100 characters or fewer')
    .refine((v) => !/\p{Cc}/u.test(v), 'username must not contain control characters')
    .transform((v) => v.toLowerCase()),
  password: z
    .string({ error: 'password is required' })
    .min(1, 'password is required')
    .max(MAX_PASSWORD_LENGTH * 4, 'password is too long'),
});
