'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextArea, TextField } from '@/components/ui';
import { recordCourseByHandAction } from '@/server/privacy-course/actions';
import { manualCompletionSchema } from '@/server/privacy-course/schema';

/** The team records a privacy-course completion the platform did not deliver, with a reason. */
export function CourseForm({ personId, today }: { personId: string; today: string }) {
  const router = useRouter();
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: manualCompletionSchema,
    action: recordCourseByHandAction,
    defaultValues: { personId, completedAt: today, reason: '' },
    onSuccess: () => {
      setDone(true);
      router.refresh();
    },
  });
  const e = form.formState.errors;
  if (done) return <Notice tone="success" title="Course completion recorded" headingLevel={3} />;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4" aria-labelledby="course-form-title">
      <h3 id="course-form-title" className="text-lg font-bold">
        Record privacy course completion
      </h3>
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
      <input type="hidden" {...form.register('personId')} />
      <TextField
        label="Date completed"
        type="date"
        max={today}
        fieldWidth="sm"
        error={e.completedAt?.message}
        {...form.register('completedAt')}
        id="course-completedAt"
      />
      <TextArea
        label="Reason"
        hint="Where the proof came from, e.g. “certificate emailed by the person on 22 Nov; platform delivery missing”. Kept in the audit record."
        rows={3}
        error={e.reason?.message}
        {...form.register('reason')}
        id="course-reason"
      />
      <Button type="submit" variant="secondary" pending={pending} pendingText="Recording…">
        Record completion
      </Button>
    </form>
  );
}
