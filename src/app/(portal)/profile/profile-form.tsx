'use client';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Fieldset, FormError, Notice, TextField } from '@/components/ui';
import { updateProfileAction } from '@/server/people/actions';
import { profileSchema, type ProfileInput } from '@/server/people/schema';

export function ProfileForm({ defaultValues }: { defaultValues: ProfileInput }) {
  const [saved, setSaved] = useState<{ confirmationTo: string | null } | null>(null);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: profileSchema,
    action: updateProfileAction,
    defaultValues,
    onSuccess: (data) => setSaved({ confirmationTo: data.confirmationSent ? data.waitingEmail : null }),
  });
  const { register, formState } = form;
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-6" onChange={() => setSaved(null)}>
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
      {saved && (
        <Notice tone="success" title="Your profile is saved">
          {saved.confirmationTo &&
            `We sent a link to ${saved.confirmationTo}. Your contact email changes once you open it; until then we keep using the current one.`}
        </Notice>
      )}
      <Fieldset
        legend="Preferred name"
        description="Use this if your college licence shows a different name than your BC Services Card. Leave blank to use your legal name."
      >
        <TextField label="Preferred first name" autoComplete="given-name" error={e.preferredGivenName?.message} {...register('preferredGivenName')} id="preferredGivenName" />
        <TextField label="Preferred last name" autoComplete="family-name" error={e.preferredFamilyName?.message} {...register('preferredFamilyName')} id="preferredFamilyName" />
      </Fieldset>
      <Fieldset legend="Contact details" description="We send notices about your enrolment and worksites here.">
        <TextField label="Contact email" type="email" autoComplete="email" hint="A new address is used once you confirm it from the link we send there." error={e.contactEmail?.message} {...register('contactEmail')} id="contactEmail" />
        <TextField label="Phone (optional)" type="tel" autoComplete="tel" hint="10 digits, like 250-555-0123" error={e.contactPhone?.message} {...register('contactPhone')} id="contactPhone" />
      </Fieldset>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? 'Saving…' : 'Save profile'}
      </Button>
    </form>
  );
}
