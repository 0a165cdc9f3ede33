import { z } from 'zod';

/** `resendKey` is made once per form: submitting the same form twice queues one copy. */
export const resendEmailSchema = z.strictObject({
  emailId: z.uuid('That email reference is not valid. Reload the page.'),
  resendKey: z.uuid('Reload the page and try again.'),
});
export type ResendEmailInput = z.input<typeof resendEmailSchema>;
