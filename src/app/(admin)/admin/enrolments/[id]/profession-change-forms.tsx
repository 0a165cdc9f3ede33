'use client';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextArea } from '@/components/ui';
import { applyProfessionChangeAction, declineProfessionChangeAction } from '@/server/enrolments/team-actions';
import { applyProfessionChangeSchema, declineProfessionChangeSchema } from '@/server/enrolments/team-schema';

function ApplyForm({ requestId, onDone }: { requestId: string; onDone: (m: string) => void }) {
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: applyProfessionChangeSchema,
    action: applyProfessionChangeAction,
    defaultValues: { requestId, reason: '' },
    onSuccess: () => {
      // The answer is the outcome: the page is not re-rendered (decision 027).
      onDone('Profession change applied. The person was emailed.');
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormError message={formError} correlationId={correlationId} />
      <input type="hidden" {...form.register('requestId')} />
      <TextArea
        label="Note to the person"
        hint="For example, how you checked the licence."
        optional
        rows={2}
        error={form.formState.errors.reason?.message}
        {...form.register('reason')}
        id={`apply-${requestId}-reason`}
      />
      <Button type="submit" variant="primary" pending={pending} pendingText="Applying…">
        Apply the change
      </Button>
    </form>
  );
}

function DeclineForm({ requestId, onDone }: { requestId: string; onDone: (m: string) => void }) {
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: declineProfessionChangeSchema,
    action: declineProfessionChangeAction,
    defaultValues: { requestId, reason: '' },
    onSuccess: () => {
      onDone('Profession change declined. The person was emailed the reason.');
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      <FormError message={formError} correlationId={correlationId} />
      <input type="hidden" {...form.register('requestId')} />
      <TextArea
        label="Reason for declining"
        hint="The person reads this in an email."
        rows={2}
        error={form.formState.errors.reason?.message}
        {...form.register('reason')}
        id={`decline-${requestId}-reason`}
      />
      <Button type="submit" variant="danger" pending={pending} pendingText="Declining…">
        Decline the change
      </Button>
    </form>
  );
}

/** Apply or decline one waiting profession change request. */
export function ProfessionChangeForms({ requestId }: { requestId: string }) {
  const [outcome, setOutcome] = useState<string | null>(null);
  if (outcome) return <Notice tone="success" title={outcome} headingLevel={3} />;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <ApplyForm requestId={requestId} onDone={setOutcome} />
      <DeclineForm requestId={requestId} onDone={setOutcome} />
    </div>
  );
}
