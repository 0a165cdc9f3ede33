import { z } from 'zod';
import { ASSIGNABLE_KINDS } from './rules';

const kind = z.enum(ASSIGNABLE_KINDS, 'Reload the page and try again.');
const id = z.uuid('That record reference is not valid. Reload the page.');

export const assignSchema = z.strictObject({ kind, id });
/** `expectedAssigneeId` is who the page showed: a different assignee now means the page is stale. */
export const unassignSchema = z.strictObject({ kind, id, expectedAssigneeId: z.uuid('Reload the page and try again.') });

export type AssignInput = z.input<typeof assignSchema>;
export type UnassignInput = z.input<typeof unassignSchema>;
