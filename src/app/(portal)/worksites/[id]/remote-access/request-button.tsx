'use client';
import { useState } from 'react';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError } from '@/components/ui';
import { requestRemoteAccessAction } from '@/server/remote-access/actions';

export function RequestRemoteAccessButton({ membershipId }: { membershipId: string }) {
  const [done, setDone] = useState(false);
  const { run, pending, error } = useActionButton({ onSuccess: () => setDone(true) });
  return (
    <div className="space-y-3">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      {done && (
        <p role="status" className="font-semibold text-success-ink">
          Request sent. The enrolment team will email you their decision.
        </p>
      )}
      <Button pending={pending} pendingText="Sending…" onClick={() => run(() => requestRemoteAccessAction({ membershipId }))}>
        Ask for remote access
      </Button>
    </div>
  );
}
