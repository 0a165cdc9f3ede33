'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff, requireUser } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { takeDemoCourse } from './demo';
import { manualCompletionSchema } from './schema';
import { recordCompletionByHand } from './service';


export async function completeDemoCourseAction(input: unknown): Promise<ActionResult<{ recorded: true }>> {
  return runAction('completeDemoCourse', async () => {
    const me = await requireUser();
    // Refuses outside demo and development before looking at the answers, then parses them.
    const result = await takeDemoCourse(me.id, input);
    revalidatePath('/privacy-course');
    revalidatePath('/enrolment');
    return result;
  });
}

export async function recordCourseByHandAction(input: unknown): Promise<ActionResult<{ completedAt: string }>> {
  return runAction('recordCourseByHand', async () => {
    const me = await requireStaff(staffRolesFor('course.record'));
    const values = parseInput(manualCompletionSchema, input);
    const { completedAt } = await recordCompletionByHand(me.id, me.staffRoles, values, await requestContext());
    revalidatePath('/admin/enrolments', 'layout');
    return { completedAt: completedAt.toISOString() };
  });
}
