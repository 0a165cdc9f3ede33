import { z } from 'zod';

// A team note on a person, a worksite or an enrolment: plain text, shown as text.

export const NOTE_TARGETS = ['PERSON', 'WORKSITE', 'ENROLMENT'] as const;
export type NoteTarget = (typeof NOTE_TARGETS)[number];

export const noteSchema = z.strictObject({
  targetType: z.enum(NOTE_TARGETS, 'Reload the page and try again.'),
  targetId: z.uuid('That record reference is not valid. Reload the page.'),
  body: z
    .string('Write the note.')
    .trim()
    .min(1, 'Write the note.')
    .max(4000, 'Keep the note to 4000 characters or fewer.'),
  // Made once per form: a double submit stores one note.
  submissionKey: z.uuid('Reload the page and try again.'),
});

export type NoteInput = z.input<typeof noteSchema>;
export type NoteValues = z.output<typeof noteSchema>;
