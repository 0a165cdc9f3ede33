'use client';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError } from '@/components/ui';
import { revokeStaffInvitationAction } from '@/server/staff/invitation-actions';

/** Withdraws a staff invitation; its link stops working at once. */
export function RevokeStaffInvitation(p: { invitationId: string; email: string }) {
  const { run, pending, error } = useActionButton();
  return (
    <div className="space-y-2">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      <Button
        size="sm"
        variant="secondary"
        pending={pending}
        pendingText="Revoking…"
        onClick={() => run(() => revokeStaffInvitationAction({ invitationId: p.invitationId }))}
      >
        Revoke<span className="sr-only"> the invitation to {p.email}</span>
      </Button>
    </div>
  );
}
