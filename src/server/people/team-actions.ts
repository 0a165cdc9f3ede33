'use server';
import { revalidatePath } from 'next/cache';
import type { PersonStatus } from '@/generated/prisma/client';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { requestContext } from '../request-context';
import { teamActionRoles } from './team-rules';
import { personStatusDecisionSchema } from './team-schema';
import { reinstatePerson, suspendPerson } from './team-service';

type Decided = ActionResult<{ status: PersonStatus }>;

export async function suspendPersonAction(input: unknown): Promise<Decided> {
  return runAction('suspendPerson', async () => {
    const me = await requireStaff(teamActionRoles('suspendPerson'));
    const values = parseInput(personStatusDecisionSchema, input);
    const { status } = await suspendPerson(me, values, await requestContext());
    revalidatePath('/admin', 'layout');
    return { status };
  });
}

export async function reinstatePersonAction(input: unknown): Promise<Decided> {
  return runAction('reinstatePerson', async () => {
    const me = await requireStaff(teamActionRoles('reinstatePerson'));
    const values = parseInput(personStatusDecisionSchema, input);
    const { status } = await reinstatePerson(me, values, await requestContext());
    revalidatePath('/admin', 'layout');
    return { status };
  });
}
