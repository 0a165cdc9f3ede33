'use client';
import { useState } from 'react';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError, Notice } from '@/components/ui';
import {
  cancelContactEmailChangeAction,
  resendContactEmailConfirmationAction,
} from '@/server/people/actions';

const STEP = {
  resend: {
    label: 'Send the link again',
    pendingText: 'Sending…',
    call: resendContactEmailConfirmationAction,
  },
  cancel: {
    label: 'Cancel the change',
    pendingText: 'Cancelling…',
    call: cancelContactEmailChangeAction,
  },
};
type Step = keyof typeof STEP;

type Props = {
  changeId: string;
  email: string;
  currentEmail: string | null;
  expired: boolean;
  expiresAt: string;
  maySendAgain: boolean;
};

/** A typed contact email waiting for its owner to open the link sent there (SPEC §18). */
export function PendingContactEmail(p: Props) {
  const [busy, setBusy] = useState<Step | null>(null);
  const [resent, setResent] = useState(false);
  const { run, pending, error } = useActionButton();

  const send = (which: Step) => {
    setBusy(which);
    setResent(false);
    run(() => STEP[which].call({ changeId: p.changeId }), {
      onSuccess: () => setResent(which === 'resend'),
    });
  };

  return (
    <Notice
      tone={p.expired ? 'warning' : 'info'}
      title={`Waiting for confirmation — check ${p.email}`}
    >
      <p className="mb-2">
        {p.expired
          ? `The link we sent to ${p.email} expired on ${p.expiresAt}. Send a new one, or cancel the change.`
          : `We sent a link to ${p.email}. Open it while signed in to start using that address. It works until ${p.expiresAt}.`}
      </p>
      <p className="mb-3">
        {p.currentEmail
          ? `Until then we keep writing to ${p.currentEmail}.`
          : 'Until then we have no contact email for you.'}
      </p>
      {resent && (
        <p role="status" className="mb-3 font-semibold">
          We sent a new link to {p.email}. Earlier links no longer work.
        </p>
      )}
      <FormError message={error?.message} correlationId={error?.correlationId} />
      <div className="flex flex-wrap gap-2">
        {(p.maySendAgain ? (['resend', 'cancel'] as const) : (['cancel'] as const)).map((which) => (
          <Button
            key={which}
            size="sm"
            variant="secondary"
            pending={pending && busy === which}
            pendingText={STEP[which].pendingText}
            disabled={pending}
            onClick={() => send(which)}
          >
            {STEP[which].label}
          </Button>
        ))}
      </div>
    </Notice>
  );
}
