'use client';
import { useState } from 'react';
import { ActionForm, fieldBinder } from '@/components/forms/action-form';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, Notice, TextArea } from '@/components/ui';
import { requestClosureAction } from '@/server/worksites/settings-actions';
import { closureRequestSchema } from '@/server/worksites/settings-schema';

export function ClosureForm({ worksiteId }: { worksiteId: string }) {
  const [sent, setSent] = useState(false);
  const state = useActionForm({
    schema: closureRequestSchema,
    action: requestClosureAction,
    defaultValues: { worksiteId, reason: '' },
    onSuccess: () => setSent(true),
  });
  const { form, pending } = state;
  const field = fieldBinder(form);
  if (sent) {
    return (
      <Notice tone="success" title="Closure requested" headingLevel={3}>
        The enrolment team has your request and will contact you. Nothing changes until they close
        the worksite.
      </Notice>
    );
  }
  return (
    <ActionForm state={state} className="max-w-xl">
      <TextArea
        label="Why is the worksite closing?"
        hint="For example: the clinic is closing on a date, or moving into another organization."
        {...field('reason')}
        id="reason"
      />
      <Button type="submit" variant="danger" pending={pending} pendingText="Sending…">
        Ask the enrolment team to close this worksite
      </Button>
    </ActionForm>
  );
}
