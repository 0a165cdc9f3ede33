'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { joinByCodeSchema } from './join-schema';
import { requestToJoin, type JoinResult } from './join-service';

/** Ask to join by Worksite ID; the lookup's "Request to join" buttons send the same form. */
export async function requestToJoinAction(input: unknown): Promise<ActionResult<JoinResult>> {
  return runAction('requestToJoin', async () => {
    const me = await requireUser();
    const values = parseInput(joinByCodeSchema, input);
    const result = await requestToJoin(me.id, values, await requestContext());
    revalidatePath('/worksites');
    return result;
  });
}

