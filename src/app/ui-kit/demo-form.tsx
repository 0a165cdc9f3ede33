'use client';

import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Checkbox, FormError, Notice, RadioGroup, TextField } from '@/components/ui';
import { submitDemoAction } from './actions';
import { demoSchema } from './demo-schema';

export function DemoForm() {
  const [savedName, setSavedName] = useState<string | null>(null);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: demoSchema,
    action: submitDemoAction,
    defaultValues: { fullName: '', email: '' },
    onSuccess: (data) => setSavedName(data.name),
  });
  const { register, formState } = form;
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl">
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
      {savedName && (
        <Notice tone="success" title={`Saved details for ${savedName}`} headingLevel={3} />
      )}
      <TextField
        label="Full name"
        hint='Type "server problem" to see a form-level error.'
        autoComplete="name"
        error={e.fullName?.message}
        {...register('fullName')}
      />
      <TextField
        label="Email address"
        hint="An address ending in @taken.example is refused by the server."
        type="email"
        autoComplete="email"
        error={e.email?.message}
        {...register('email')}
      />
      <RadioGroup
        legend="Your role"
        options={[
          { value: 'clinician', label: 'Clinician' },
          { value: 'office', label: 'Office staff' },
        ]}
        error={e.role?.message}
        {...register('role')}
      />
      <Checkbox
        label="The details above are correct"
        error={e.agree?.message}
        {...register('agree')}
      />
      <Button type="submit" pending={pending} pendingText="Saving…">
        Save details
      </Button>
    </form>
  );
}
