'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff, requireUser } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { setViewerPasswordSchema, unlockViewerAccountSchema } from './schema';
import { setViewerPassword, unlockViewerAccount } from './service';

/** The signed-in person sets or resets their own CareConnect viewer password. */
export async function setViewerPasswordAction(input: unknown): Promise<ActionResult<{ passwordExpiresAt: string }>> {
  return runAction('setViewerPassword', async () => {
    const me = await requireUser();
    const values = parseInput(setViewerPasswordSchema, input);
    const { passwordExpiresAt } = await setViewerPassword(me.id, values, await requestContext());
    revalidatePath('/viewer-account');
    revalidatePath('/');
    return { passwordExpiresAt: passwordExpiresAt.toISOString() };
  });
}

/** The enrolment team unlocks a viewer account locked after too many wrong passwords. */
export async function unlockViewerAccountAction(input: unknown): Promise<ActionResult<{ unlocked: true }>> {
  return runAction('unlockViewerAccount', async () => {
    const me = await requireStaff(staffRolesFor('viewerAccount.unlock'));
    const values = parseInput(unlockViewerAccountSchema, input);
    const r = await unlockViewerAccount(me, values, await requestContext());
    revalidatePath(`/admin/people/${values.personId}`);
    return r;
  });
}
