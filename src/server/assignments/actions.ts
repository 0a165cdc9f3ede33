'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { assignSchema, unassignSchema } from './schema';
import { assignToMe, unassign } from './service';

type Assigned = ActionResult<{ assignedToId: string | null; changed: boolean }>;

export async function assignToMeAction(input: unknown): Promise<Assigned> {
  return runAction('assignToMe', async () => {
    const me = await requireStaff(staffRolesFor('team.assign'));
    const values = parseInput(assignSchema, input);
    const r = await assignToMe(me, values, await requestContext());
    revalidatePath('/admin', 'layout');
    return r;
  });
}

export async function unassignAction(input: unknown): Promise<Assigned> {
  return runAction('unassign', async () => {
    const me = await requireStaff(staffRolesFor('team.assign'));
    const values = parseInput(unassignSchema, input);
    const r = await unassign(me, values, await requestContext());
    revalidatePath('/admin', 'layout');
    return r;
  });
}
