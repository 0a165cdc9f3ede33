'use client';
import { ConfirmButton } from '@/components/forms/confirm-button';
import { revokeApiKeyAction } from '@/server/api-keys/actions';

/** Revoking asks first: every system using the key stops working at once. */
export function RevokeApiKey(p: { id: string; name: string }) {
  return (
    <ConfirmButton
      label="Revoke…"
      confirmLabel="Revoke now"
      pendingText="Revoking…"
      which={` — ${p.name}`}
      question={`Anything using “${p.name}” stops working at once. This cannot be undone.`}
      action={() => revokeApiKeyAction({ id: p.id })}
    />
  );
}
