'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireUser } from '../auth/session';
import { requestContext } from '../request-context';
import { acceptAgreementSchema } from './schema';
import { acceptAgreement } from './service';

export async function acceptAgreementAction(
  input: unknown,
): Promise<ActionResult<{ version: number; expiresOn: string; alreadyAccepted: boolean }>> {
  return runAction('acceptAgreement', async () => {
    const me = await requireUser();
    const values = parseInput(acceptAgreementSchema, input);
    const r = await acceptAgreement(me.id, values, await requestContext());
    revalidatePath('/agreement');
    revalidatePath('/enrolment');
    revalidatePath('/');
    return { version: r.version, expiresOn: r.expiresOn, alreadyAccepted: r.alreadyAccepted };
  });
}
