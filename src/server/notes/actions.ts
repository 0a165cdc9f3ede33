'use server';
import { revalidatePath } from 'next/cache';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { teamActionRoles } from '../people/team-rules';
import { requestContext } from '../request-context';
import { noteSchema } from './schema';
import { addNote } from './service';

export async function addNoteAction(input: unknown): Promise<ActionResult<{ noteId: string }>> {
  return runAction('addNote', async () => {
    const me = await requireStaff(teamActionRoles('addNote'));
    const values = parseInput(noteSchema, input);
    const r = await addNote(me, values, await requestContext());
    revalidatePath('/admin', 'layout');
    return r;
  });
}
