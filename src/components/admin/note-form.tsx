'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextArea } from '@/components/ui';
import { addNoteAction } from '@/server/notes/actions';
import { noteSchema, type NoteInput, type NoteTarget } from '@/server/notes/schema';

/** A team note on a person, worksite or enrolment; it shows in the timeline as plain text. */
export function NoteForm({ targetType, targetId }: { targetType: NoteTarget; targetId: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState(0);
  const [firstKey] = useState(() => crypto.randomUUID());
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: noteSchema,
    action: (values: NoteInput) => addNoteAction(values),
    defaultValues: { targetType, targetId, body: '', submissionKey: firstKey },
    onSuccess: () => {
      // The next note is a new submission.
      form.reset({ targetType, targetId, body: '', submissionKey: crypto.randomUUID() });
      setSaved((n) => n + 1);
      router.refresh();
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
