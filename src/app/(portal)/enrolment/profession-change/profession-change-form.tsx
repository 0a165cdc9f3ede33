'use client';
import { useEffect } from 'react';
import { useWatch, type DefaultValues } from 'react-hook-form';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Select, TextArea } from '@/components/ui';
import { requestProfessionChangeAction } from '@/server/enrolments/actions';
import { professionChangeSchema, type ProfessionChangeInput } from '@/server/enrolments/schema';
import { isProfession, PROFESSION_ORDER, PROFESSIONS } from '@/server/professions/rules';
import { LicenceField } from '../licence-field';

const professionOptions = PROFESSION_ORDER.map((p) => ({ value: p, label: PROFESSIONS[p].label }));

export function ProfessionChangeForm({ defaultValues }: { defaultValues: DefaultValues<ProfessionChangeInput> }) {
  const state = useActionForm({
    schema: professionChangeSchema,
    action: requestProfessionChangeAction,
    defaultValues,
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  const { control, setValue } = form;
  const chosen = useWatch({ control, name: 'toProfession' });
  const policy = isProfession(chosen) ? PROFESSIONS[chosen] : null;

  // An unlicensed profession takes no licence number; clear one typed for another choice.
  useEffect(() => {
    if (policy && !policy.licenceRequired) setValue('licenceNumber', '');
  }, [policy, setValue]);

  return (
    <ActionForm state={state} className="max-w-2xl">
      <Select
        label="New profession"
        hint="Choose your current profession if only your licence number needs correcting."
        placeholder="Choose a profession"
        options={professionOptions}
        {...field('toProfession')}
        id="toProfession"
      />
      <LicenceField policy={policy} {...field('licenceNumber')} />
      <TextArea
        label="Why are you asking for this change?"
        hint="For example: I qualified as a nurse practitioner in May 2025. Between 10 and 1000 characters."
        maxLength={1000}
        {...field('reason')}
        id="reason"
      />
      <Button type="submit" variant="primary" pending={pending} pendingText="Sending…">
        Send the request
      </Button>
    </ActionForm>
  );
}
