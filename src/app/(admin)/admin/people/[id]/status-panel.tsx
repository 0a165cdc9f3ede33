'use client';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { announceDecision } from '@/components/admin/decision-outcome';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Notice, TextArea } from '@/components/ui';
import type { OrphanedWorksite } from '@/server/people/site-admin-rules';
import { reinstatePersonAction, suspendPersonAction } from '@/server/people/team-actions';
import { personStatusDecisionSchema, type PersonStatusDecisionInput } from '@/server/people/team-schema';

/**
 * Suspend (ends their sessions at once) or reinstate a person, with the reason they read. When
 * the person is the last active site admin of a worksite, the first submit only asks: the team
 * member reads the consequence and confirms with a second submit, or cancels.
 */
export function PersonStatusPanel({ personId, decision }: { personId: string; decision: 'suspend' | 'reinstate' }) {
  const [done, setDone] = useState<string | null>(null);
  const [question, setQuestion] = useState<OrphanedWorksite[] | null>(null);
  // After "Cancel" the question stays in the form's error state until the next submit; it is not
  // an error to show.
  const [cancelled, setCancelled] = useState<string | null>(null);
  const confirmed = useRef(false);
  const questionBox = useRef<HTMLDivElement>(null);
  const suspend = decision === 'suspend';
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema: personStatusDecisionSchema,
    action: async (v: PersonStatusDecisionInput) => {
      if (!suspend) return reinstatePersonAction(v);
      const r = await suspendPersonAction(confirmed.current ? { ...v, confirmLastSiteAdmin: true } : v);
      confirmed.current = false;
      setCancelled(null);
      setQuestion(!r.ok && 'worksites' in r ? r.worksites : null);
      return r;
    },
    defaultValues: { personId, reason: '' },
    // The answer says what changed: the page's status and timeline show it without a reload.
    onSuccess: (answer) => {
      setDone(suspend ? 'The person is suspended and signed out everywhere. They were emailed the reason.' : 'The person is active again and was emailed.');
      announceDecision(answer);
    },
  });
  useEffect(() => {
    if (question) questionBox.current?.focus();
  }, [question]);

  if (done)
    return (
      <Notice tone="success" title="Decision recorded" headingLevel={3}>
        {done}
      </Notice>
    );
  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
      {question ? (
        <div ref={questionBox} tabIndex={-1} data-testid="last-site-admin-question">
          <Notice tone="warning" role="alert" headingLevel={3} title="Nobody would be left to administer a worksite">
            <p>{formError}</p>
            <ul className="mt-2 list-disc pl-6">
              {question.map((w) => (
                <li key={w.id}>
                  <Link href={`/admin/worksites/${w.id}`}>{w.operatingName}</Link> <span className="font-mono">({w.worksiteCode})</span>
                </li>
              ))}
            </ul>
            <p className="mt-2">Until someone there is made a site administrator, nobody can invite, confirm or manage its members.</p>
            <div className="mt-4 flex flex-wrap gap-3">
              <Button
                type="button"
                variant="danger"
                pending={pending}
                pendingText="Suspending…"
                onClick={() => {
                  confirmed.current = true;
                  void onSubmit();
                }}
              >
                Suspend anyway
              </Button>
              <Button
                type="button"
                variant="secondary"
                disabled={pending}
                onClick={() => {
                  setCancelled(formError);
                  setQuestion(null);
                }}
              >
                Cancel
              </Button>
            </div>
          </Notice>
        </div>
      ) : (
        formError !== cancelled && <FormError message={formError} correlationId={correlationId} />
      )}
      <input type="hidden" {...form.register('personId')} />
      <TextArea
        label={suspend ? 'Reason for suspending' : 'Reason for reinstating'}
        hint={suspend ? 'The person reads this. Suspending signs them out at once and stops all access.' : 'The person reads this.'}
        error={form.formState.errors.reason?.message}
        rows={3}
        {...form.register('reason')}
        id="person-status-reason"
      />
      {!question && (
        <Button type="submit" variant={suspend ? 'danger' : 'primary'} pending={pending} pendingText={suspend ? 'Suspending…' : 'Reinstating…'}>
          {suspend ? 'Suspend person' : 'Reinstate person'}
        </Button>
      )}
    </form>
  );
}
