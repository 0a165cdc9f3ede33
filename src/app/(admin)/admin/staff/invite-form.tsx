'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, Select, TextField } from '@/components/ui';
import { inviteStaffAction } from '@/server/staff/invitation-actions';
import { inviteStaffSchema, type InviteStaffInput } from '@/server/staff/schema';

/** Sends a single-use link; the role goes to whoever signs in with it and accepts. */
export function InviteStaffForm(p: { roles: { value: string; label: string }[]; ttlDays: number }) {
  const router = useRouter();
  const [sent, setSent] = useState<string | null>(null);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: inviteStaffSchema,
    action: inviteStaffAction,
    defaultValues: { email: '', role: '' } as unknown as InviteStaffInput,
    onSuccess: (_data, values) => {
      setSent(values.email);
      form.reset({ email: '', role: '' } as unknown as InviteStaffInput);
      router.refresh();
    },
  });
  const e = form.formState.errors;
  return (
    <section aria-labelledby="invite-staff" className="mb-10">
      <h2 id="invite-staff" className="mb-3 text-2xl font-bold">Invite a new staff member</h2>
      <p className="mb-4 max-w-prose">
        We email a link that works once, for {p.ttlDays} days. The role goes to the person who signs in with their
        BC Services Card and accepts it, whatever email address their card has.
      </p>
      {sent && (
        <Notice tone="success" title="Invitation sent" role="status" headingLevel={3}>
          We sent a staff invitation to {sent}.
        </Notice>
      )}
      <form onSubmit={onSubmit} noValidate className="max-w-xl" onChange={() => setSent(null)}>
        <FormErrorSummary errors={e} />
        <FormError message={formError} correlationId={correlationId} />
        <TextField label="Email address to send the invitation to" type="email" autoComplete="off" maxLength={254} error={e.email?.message} {...form.register('email')} id="email" />
        <Select label="Role" placeholder="Choose a role" options={p.roles} error={e.role?.message} {...form.register('role')} id="role" />
        <Button type="submit" pending={pending} pendingText="Sending…">
          Send invitation
        </Button>
      </form>
    </section>
  );
}
