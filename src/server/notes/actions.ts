'use server';
import type { ActionResult } from '@/lib/action-result';
import { parseInput, runAction } from '../action';
import { requireStaff } from '../auth/session';
import { staffRolesFor } from '../authz/policy';
import { requestContext } from '../request-context';
import { noteSchema } from './schema';
import { addNote, type AddedNote } from './service';

// The answer is the new note, which the form puts at the top of the timeline: re-rendering the
// whole page into the answer cost a page's reads and grew with its timeline.
export async function addNoteAction(input: unknown): Promise<ActionResult<AddedNote>> {
  return runAction('addNote', async () => {
    const me = await requireStaff(staffRolesFor('team.note'));
    const values = parseInput(noteSchema, input);
    return addNote(me, values, await requestContext());
  });
}
