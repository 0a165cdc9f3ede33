'use client';
import { useState, useTransition } from 'react';
import { Button, ButtonLink, FormError, Notice } from '@/components/ui';
import { confirmContactEmailAction } from '@/server/people/actions';

export function ConfirmContactEmailForm({ token, email }: { token: string; email: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [confirmed, setConfirmed] = useState<string | null>(null);

  if (confirmed) {
    return (
      <Notice tone="success" title="Your contact email is confirmed">
        <p className="mb-3">We now write to {confirmed}. A notice went to your previous address too.</p>
        <ButtonLink href="/profile" variant="secondary">
          Go to your profile
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
        pendingText="Confirming…"
        onClick={() =>
          startTransition(async () => {
            setError(null);
            try {
              const r = await confirmContactEmailAction({ token });
              if (r.ok) setConfirmed(r.data.email);
              else setError({ message: r.formError ?? 'Something went wrong. Please try again.', correlationId: r.correlationId });
            } catch {
              setError({ message: 'Something went wrong. Please try again.' });
            }
          })
        }
      >
        Confirm {email}
      </Button>
    </div>
  );
}
