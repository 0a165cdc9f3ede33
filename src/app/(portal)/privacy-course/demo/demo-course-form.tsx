'use client';
import Link from 'next/link';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, RadioGroup } from '@/components/ui';
import { completeDemoCourseAction } from '@/server/privacy-course/actions';
import { demoCourseSchema, type DemoCourseInput, type DemoQuestion } from '@/server/privacy-course/schema';

export function DemoCourseForm({ questions }: { questions: readonly DemoQuestion[] }) {
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: demoCourseSchema,
    action: completeDemoCourseAction,
    defaultValues: {} as Partial<DemoCourseInput>,
    onSuccess: () => setDone(true),
  });
  const e = form.formState.errors;

  if (done) {
    return (
      <Notice tone="success" title="Your course completion is recorded">
        <p>All three answers are right. The privacy course step of your enrolment is done.</p>
        <p className="mt-2">
          <Link href="/enrolment">Back to your enrolment</Link>
        </p>
      </Notice>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl">
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
      {questions.map((q, i) => (
        <RadioGroup
          key={q.key}
          legend={`${i + 1}. ${q.question}`}
          legendSize="md"
          options={q.options}
          error={e[q.key]?.message}
          {...form.register(q.key)}
        />
      ))}
      <Button type="submit" variant="primary" pending={pending} pendingText="Checking your answers…">
        Check my answers
      </Button>
    </form>
  );
}
