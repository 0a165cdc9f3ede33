'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff, requireUser } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { publishVersion } from './publish';
import { acceptAgreementSchema, publishVersionSchema } from './schema';
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

/** The team publishes a new version of the HPCAA or the declaration, after previewing it. */
export async function publishAgreementVersionAction(
  input: unknown,
): Promise<ActionResult<{ kind: 'HPCAA' | 'DECLARATION'; version: number; peopleEmailed: number }>> {
  return runAction('publishAgreementVersion', async () => {
    const me = await requireStaff(staffRolesFor('agreement.publish'));
    const values = parseInput(publishVersionSchema, input);
    const r = await publishVersion(me.id, values, await requestContext());
    revalidatePath('/admin/agreements');
    return { kind: r.kind, version: r.version, peopleEmailed: r.peopleEmailed };
  });
}
