'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError } from '@/components/ui';
import { requestUserPharmanetAction, requestWorksitePharmanetAction } from '@/server/pharmanet/actions';

/** One button for either request: for the worksite (site admin) or for oneself. */
export function RequestPharmanetButton({ worksiteId, kind }: { worksiteId: string; kind: 'worksite' | 'self' }) {
  const router = useRouter();
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  const act = kind === 'worksite' ? requestWorksitePharmanetAction : requestUserPharmanetAction;
  return (
    <div className="space-y-3">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      {done && (
        <p role="status" className="font-semibold text-success-ink">
          Request sent. The enrolment team will email {kind === 'worksite' ? 'the site administrators' : 'you'} about the next step.
        </p>
      )}
      <Button
        pending={pending}
        pendingText="Sending…"
        onClick={() =>
          startTransition(async () => {
            setError(null);
            try {
              const r = await act({ worksiteId });
              if (r.ok) {
                setDone(true);
                router.refresh();
              } else setError({ message: r.formError ?? 'Something went wrong. Please try again.', correlationId: r.correlationId });
            } catch {
              setError({ message: 'Something went wrong. Please try again.' });
            }
          })
        }
      >
        {kind === 'worksite' ? 'Ask for PharmaNet for this worksite' : 'Ask for PharmaNet access for myself'}
      </Button>
    </div>
  );
}
