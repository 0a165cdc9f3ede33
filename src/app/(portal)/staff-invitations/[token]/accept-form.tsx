'use client';
import { useState, useTransition } from 'react';
import { Button, ButtonLink, FormError, Notice } from '@/components/ui';
import { acceptStaffInvitationAction } from '@/server/staff/invitation-actions';

export function AcceptStaffInvitationForm({ token, roleLabel }: { token: string; roleLabel: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [done, setDone] = useState<{ roleLabel: string; alreadyHeld: boolean } | null>(null);

  if (done) {
    return (
      <Notice tone="success" title={done.alreadyHeld ? `You already had the role ${done.roleLabel}` : `You now have the role ${done.roleLabel}`}>
        <p className="mb-3">The invitation is used up; its link no longer works.</p>
        <ButtonLink href="/admin" variant="secondary">
          Go to the admin area
        </ButtonLink>
      </Notice>
    );
  }
  return (
    <div>
      <FormError message={error?.message} correlationId={error?.correlationId} />
      <Button
        variant="primary"
        pending={pending}
        pendingText="Accepting…"
        onClick={() =>
          startTransition(async () => {
            setError(null);
            try {
              const r = await acceptStaffInvitationAction({ token });
              if (r.ok) setDone({ roleLabel: r.data.roleLabel, alreadyHeld: r.data.outcome === 'ALREADY_HELD' });
              else setError({ message: r.formError ?? 'Something went wrong. Please try again.', correlationId: r.correlationId });
            } catch {
              setError({ message: 'Something went wrong. Please try again.' });
            }
          })
        }
      >
        Accept the role<span className="sr-only"> {roleLabel}</span>
      </Button>
    </div>
  );
}
