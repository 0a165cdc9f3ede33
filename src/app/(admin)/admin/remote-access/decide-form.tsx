'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError, TextArea } from '@/components/ui';
import { decideRemoteAccessAction } from '@/server/remote-access/actions';

/** Approve at once, or decline with a reason the person will read. */
export function DecideRemoteAccess(p: { requestId: string; expectedStatus: string; name: string }) {
  const router = useRouter();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ message: string; reason?: string; correlationId?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const reasonId = `reason-${p.requestId}`;

  const decide = (decision: 'approve' | 'decline') =>
    startTransition(async () => {
      setError(null);
      try {
        const r = await decideRemoteAccessAction({
          requestId: p.requestId,
          expectedStatus: p.expectedStatus,
          decision,
          ...(decision === 'decline' ? { reason } : {}),
        });
        if (r.ok) router.refresh();
        else setError({ message: r.formError ?? 'Something went wrong.', reason: r.fieldErrors?.reason, correlationId: r.correlationId });
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      }
    });

  return (
    <div className="space-y-2">
      {error && !error.reason && <FormError message={error.message} correlationId={error.correlationId} />}
      {declining ? (
        <div>
          <TextArea
            name={reasonId}
            id={reasonId}
            label={`Why is remote access declined for ${p.name}?`}
            hint="The person reads this in their email."
            rows={3}
            value={reason}
            error={error?.reason}
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
