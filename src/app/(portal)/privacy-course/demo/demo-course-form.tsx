'use client';
import Link from 'next/link';
import { useState } from 'react';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Notice, RadioGroup } from '@/components/ui';
import { completeDemoCourseAction } from '@/server/privacy-course/actions';
import { demoCourseSchema, type DemoCourseInput, type DemoQuestion } from '@/server/privacy-course/schema';

export function DemoCourseForm({ questions }: { questions: readonly DemoQuestion[] }) {
  const [done, setDone] = useState(false);
  const state = useActionForm({
    schema: demoCourseSchema,
    action: completeDemoCourseAction,
    defaultValues: {} as Partial<DemoCourseInput>,
    onSuccess: () => setDone(true),
  });
  const { form, pending } = state;
  const field = fieldBinder(form);

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
    <ActionForm state={state} className="max-w-2xl">
      {questions.map((q, i) => (
        <RadioGroup
          key={q.key}
          legend={`${i + 1}. ${q.question}`}
          legendSize="md"
          options={q.options}
          {...field(q.key)}
        />
      ))}
      <Button type="submit" variant="primary" pending={pending} pendingText="Checking your answers…">
        Check my answers
      </Button>
    </ActionForm>
  );
}
