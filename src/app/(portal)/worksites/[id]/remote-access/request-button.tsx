'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError } from '@/components/ui';
import { requestRemoteAccessAction } from '@/server/remote-access/actions';

export function RequestRemoteAccessButton({ membershipId }: { membershipId: string }) {
  const router = useRouter();
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <div className="space-y-3">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      {done && (
        <p role="status" className="font-semibold text-success-ink">
          Request sent. The enrolment team will email you their decision.
        </p>
      )}
      <Button
        pending={pending}
        pendingText="Sending…"
        onClick={() =>
          startTransition(async () => {
            setError(null);
            try {
              const r = await requestRemoteAccessAction({ membershipId });
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
        Ask for remote access
      </Button>
    </div>
  );
}
