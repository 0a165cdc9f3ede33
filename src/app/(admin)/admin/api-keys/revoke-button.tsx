'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError } from '@/components/ui';
import { revokeApiKeyAction } from '@/server/api-keys/actions';

/** Revoking asks first: every system using the key stops working at once. */
export function RevokeApiKey(p: { id: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const revoke = () =>
    startTransition(async () => {
      setError(null);
      try {
        const r = await revokeApiKeyAction({ id: p.id });
        if (r.ok) router.refresh();
        else setError({ message: r.formError ?? 'Something went wrong.', correlationId: r.correlationId });
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      }
    });

  if (!confirming)
    return (
      <Button size="sm" variant="secondary" onClick={() => setConfirming(true)}>
        Revoke…<span className="sr-only"> — {p.name}</span>
      </Button>
    );
  return (
    <div className="space-y-2">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      <p>Anything using “{p.name}” stops working at once. This cannot be undone.</p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="danger" pending={pending} pendingText="Revoking…" onClick={revoke}>
          Revoke now<span className="sr-only"> — {p.name}</span>
        </Button>
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
