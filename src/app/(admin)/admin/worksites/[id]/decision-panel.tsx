'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { z } from 'zod';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button, FormError, Heading, Notice, TextArea, type ButtonVariant } from '@/components/ui';
import type { WorksiteStatus } from '@/generated/prisma/enums';
import { announceDecision } from '@/components/admin/decision-outcome';
import type { ActionResult } from '@/lib/action-result';
import type { DecisionAnswer } from '@/server/decisions/answer';
import {
  acceptIntakeAction,
  approveDeclarationAction,
  closeWorksiteAction,
  declineWorksiteAction,
  reinstateWorksiteAction,
  requestWorksiteChangesAction,
  suspendWorksiteAction,
} from '@/server/worksites/team-actions';
import {
  decisionSchema,
  reasonedDecisionSchema,
  type DecisionInput,
  type DecisionValues,
  type TeamDecision,
} from '@/server/worksites/team-schema';

type Config = {
  title: string;
  button: string;
  pendingText: string;
  variant: ButtonVariant;
  reason: 'required' | 'optional';
  reasonLabel: string;
  reasonHint: string;
  action: (input: unknown) => Promise<ActionResult<DecisionAnswer<WorksiteStatus, TeamDecision>>>;
  done: (status: WorksiteStatus) => string;
};

const CONFIG: Record<TeamDecision, Config> = {
  accept: {
    title: 'Accept the registration',
    button: 'Accept registration',
    pendingText: 'Accepting…',
    variant: 'primary',
    reason: 'optional',
    reasonLabel: 'Note to the clinic',
    reasonHint: 'Added to the enrolment instructions email.',
    action: acceptIntakeAction,
    done: (s) =>
      s === 'ACTIVE'
        ? 'Registration accepted. This "No Clinical Apps" worksite is now active; the site administrators were emailed.'
        : 'Registration accepted. The site administrators were sent the enrolment instructions for the declaration.',
  },
  approve: {
    title: 'Approve the declaration',
    button: 'Approve declaration — make the worksite active',
    pendingText: 'Approving…',
    variant: 'primary',
    reason: 'optional',
    reasonLabel: 'Note to the clinic',
    reasonHint: 'Added to the approval email.',
    action: approveDeclarationAction,
    done: () =>
      'Declaration approved. The worksite is active; the site administrators were emailed and the expected users invited.',
  },
  requestChanges: {
    title: 'Request changes',
    button: 'Request changes',
    pendingText: 'Sending…',
    variant: 'secondary',
    reason: 'required',
    reasonLabel: 'What needs to change',
    reasonHint:
      'The site administrators read this in an email, word for word. 5 to 2000 characters.',
    action: requestWorksiteChangesAction,
    done: () => 'Changes requested. The site administrators were emailed the reason.',
  },
  decline: {
    title: 'Decline',
    button: 'Decline',
    pendingText: 'Declining…',
    variant: 'danger',
    reason: 'required',
    reasonLabel: 'Reason for declining',
    reasonHint: 'Declining is final. The site administrators read this reason in an email.',
    action: declineWorksiteAction,
    done: () => 'Declined. The site administrators were emailed the reason.',
  },
  suspend: {
    title: 'Suspend the worksite',
    button: 'Suspend',
    pendingText: 'Suspending…',
    variant: 'danger',
    reason: 'required',
    reasonLabel: 'Reason for suspending',
    reasonHint:
      'Nobody can open CareConnect for this worksite while it is suspended. The site administrators read this reason.',
    action: suspendWorksiteAction,
    done: () => 'The worksite is suspended. The site administrators were emailed.',
  },
  reinstate: {
    title: 'Reinstate the worksite',
    button: 'Reinstate',
    pendingText: 'Reinstating…',
    variant: 'primary',
    reason: 'optional',
    reasonLabel: 'Note to the clinic',
    reasonHint: 'Added to the email telling the site administrators.',
    action: reinstateWorksiteAction,
    done: () => 'The worksite is active again. The site administrators were emailed.',
  },
  close: {
    title: 'Close the worksite',
    button: 'Close worksite',
    pendingText: 'Closing…',
    variant: 'danger',
    reason: 'required',
    reasonLabel: 'Reason for closing',
    reasonHint:
      'Closing ends every membership here and cannot be undone. Each member is emailed this reason.',
    action: closeWorksiteAction,
    done: () => 'The worksite is closed. Every membership ended and each member was emailed.',
  },
};

function DecisionForm({
  kind,
  worksiteId,
  expectedStatus,
  onDone,
}: {
  kind: TeamDecision;
  worksiteId: string;
  expectedStatus: WorksiteStatus;
  onDone: (message: string, answer: DecisionAnswer<WorksiteStatus, TeamDecision>) => void;
}) {
  const c = CONFIG[kind];
  const router = useRouter();
  const [lastCode, setLastCode] = useState<string | null>(null);
  // Both schemas take the same fields; the reasoned one only makes the reason required.
  const schema = (c.reason === 'required' ? reasonedDecisionSchema : decisionSchema) as z.ZodType<
    DecisionValues,
    DecisionInput
  >;
  const { form, onSubmit, formError, correlationId, pending } = useActionForm({
    schema,
    action: async (values: DecisionInput) => {
      const r = await c.action(values);
      setLastCode(r.ok ? null : r.code);
      return r;
    },
    defaultValues: { worksiteId, expectedStatus, reason: '' },
    // Like every decision panel: say what happened, then show the page as it is now.
    // The answer says what changed: the panel and the page show it without a reload.
    onSuccess: (data) => onDone(c.done(data.status), data),
  });
  // One field per form: its error sits next to it and takes focus, so no summary is needed
  // (and several summaries on one page would compete for focus).
  const e = form.formState.errors;
  const fieldName = `${kind}-reason`;
  const alreadyDecided = lastCode === 'ALREADY_DECIDED';
  return (
    <section aria-labelledby={`${kind}-title`} className="mb-6 rounded border border-line-soft p-4">
      <Heading level={3} id={`${kind}-title`} className="mb-3 text-lg font-bold">
        {c.title}
      </Heading>
      <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4">
        <FormError
          title={alreadyDecided ? 'Someone else already decided this' : undefined}
          message={formError}
          correlationId={correlationId}
        />
        {alreadyDecided && (
          <Button variant="secondary" onClick={() => router.refresh()}>
            Show where it stands now
          </Button>
        )}
        <input type="hidden" {...form.register('worksiteId')} />
        <input type="hidden" {...form.register('expectedStatus')} />
        <TextArea
          label={c.reasonLabel}
          hint={c.reasonHint}
          optional={c.reason === 'optional'}
          error={e.reason?.message}
          rows={3}
          {...form.register('reason')}
          id={fieldName}
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
  worksiteId,
  status,
  decisions,
}: {
  worksiteId: string;
  status: WorksiteStatus;
  decisions: TeamDecision[];
}) {
  const [outcome, setOutcome] = useState<string | null>(null);
  // What the latest decision left: its status and what is still open to this staff member.
  const [now, setNow] = useState({ status, decisions });
  const decided = (message: string, answer: DecisionAnswer<WorksiteStatus, TeamDecision>) => {
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
      {now.decisions.length === 0 && !outcome && (
        <p>There is no decision to make while the worksite is in this state.</p>
      )}
      {now.decisions.map((d) => (
        <DecisionForm
          // A new status means a new page state: the form starts again with it.
          key={`${d}-${now.status}`}
          kind={d}
          worksiteId={worksiteId}
          expectedStatus={now.status}
          onDone={decided}
        />
      ))}
    </div>
  );
}
