'use client';
import { useState } from 'react';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Notice, TextField } from '@/components/ui';
import { updateWorksiteDetailsAction } from '@/server/worksites/settings-actions';
import { worksiteDetailsSchema, type WorksiteDetailsInput } from '@/server/worksites/settings-schema';

export function DetailsForm({ defaultValues }: { defaultValues: WorksiteDetailsInput }) {
  const [saved, setSaved] = useState<boolean | null>(null);
  const state = useActionForm({
    schema: worksiteDetailsSchema,
    action: updateWorksiteDetailsAction,
    defaultValues,
    onSuccess: (data) => setSaved(data.changed),
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  return (
    <ActionForm state={state} className="max-w-xl" onChange={() => setSaved(null)}>
      {saved !== null && (
        <Notice
          tone="success"
          title={saved ? 'The worksite details are saved' : 'Nothing changed'}
          headingLevel={3}
        />
      )}
      <TextField
        label="Operating name"
        hint="The name patients and colleagues know the worksite by."
        {...field('operatingName')}
        id="operatingName"
      />
      <TextField
        label="Phone"
        type="tel"
        autoComplete="tel"
        hint="10 digits, like 250-555-0123"
        {...field('phone')}
        id="phone"
        fieldWidth="md"
      />
      <TextField
        label="Worksite email"
        type="email"
        autoComplete="email"
        {...field('email')}
        id="email"
      />
      <Button type="submit" variant="primary" pending={pending} pendingText="Saving…">
        Save details
      </Button>
    </ActionForm>
  );
}
