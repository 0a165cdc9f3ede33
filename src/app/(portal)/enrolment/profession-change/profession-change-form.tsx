'use client';
import { useEffect } from 'react';
import { useWatch, type DefaultValues } from 'react-hook-form';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Select, TextArea, TextField } from '@/components/ui';
import { requestProfessionChangeAction } from '@/server/enrolments/actions';
import { professionChangeSchema, type ProfessionChangeInput } from '@/server/enrolments/schema';
import { isProfession, PROFESSION_ORDER, PROFESSIONS } from '@/server/professions/rules';

const professionOptions = PROFESSION_ORDER.map((p) => ({ value: p, label: PROFESSIONS[p].label }));

export function ProfessionChangeForm({ defaultValues }: { defaultValues: DefaultValues<ProfessionChangeInput> }) {
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: professionChangeSchema,
    action: requestProfessionChangeAction,
    defaultValues,
  });
  const { register, control, setValue, formState } = form;
  const e = formState.errors;
  const chosen = useWatch({ control, name: 'toProfession' });
  const policy = isProfession(chosen) ? PROFESSIONS[chosen] : null;

  // An unlicensed profession takes no licence number; clear one typed for another choice.
  useEffect(() => {
    if (policy && !policy.licenceRequired) setValue('licenceNumber', '');
  }, [policy, setValue]);

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl">
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
      <Select
        label="New profession"
        hint="Choose your current profession if only your licence number needs correcting."
        placeholder="Choose a profession"
        options={professionOptions}
        error={e.toProfession?.message}
        {...register('toProfession')}
        id="toProfession"
      />
      {policy?.licenceRequired && (
        <TextField
          label={`${policy.college} licence number`}
          hint={policy.licenceHint}
          inputMode="numeric"
          autoComplete="off"
          fieldWidth="sm"
          error={e.licenceNumber?.message}
          {...register('licenceNumber')}
          id="licenceNumber"
        />
      )}
      <TextArea
        label="Why are you asking for this change?"
        hint="For example: I qualified as a nurse practitioner in May 2025. Between 10 and 1000 characters."
        maxLength={1000}
        error={e.reason?.message}
        {...register('reason')}
        id="reason"
      />
      <Button type="submit" variant="primary" pending={pending} pendingText="Sending…">
        Send the request
      </Button>
    </form>
  );
}
