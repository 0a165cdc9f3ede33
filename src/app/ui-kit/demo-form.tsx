'use client';

import { useState } from 'react';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Checkbox, Notice, RadioGroup, TextField } from '@/components/ui';
import { submitDemoAction } from './actions';
import { demoSchema } from './demo-schema';

export function DemoForm() {
  const [savedName, setSavedName] = useState<string | null>(null);
  const state = useActionForm({
    schema: demoSchema,
    action: submitDemoAction,
    defaultValues: { fullName: '', email: '' },
    onSuccess: (data) => setSavedName(data.name),
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  return (
    <ActionForm state={state} className="max-w-xl">
      {savedName && (
        <Notice tone="success" title={`Saved details for ${savedName}`} headingLevel={3} />
      )}
      <TextField
        label="Full name"
        hint='Type "server problem" to see a form-level error.'
        autoComplete="name"
        {...field('fullName')}
      />
      <TextField
        label="Email address"
        hint="An address ending in @taken.example is refused by the server."
        type="email"
        autoComplete="email"
        {...field('email')}
      />
      <RadioGroup
        legend="Your role"
        options={[
          { value: 'clinician', label: 'Clinician' },
          { value: 'office', label: 'Office staff' },
        ]}
        {...field('role')}
      />
      <Checkbox label="The details above are correct" {...field('agree')} />
      <Button type="submit" pending={pending} pendingText="Saving…">
        Save details
      </Button>
    </ActionForm>
  );
}
