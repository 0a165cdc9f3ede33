'use client';
import { useState } from 'react';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Checkbox, TextField } from '@/components/ui';
import { setLocumAction } from '@/server/sponsorships/actions';
import { setLocumSchema } from '@/server/sponsorships/schema';

/** Mark a member as a locum, or change the last day. Ending it now is the "End locum" button. */
export function LocumForm(p: {
  worksiteId: string;
  membershipId: string;
  name: string;
  isLocum: boolean;
  locumEndDate: string | null;
}) {
  const [saved, setSaved] = useState<string | null>(null);
  const defaults = {
    worksiteId: p.worksiteId,
    membershipId: p.membershipId,
    isLocum: p.isLocum,
    locumEndDate: p.locumEndDate ?? '',
  };
  const state = useActionForm({
    schema: setLocumSchema,
    action: setLocumAction,
    defaultValues: defaults,
    onSuccess: (data) =>
      setSaved(data.isLocum ? `Saved: ${p.name} is a locum.` : `${p.name} is no longer a locum.`),
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  const e = form.formState.errors;
  const id = `locum-${p.membershipId}`;
  return (
    <details className="mt-2" open={!!state.formError || Object.keys(e).length > 0 || undefined}>
      <summary className="cursor-pointer underline">
        {p.isLocum ? 'Change locum dates' : 'Mark as locum'}
        <span className="sr-only"> — {p.name}</span>
      </summary>
      <ActionForm state={state} className="mt-2" onChange={() => setSaved(null)}>
        {saved && (
          <p role="status" className="font-semibold text-success-ink">
            {saved}
          </p>
        )}
        <Checkbox label="This person is a locum" {...form.register('isLocum')} id={`${id}-is`} />
        <TextField
          label="Last day of the locum"
          type="date"
          hint="Access here ends after this day. Use the End locum button to end it today."
          {...field('locumEndDate')}
          id={`${id}-end`}
        />
        <Button type="submit" size="sm" pending={pending} pendingText="Saving…">
          Save<span className="sr-only"> locum dates for {p.name}</span>
        </Button>
      </ActionForm>
    </details>
  );
}
