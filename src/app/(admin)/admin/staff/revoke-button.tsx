'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError } from '@/components/ui';
import { revokeStaffRoleAction } from '@/server/staff/actions';

/** Revoking asks first: the person is signed out everywhere at once. */
export function RevokeStaffRole(p: { personId: string; role: string; roleLabel: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const what = `${p.roleLabel} — ${p.name}`;

  const revoke = () =>
    startTransition(async () => {
      setError(null);
      try {
        const r = await revokeStaffRoleAction({ personId: p.personId, role: p.role });
        if (r.ok) {
          setConfirming(false);
          router.refresh();
        } else setError({ message: r.formError ?? 'Something went wrong.', correlationId: r.correlationId });
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      }
    });

  if (!confirming)
    return (
      <Button size="sm" variant="secondary" onClick={() => setConfirming(true)}>
        Revoke…<span className="sr-only"> {what}</span>
      </Button>
    );
  return (
    <div className="space-y-2">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      <p>
        {p.name} loses {p.roleLabel} and is signed out everywhere at once.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="danger" pending={pending} pendingText="Revoking…" onClick={revoke}>
          Revoke now<span className="sr-only"> {what}</span>
        </Button>
        <Button size="sm" variant="secondary" disabled={pending} onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
