'use client';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextField } from '@/components/ui';
import { updateWorksiteDetailsAction } from '@/server/memberships/actions';
import { worksiteDetailsSchema, type WorksiteDetailsInput } from '@/server/memberships/schema';

export function DetailsForm({ defaultValues }: { defaultValues: WorksiteDetailsInput }) {
  const [saved, setSaved] = useState<boolean | null>(null);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: worksiteDetailsSchema,
    action: updateWorksiteDetailsAction,
    defaultValues,
    onSuccess: (data) => setSaved(data.changed),
  });
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl" onChange={() => setSaved(null)}>
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
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
        error={e.operatingName?.message}
        {...form.register('operatingName')}
        id="operatingName"
      />
      <TextField
        label="Phone"
        type="tel"
        autoComplete="tel"
        hint="10 digits, like 250-555-0123"
        error={e.phone?.message}
        {...form.register('phone')}
        id="phone"
        fieldWidth="md"
      />
      <TextField
        label="Worksite email"
        type="email"
        autoComplete="email"
        error={e.email?.message}
        {...form.register('email')}
        id="email"
      />
      <Button type="submit" variant="primary" pending={pending} pendingText="Saving…">
        Save details
      </Button>
    </form>
  );
}
