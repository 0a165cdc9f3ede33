'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, FormError, Notice } from '@/components/ui';
import { GENERIC_FORM_ERROR } from '@/components/forms/use-action-form';
import { unlockViewerAccountAction } from '@/server/viewer-accounts/actions';

/** Unlocks the person's viewer account now (audited); they can sign in to the viewer again. */
export function UnlockViewerAccountButton({ personId }: { personId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [done, setDone] = useState(false);
  if (done)
    return (
      <Notice tone="success" title="Viewer account unlocked" headingLevel={3}>
        The person can sign in to the viewer again.
      </Notice>
    );
  return (
    <div className="space-y-3">
      <FormError message={error?.message ?? null} correlationId={error?.correlationId ?? null} />
      <Button
        type="button"
        variant="primary"
        pending={pending}
        pendingText="Unlocking…"
        onClick={async () => {
          setPending(true);
          setError(null);
          try {
            const r = await unlockViewerAccountAction({ personId });
            if (r.ok) {
              setDone(true);
              router.refresh();
            } else setError({ message: r.formError ?? GENERIC_FORM_ERROR, correlationId: r.correlationId });
          } catch {
            setError({ message: GENERIC_FORM_ERROR });
          } finally {
            setPending(false);
          }
        }}
      >
        Unlock viewer account
      </Button>
    </div>
  );
}
