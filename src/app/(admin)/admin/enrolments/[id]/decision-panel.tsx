'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Heading, Notice, TextArea, type ButtonVariant } from '@/components/ui';
import type { EnrolmentStatus } from '@/generated/prisma/enums';
import { announceDecision } from '@/components/admin/decision-outcome';
import type { ActionResult } from '@/lib/action-result';
import type { DecisionAnswer } from '@/server/decisions/answer';
import {
  approveEnrolmentAction,
  declineEnrolmentAction,
  reinstateEnrolmentAction,
  requestEnrolmentChangesAction,
  suspendEnrolmentAction,
} from '@/server/enrolments/team-actions';
import {
  enrolmentDecisionSchema,
  reasonedEnrolmentDecisionSchema,
  type EnrolmentDecision,
  type EnrolmentDecisionInput,
  type EnrolmentDecisionValues,
} from '@/server/enrolments/team-schema';

type Config = {
  title: string;
  button: string;
  pendingText: string;
  variant: ButtonVariant;
  reason: 'required' | 'optional';
  reasonLabel: string;
  reasonHint: string;
  action: (input: unknown) => Promise<ActionResult<DecisionAnswer<EnrolmentStatus, EnrolmentDecision>>>;
  done: string;
};

const CONFIG: Record<EnrolmentDecision, Config> = {
  approve: {
    title: 'Approve the enrolment',
    button: 'Approve enrolment',
    pendingText: 'Approving…',
    variant: 'primary',
    reason: 'optional',
    reasonLabel: 'Note to the person',
    reasonHint: 'Added to the welcome package email.',
    action: approveEnrolmentAction,
    done: 'Enrolment approved. The person was sent the welcome package with their worksites.',
  },
  requestChanges: {
    title: 'Request changes',
    button: 'Request changes',
    pendingText: 'Sending…',
    variant: 'secondary',
    reason: 'required',
    reasonLabel: 'What needs to change',
    reasonHint: 'The person reads this in an email, word for word. 5 to 2000 characters.',
    action: requestEnrolmentChangesAction,
    done: 'Changes requested. The person was emailed the reason.',
  },
  decline: {
    title: 'Decline',
    button: 'Decline enrolment',
    pendingText: 'Declining…',
    variant: 'danger',
    reason: 'required',
    reasonLabel: 'Reason for declining',
    reasonHint: 'Declining is final. The person reads this reason in an email.',
    action: declineEnrolmentAction,
    done: 'Enrolment declined. The person was emailed the reason.',
  },
  suspend: {
    title: 'Suspend the enrolment',
    button: 'Suspend',
    pendingText: 'Suspending…',
    variant: 'danger',
    reason: 'required',
    reasonLabel: 'Reason for suspending',
    reasonHint: 'The person cannot open CareConnect while suspended, and reads this reason.',
    action: suspendEnrolmentAction,
    done: 'The enrolment is suspended. The person was emailed.',
  },
  reinstate: {
    title: 'Reinstate the enrolment',
    button: 'Reinstate',
    pendingText: 'Reinstating…',
    variant: 'primary',
    reason: 'optional',
    reasonLabel: 'Note to the person',
    reasonHint: 'Added to the email telling them.',
    action: reinstateEnrolmentAction,
    done: 'The enrolment is approved again. The person was emailed.',
  },
};

function DecisionForm({
  kind,
  enrolmentId,
  expectedStatus,
  onDone,
}: {
  kind: EnrolmentDecision;
  enrolmentId: string;
  expectedStatus: EnrolmentStatus;
  onDone: (message: string, answer: DecisionAnswer<EnrolmentStatus, EnrolmentDecision>) => void;
}) {
  const c = CONFIG[kind];
  const router = useRouter();
  const [lastCode, setLastCode] = useState<string | null>(null);
  // Both schemas take the same fields; the reasoned one only makes the reason required.
  const schema = (c.reason === 'required' ? reasonedEnrolmentDecisionSchema : enrolmentDecisionSchema) as z.ZodType<
    EnrolmentDecisionValues,
    EnrolmentDecisionInput
  >;
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema,
    action: async (values: EnrolmentDecisionInput) => {
      const r = await c.action(values);
      setLastCode(r.ok ? null : r.code);
      return r;
    },
    defaultValues: { enrolmentId, expectedStatus, reason: '' },
    // The answer says what changed: the panel and the page show it without a reload.
    onSuccess: (data) => onDone(c.done, data),
  });
  const e = form.formState.errors;
  const alreadyDecided = lastCode === 'ALREADY_DECIDED';
  return (
    <section aria-labelledby={`${kind}-title`} className="mb-6 rounded border border-line-soft p-4">
      <Heading level={3} id={`${kind}-title`} className="mb-3 text-lg font-bold">
        {c.title}
      </Heading>
      {/* One field per form: its error sits next to it, so no summary is needed. */}
      <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
        <FormError title={alreadyDecided ? 'Someone else already decided this' : undefined} message={formError} correlationId={correlationId} />
        {alreadyDecided && (
          <Button variant="secondary" onClick={() => router.refresh()}>
            Show where it stands now
          </Button>
        )}
        <input type="hidden" {...form.register('enrolmentId')} />
        <input type="hidden" {...form.register('expectedStatus')} />
        <TextArea
          label={c.reasonLabel}
          hint={c.reasonHint}
          optional={c.reason === 'optional'}
          error={e.reason?.message}
          rows={3}
          {...form.register('reason')}
          id={`${kind}-reason`}
        />
        <Button type="submit" variant={c.variant} pending={pending} pendingText={c.pendingText}>
          {c.button}
        </Button>
      </form>
    </section>
  );
}

/** The decisions open to this staff member now; after one, those the answer still offers, with
 * its outcome on screen after the form it came from is gone. */
export function DecisionPanel({
  enrolmentId,
  status,
  decisions,
  emptyText,
}: {
  enrolmentId: string;
  status: EnrolmentStatus;
  decisions: EnrolmentDecision[];
  emptyText: string;
}) {
  const [outcome, setOutcome] = useState<string | null>(null);
  // What the latest decision left: its status and what is still open to this staff member.
  const [now, setNow] = useState({ status, decisions });
  const decided = (message: string, answer: DecisionAnswer<EnrolmentStatus, EnrolmentDecision>) => {
    setOutcome(message);
    setNow({ status: answer.status, decisions: answer.decisions });
    announceDecision(answer);
  };
  return (
    <div>
      {outcome && (
        <Notice tone="success" title="Decision recorded" headingLevel={3}>
          {outcome}
        </Notice>
      )}
      {now.decisions.length === 0 && !outcome && <p>{emptyText}</p>}
      {now.decisions.map((d) => (
        <DecisionForm key={`${d}-${now.status}`} kind={d} enrolmentId={enrolmentId} expectedStatus={now.status} onDone={decided} />
      ))}
    </div>
  );
}
