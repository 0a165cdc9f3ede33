'use client';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextField } from '@/components/ui';
import { inviteByEmailAction } from '@/server/invitations/actions';
import { inviteSchema } from '@/server/invitations/schema';

export function InviteForm({ worksiteId }: { worksiteId: string }) {
  const [sent, setSent] = useState<{ email: string; reused: boolean } | null>(null);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: inviteSchema,
    action: inviteByEmailAction,
    defaultValues: { worksiteId, email: '' },
    onSuccess: (data, values) => {
      setSent({ email: values.email, reused: data.reused });
      form.reset({ worksiteId, email: '' });
    },
  });
  const e = form.formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl" onChange={() => setSent(null)}>
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
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
        error={e.email?.message}
        {...form.register('email')}
        id="invite-email"
      />
      <Button type="submit" variant="primary" pending={pending} pendingText="Sending…">
        Send invitation
      </Button>
    </form>
  );
}
