'use client';
import { useState } from 'react';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError } from '@/components/ui';
import { requestUserPharmanetAction, requestWorksitePharmanetAction } from '@/server/pharmanet/actions';

/** One button for either request: for the worksite (site admin) or for oneself. */
export function RequestPharmanetButton({ worksiteId, kind }: { worksiteId: string; kind: 'worksite' | 'self' }) {
  const [done, setDone] = useState(false);
  const { run, pending, error } = useActionButton({ onSuccess: () => setDone(true) });
  const act = kind === 'worksite' ? requestWorksitePharmanetAction : requestUserPharmanetAction;
  return (
    <div className="space-y-3">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      {done && (
        <p role="status" className="font-semibold text-success-ink">
          Request sent. The enrolment team will email {kind === 'worksite' ? 'the site administrators' : 'you'} about the next step.
        </p>
      )}
      <Button pending={pending} pendingText="Sending…" onClick={() => run(() => act({ worksiteId }))}>
        {kind === 'worksite' ? 'Ask for PharmaNet for this worksite' : 'Ask for PharmaNet access for myself'}
      </Button>
    </div>
  );
}
