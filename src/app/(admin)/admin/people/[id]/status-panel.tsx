'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextArea } from '@/components/ui';
import { reinstatePersonAction, suspendPersonAction } from '@/server/people/team-actions';
import { personStatusDecisionSchema, type PersonStatusDecisionInput } from '@/server/people/team-schema';

/** Suspend (ends their sessions at once) or reinstate a person, with the reason they read. */
export function PersonStatusPanel({ personId, decision }: { personId: string; decision: 'suspend' | 'reinstate' }) {
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const suspend = decision === 'suspend';
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: personStatusDecisionSchema,
    action: (v: PersonStatusDecisionInput) => (suspend ? suspendPersonAction(v) : reinstatePersonAction(v)),
    defaultValues: { personId, reason: '' },
    onSuccess: () => {
      setDone(suspend ? 'The person is suspended and signed out everywhere. They were emailed the reason.' : 'The person is active again and was emailed.');
      router.refresh();
    },
  });
  if (done)
    return (
      <Notice tone="success" title="Decision recorded" headingLevel={3}>
        {done}
      </Notice>
    );
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
      <FormError message={formError} correlationId={correlationId} />
      <input type="hidden" {...form.register('personId')} />
      <TextArea
        label={suspend ? 'Reason for suspending' : 'Reason for reinstating'}
        hint={suspend ? 'The person reads this. Suspending signs them out at once and stops all access.' : 'The person reads this.'}
        error={form.formState.errors.reason?.message}
        rows={3}
        {...form.register('reason')}
        id="person-status-reason"
      />
      <Button type="submit" variant={suspend ? 'danger' : 'primary'} pending={pending} pendingText={suspend ? 'Suspending…' : 'Reinstating…'}>
        {suspend ? 'Suspend person' : 'Reinstate person'}
      </Button>
    </form>
  );
}
