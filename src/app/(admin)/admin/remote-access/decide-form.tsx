'use client';
import { useState } from 'react';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError, TextArea } from '@/components/ui';
import { decideRemoteAccessAction } from '@/server/remote-access/actions';
import { REMOTE_ACCESS_STATUS_LABEL } from '@/server/remote-access/rules';
import { DecidedLine, type Decided } from '../decided-line';

/** Approve at once, or decline with a reason the person will read. */
export function DecideRemoteAccess(p: { requestId: string; expectedStatus: string; name: string }) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  // The answer says what changed: the row shows it in place of the buttons, without a reload.
  const [decided, setDecided] = useState<Decided | null>(null);
  const { run, pending, error } = useActionButton<Decided>({ onSuccess: setDecided, refresh: false });
  const reasonId = `reason-${p.requestId}`;
  const reasonError = error?.fieldErrors.reason;

  const decide = (decision: 'approve' | 'decline') =>
    run(() =>
      decideRemoteAccessAction({
        requestId: p.requestId,
        expectedStatus: p.expectedStatus,
        decision,
        ...(decision === 'decline' ? { reason } : {}),
      }),
    );

  if (decided) return <DecidedLine decided={decided} label={REMOTE_ACCESS_STATUS_LABEL[decided.status]} />;
  return (
    <div className="space-y-2">
      {error && !reasonError && <FormError message={error.message} correlationId={error.correlationId} />}
      {declining ? (
        <div>
          <TextArea
            name={reasonId}
            id={reasonId}
            label={`Why is remote access declined for ${p.name}?`}
            hint="The person reads this in their email."
            rows={3}
            value={reason}
            error={reasonError}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="danger" pending={pending} pendingText="Working…" onClick={() => decide('decline')}>
              Decline<span className="sr-only"> — {p.name}</span>
            </Button>
            <Button size="sm" variant="secondary" disabled={pending} onClick={() => setDeclining(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" pending={pending} pendingText="Working…" onClick={() => decide('approve')}>
            Approve<span className="sr-only"> — {p.name}</span>
          </Button>
          <Button size="sm" variant="secondary" disabled={pending} onClick={() => setDeclining(true)}>
            Decline…<span className="sr-only"> — {p.name}</span>
          </Button>
        </div>
      )}
    </div>
  );
}
