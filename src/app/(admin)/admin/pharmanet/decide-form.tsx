'use client';
import { useState } from 'react';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError, TextArea } from '@/components/ui';
import { decideUserPharmanetAction, worksitePharmanetStepAction } from '@/server/pharmanet/actions';
import { PHARMANET_STATUS_LABEL, worksiteStepsFrom } from '@/server/pharmanet/rules';
import { DecidedLine, type Decided } from '../decided-line';

type Step = 'instructions_sent' | 'approve' | 'decline';

const STEP = { INSTRUCTIONS_SENT: 'instructions_sent', APPROVE: 'approve', DECLINE: 'decline' } as const;

const LABEL: Record<Exclude<Step, 'decline'>, string> = {
  instructions_sent: 'PRIME instructions sent',
  approve: 'Approve',
};

/**
 * The team's buttons for one request. A worksite request offers the steps its state allows;
 * a person's request offers approve or decline. Declining asks for a reason people will read.
 */
export function DecidePharmanet(p: {
  kind: 'WORKSITE' | 'USER';
  requestId: string;
  expectedStatus: string;
  name: string;
  steps: Step[];
}) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  // The answer says what changed: the row shows it (and the next step) without a reload.
  const [decided, setDecided] = useState<Decided | null>(null);
  const { run: call, pending, error } = useActionButton<Decided>({ onSuccess: setDecided, refresh: false });
  const reasonId = `reason-${p.requestId}`;

  const expectedStatus = decided?.status ?? p.expectedStatus;
  const steps = decided ? (p.kind === 'WORKSITE' ? worksiteStepsFrom(decided.status).map((s) => STEP[s]) : []) : p.steps;
  const run = (step: Step) =>
    call(() => {
      const base = { requestId: p.requestId, expectedStatus, ...(step === 'decline' ? { reason } : {}) };
      return p.kind === 'WORKSITE'
        ? worksitePharmanetStepAction({ ...base, step })
        : decideUserPharmanetAction({ ...base, decision: step === 'decline' ? 'decline' : 'approve' });
    });
  const reasonError = error?.fieldErrors.reason;

  const forward = steps.filter((s): s is Exclude<Step, 'decline'> => s !== 'decline');
  return (
    <div className="space-y-2">
      {decided && <DecidedLine decided={decided} label={PHARMANET_STATUS_LABEL[decided.status]} />}
      {error && !reasonError && <FormError message={error.message} correlationId={error.correlationId} />}
      {steps.length === 0 ? null : declining ? (
        <div>
          <TextArea
            name={reasonId}
            id={reasonId}
            label={`Why is PharmaNet declined for ${p.name}?`}
            hint={p.kind === 'WORKSITE' ? 'The site administrators read this in their email.' : 'The person reads this in their email.'}
            rows={3}
            value={reason}
            error={reasonError}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="danger" pending={pending} pendingText="Working…" onClick={() => run('decline')}>
              Decline<span className="sr-only"> — {p.name}</span>
            </Button>
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => setDeclining(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          {forward.map((s) => (
            <Button key={s} size="sm" pending={pending} pendingText="Working…" onClick={() => run(s)}>
              {LABEL[s]}
              <span className="sr-only"> — {p.name}</span>
            </Button>
          ))}
          {steps.includes('decline') && (
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => setDeclining(true)}>
              Decline…<span className="sr-only"> — {p.name}</span>
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
