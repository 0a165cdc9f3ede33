'use client';
import { OnceButton } from '@/components/forms/once-button';
import { ButtonLink, Notice } from '@/components/ui';
import { confirmContactEmailAction } from '@/server/people/actions';

export function ConfirmContactEmailForm({ token, email }: { token: string; email: string }) {
  return (
    <OnceButton
      action={() => confirmContactEmailAction({ token })}
      pendingText="Confirming…"
      done={(confirmed) => (
        <Notice tone="success" title="Your contact email is confirmed">
          <p className="mb-3">
            We now write to {confirmed.email}. A notice went to your previous address too.
          </p>
          <ButtonLink href="/profile" variant="secondary">
            Go to your profile
          </ButtonLink>
        </Notice>
      )}
    >
      Confirm {email}
    </OnceButton>
  );
}
