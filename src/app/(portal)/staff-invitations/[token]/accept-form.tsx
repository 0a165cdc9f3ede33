'use client';
import { OnceButton } from '@/components/forms/once-button';
import { ButtonLink, Notice } from '@/components/ui';
import { acceptStaffInvitationAction } from '@/server/staff/invitation-actions';

export function AcceptStaffInvitationForm({
  token,
  roleLabel,
}: {
  token: string;
  roleLabel: string;
}) {
  return (
    <OnceButton
      action={() => acceptStaffInvitationAction({ token })}
      pendingText="Accepting…"
      done={(r) => (
        <Notice
          tone="success"
          title={
            r.outcome === 'ALREADY_HELD'
              ? `You already had the role ${r.roleLabel}`
              : `You now have the role ${r.roleLabel}`
          }
        >
          <p className="mb-3">The invitation is used up; its link no longer works.</p>
          <ButtonLink href="/admin" variant="secondary">
            Go to the admin area
          </ButtonLink>
        </Notice>
      )}
    >
      Accept the role<span className="sr-only"> {roleLabel}</span>
    </OnceButton>
  );
}
