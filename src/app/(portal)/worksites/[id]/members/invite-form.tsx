'use client';
import { useState } from 'react';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Checkbox, Notice, TextField } from '@/components/ui';
import { inviteByEmailAction } from '@/server/invitations/actions';
import { inviteSchema } from '@/server/invitations/schema';

export function InviteForm({ worksiteId }: { worksiteId: string }) {
  const [sent, setSent] = useState<{ email: string; reused: boolean } | null>(null);
  const state = useActionForm({
    schema: inviteSchema,
    action: inviteByEmailAction,
    defaultValues: { worksiteId, email: '', isLocum: false, locumEndDate: '' },
    onSuccess: (data, values) => {
      setSent({ email: values.email, reused: data.reused });
      form.reset({ worksiteId, email: '', isLocum: false, locumEndDate: '' });
    },
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  const locum = form.watch('isLocum');
  return (
    <ActionForm state={state} className="max-w-xl" onChange={() => setSent(null)}>
      {sent && (
        <Notice
          tone="success"
          title={sent.reused ? 'An invitation is already waiting' : 'Invitation sent'}
          headingLevel={3}
        >
          {sent.reused
            ? `${sent.email} already has an invitation that has not expired. Use “Resend” in the list below to send the link again.`
            : `We emailed an invitation link to ${sent.email}. It works once and expires in 14 days.`}
        </Notice>
      )}
      <TextField
        label="Email address"
        type="email"
        autoComplete="off"
        hint="The person signs in with their BC Services Card to accept; their card does not need to use this address."
        {...field('email')}
        id="invite-email"
      />
      <Checkbox
        label="This person is a locum"
        hint="Their access here ends by itself after the last day you give."
        {...form.register('isLocum')}
        id="invite-is-locum"
      />
      {locum && (
        <TextField
          label="Last day of the locum"
          type="date"
          {...field('locumEndDate')}
          id="invite-locum-end"
        />
      )}
      <Button type="submit" variant="primary" pending={pending} pendingText="Sending…">
        Send invitation
      </Button>
    </ActionForm>
  );
}
