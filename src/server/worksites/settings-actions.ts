'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { closureRequestSchema, worksiteDetailsSchema } from './settings-schema';
import { requestClosure, updateWorksiteDetails } from './settings-service';

export async function updateWorksiteDetailsAction(
  input: unknown,
): Promise<ActionResult<{ changed: boolean }>> {
  return runAction('updateWorksiteDetails', async () => {
    const me = await requireUser();
    const values = parseInput(worksiteDetailsSchema, input);
    const result = await updateWorksiteDetails(me.id, values, await requestContext());
    revalidatePath(`/worksites/${values.worksiteId}`, 'layout');
    return result;
  });
}

export async function requestClosureAction(
  input: unknown,
): Promise<ActionResult<{ requestedAt: Date }>> {
  return runAction('requestClosure', async () => {
    const me = await requireUser();
    const values = parseInput(closureRequestSchema, input);
    const result = await requestClosure(me.id, values, await requestContext());
    revalidatePath(`/worksites/${values.worksiteId}`, 'layout');
    return result;
  });
}
