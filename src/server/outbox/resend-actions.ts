'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { resendEmail } from './resend';
import { resendEmailSchema } from './resend-schema';

export async function resendEmailAction(input: unknown): Promise<ActionResult<{ emailId: string; repeated: boolean }>> {
  return runAction('resendEmail', async () => {
    const me = await requireStaff(staffRolesFor('email.resend'));
    const values = parseInput(resendEmailSchema, input);
    const r = await resendEmail(me, values, await requestContext());
    revalidatePath('/admin', 'layout');
    return r;
  });
}
