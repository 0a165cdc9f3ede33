'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import {
  cancelContactEmailChange,
  confirmContactEmail,
  resendContactEmailConfirmation,
} from './contact-email-service';
import { confirmContactEmailSchema, contactEmailChangeSchema, profileSchema } from './schema';
import { updateProfile, type SavedContactDetails } from './service';

export async function updateProfileAction(input: unknown): Promise<ActionResult<SavedContactDetails>> {
  return runAction('updateProfile', async () => {
    const me = await requireUser();
    const values = parseInput(profileSchema, input);
    const result = await updateProfile(me.id, values, await requestContext());
    revalidatePath('/profile');
    return result;
  });
}

// Only the signed-in owner of the change can confirm it; the token travels in the body, never
// in a log line.
export async function confirmContactEmailAction(input: unknown): Promise<ActionResult<{ email: string }>> {
  return runAction('confirmContactEmail', async () => {
    const me = await requireUser();
    const { token } = parseInput(confirmContactEmailSchema, input);
    // No revalidation: the profile reads afresh, and refreshing this page would swap the success
    // message for the "link already used" view.
    return confirmContactEmail(me.id, token, await requestContext());
  });
}

export async function resendContactEmailConfirmationAction(
  input: unknown,
): Promise<ActionResult<{ email: string; expiresAt: Date }>> {
  return runAction('resendContactEmailConfirmation', async () => {
    const me = await requireUser();
    const values = parseInput(contactEmailChangeSchema, input);
    const result = await resendContactEmailConfirmation(me.id, values, await requestContext());
    revalidatePath('/profile');
    return result;
  });
}

export async function cancelContactEmailChangeAction(input: unknown): Promise<ActionResult<{ cancelled: true }>> {
  return runAction('cancelContactEmailChange', async () => {
    const me = await requireUser();
    const values = parseInput(contactEmailChangeSchema, input);
    const result = await cancelContactEmailChange(me.id, values, await requestContext());
    revalidatePath('/profile');
    return result;
  });
}
