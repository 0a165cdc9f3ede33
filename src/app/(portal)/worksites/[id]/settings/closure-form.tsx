'use client';
import { useState } from 'react';
import { FormErrorSummary } from '@/components/forms/form-errors';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextArea } from '@/components/ui';
import { requestClosureAction } from '@/server/memberships/actions';
import { closureRequestSchema } from '@/server/memberships/schema';

export function ClosureForm({ worksiteId }: { worksiteId: string }) {
  const [sent, setSent] = useState(false);
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: closureRequestSchema,
    action: requestClosureAction,
    defaultValues: { worksiteId, reason: '' },
    onSuccess: () => setSent(true),
  });
  const e = form.formState.errors;
  if (sent) {
    return (
      <Notice tone="success" title="Closure requested" headingLevel={3}>
        The enrolment team has your request and will contact you. Nothing changes until they close
        the worksite.
      </Notice>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl">
      <FormErrorSummary errors={e} />
      <FormError message={formError} correlationId={correlationId} />
      <TextArea
        label="Why is the worksite closing?"
        hint="For example: the clinic is closing on a date, or moving into another organization."
        error={e.reason?.message}
        {...form.register('reason')}
        id="reason"
      />
      <Button type="submit" variant="danger" pending={pending} pendingText="Sending…">
        Ask the enrolment team to close this worksite
      </Button>
    </form>
  );
}
