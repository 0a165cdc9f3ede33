'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { profileSchema } from './schema';
import { updateProfile } from './service';

export async function updateProfileAction(input: unknown): Promise<ActionResult<{ changed: boolean }>> {
  return runAction('updateProfile', async () => {
    const me = await requireUser();
    const values = parseInput(profileSchema, input);
    const result = await updateProfile(me.id, values, await requestContext());
    revalidatePath('/profile');
    return result;
  });
}
