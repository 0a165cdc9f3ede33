'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { enrolmentFormSchema, professionChangeSchema } from './schema';
import { requestProfessionChange, saveEnrolment } from './service';

export async function saveEnrolmentAction(input: unknown): Promise<ActionResult<{ submitted: boolean }>> {
  const result = await runAction('saveEnrolment', async () => {
    const me = await requireUser();
    const values = parseInput(enrolmentFormSchema, input);
    const r = await saveEnrolment(me.id, values, await requestContext());
    revalidatePath('/enrolment');
    revalidatePath('/');
    return { submitted: r.submitted };
  });
  // Outside runAction: redirect() is how a successful action ends, not a failure.
  if (result.ok) redirect(`/enrolment?saved=${result.data.submitted ? 'submitted' : 'draft'}`);
  return result;
}

export async function requestProfessionChangeAction(input: unknown): Promise<ActionResult<{ requestId: string }>> {
  const result = await runAction('requestProfessionChange', async () => {
    const me = await requireUser();
    const values = parseInput(professionChangeSchema, input);
    const { requestId } = await requestProfessionChange(me.id, values, await requestContext());
    revalidatePath('/enrolment');
    return { requestId };
  });
  if (result.ok) redirect('/enrolment?saved=change-requested');
  return result;
}
