'use client';
import { ConfirmButton } from '@/components/forms/confirm-button';
import { revokeStaffRoleAction } from '@/server/staff/actions';

/** Revoking asks first: the person is signed out everywhere at once. */
export function RevokeStaffRole(p: {
  personId: string;
  role: string;
  roleLabel: string;
  name: string;
}) {
  return (
    <ConfirmButton
      label="Revoke…"
      confirmLabel="Revoke now"
      pendingText="Revoking…"
      which={` ${p.roleLabel} — ${p.name}`}
      question={`${p.name} loses ${p.roleLabel} and is signed out everywhere at once.`}
      action={() => revokeStaffRoleAction({ personId: p.personId, role: p.role })}
    />
  );
}
