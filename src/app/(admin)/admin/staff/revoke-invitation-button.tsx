'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError } from '@/components/ui';
import { revokeStaffInvitationAction } from '@/server/staff/invitation-actions';

/** Withdraws a staff invitation; its link stops working at once. */
export function RevokeStaffInvitation(p: { invitationId: string; email: string }) {
  const router = useRouter();
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const revoke = () =>
    startTransition(async () => {
      setError(null);
      try {
        const r = await revokeStaffInvitationAction({ invitationId: p.invitationId });
        if (r.ok) router.refresh();
        else setError({ message: r.formError ?? 'Something went wrong.', correlationId: r.correlationId });
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      }
    });
  return (
    <div className="space-y-2">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      <Button size="sm" variant="secondary" pending={pending} pendingText="Revoking…" onClick={revoke}>
        Revoke<span className="sr-only"> the invitation to {p.email}</span>
      </Button>
    </div>
  );
}
