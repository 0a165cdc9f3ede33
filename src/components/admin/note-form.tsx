'use client';
import { useEffect, useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextArea } from '@/components/ui';
import { addNoteAction } from '@/server/notes/actions';
import { noteSchema, type NoteInput, type NoteTarget } from '@/server/notes/schema';
import type { AddedNote } from '@/server/notes/service';

// The action answers with the note it stored; the form hands it to the timeline on this page
// instead of re-rendering the page (docs/decisions/027-round-trip-budget.md).
const NOTE_ADDED = 'careconnect:note-added';
type Added = AddedNote['note'];

/** A team note on a person, worksite or enrolment; it shows in the timeline as plain text. */
export function NoteForm({ targetType, targetId }: { targetType: NoteTarget; targetId: string }) {
  const [saved, setSaved] = useState(0);
  const [firstKey] = useState(() => crypto.randomUUID());
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: noteSchema,
    action: (values: NoteInput) => addNoteAction(values),
    defaultValues: { targetType, targetId, body: '', submissionKey: firstKey },
    onSuccess: (r: AddedNote) => {
      // The next note is a new submission.
      form.reset({ targetType, targetId, body: '', submissionKey: crypto.randomUUID() });
      setSaved((n) => n + 1);
      window.dispatchEvent(new CustomEvent<Added>(NOTE_ADDED, { detail: r.note }));
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
      <FormError message={formError} correlationId={correlationId} />
      {saved > 0 && (
        <Notice tone="success" title="Note added" headingLevel={3}>
          It is at the top of the timeline.
        </Notice>
      )}
      <input type="hidden" {...form.register('targetType')} />
      <input type="hidden" {...form.register('targetId')} />
      <input type="hidden" {...form.register('submissionKey')} />
      <TextArea
        label="Note for the team"
        hint="Only the enrolment team and auditors read notes. Up to 4000 characters."
        error={form.formState.errors.body?.message}
        rows={4}
        {...form.register('body')}
        id="note-body"
      />
      <Button type="submit" pending={pending} pendingText="Adding…">
        Add note
      </Button>
    </form>
  );
}

/** The notes added on this page since it was loaded, newest first, as timeline entries. */
export function AddedNotes() {
  const [notes, setNotes] = useState<Added[]>([]);
  useEffect(() => {
    const add = (e: Event) =>
      setNotes((n) => [
        (e as CustomEvent<Added>).detail,
        ...n.filter((x) => x.id !== (e as CustomEvent<Added>).detail.id),
      ]);
    window.addEventListener(NOTE_ADDED, add);
    return () => window.removeEventListener(NOTE_ADDED, add);
  }, []);
  return notes.map((n) => (
    <li key={`note-${n.id}`} className="border-l-4 border-line-soft pl-4" data-kind="note">
      <p className="text-sm text-muted">
        <span className="sr-only">Note, </span>
        <time dateTime={new Date(n.at).toISOString()}>{n.when}</time>
      </p>
      <p>
        <span className="font-semibold">Note on the {n.about.toLowerCase()}</span> by {n.author}
      </p>
      <p className="mt-1 border-l-2 border-line pl-3 whitespace-pre-line">{n.body}</p>
    </li>
  ));
}
