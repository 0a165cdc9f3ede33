'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { intakeSchema, resubmitIntakeSchema } from './schema';
import { registerWorksite, resubmitIntake } from './service';

type Registered = { worksiteId: string };

export async function registerWorksiteAction(input: unknown): Promise<ActionResult<Registered>> {
  const result = await runAction('registerWorksite', async () => {
    const me = await requireUser();
    const values = parseInput(intakeSchema, input);
    const { worksiteId } = await registerWorksite(me.id, values, await requestContext());
    revalidatePath('/worksites');
    return { worksiteId };
  });
  // Outside runAction: redirect() is how a successful action ends, not a failure.
  if (result.ok) redirect(`/worksites/${result.data.worksiteId}`);
  return result;
}

export async function resubmitIntakeAction(input: unknown): Promise<ActionResult<Registered>> {
  const result = await runAction('resubmitIntake', async () => {
    const me = await requireUser();
    const values = parseInput(resubmitIntakeSchema, input);
    const { worksiteId } = await resubmitIntake(me.id, values, await requestContext());
    revalidatePath('/worksites');
    revalidatePath(`/worksites/${worksiteId}`);
    return { worksiteId };
  });
  if (result.ok) redirect(`/worksites/${result.data.worksiteId}`);
  return result;
}
