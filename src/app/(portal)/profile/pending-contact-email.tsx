'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError, Notice } from '@/components/ui';
import { cancelContactEmailChangeAction, resendContactEmailConfirmationAction } from '@/server/people/actions';

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
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<'resend' | 'cancel' | null>(null);
  const [error, setError] = useState<{ message: string; correlationId?: string } | null>(null);
  const [resent, setResent] = useState(false);

  const run = (which: 'resend' | 'cancel') =>
    startTransition(async () => {
      setBusy(which);
      setError(null);
      setResent(false);
      try {
        const input = { changeId: p.changeId };
        const r = which === 'resend' ? await resendContactEmailConfirmationAction(input) : await cancelContactEmailChangeAction(input);
        if (r.ok) {
          setResent(which === 'resend');
          router.refresh();
        } else setError({ message: r.formError ?? 'Something went wrong. Please try again.', correlationId: r.correlationId });
      } catch {
        setError({ message: 'Something went wrong. Please try again.' });
      } finally {
        setBusy(null);
      }
    });

  return (
    <Notice tone={p.expired ? 'warning' : 'info'} title={`Waiting for confirmation — check ${p.email}`}>
      <p className="mb-2">
        {p.expired
          ? `The link we sent to ${p.email} expired on ${p.expiresAt}. Send a new one, or cancel the change.`
          : `We sent a link to ${p.email}. Open it while signed in to start using that address. It works until ${p.expiresAt}.`}
      </p>
      <p className="mb-3">
        {p.currentEmail ? `Until then we keep writing to ${p.currentEmail}.` : 'Until then we have no contact email for you.'}
      </p>
      {resent && <p role="status" className="mb-3 font-semibold">We sent a new link to {p.email}. Earlier links no longer work.</p>}
      <FormError message={error?.message} correlationId={error?.correlationId} />
      <div className="flex flex-wrap gap-2">
        {p.maySendAgain && (
          <Button size="sm" variant="secondary" pending={pending && busy === 'resend'} pendingText="Sending…" disabled={pending} onClick={() => run('resend')}>
            Send the link again
          </Button>
        )}
        <Button size="sm" variant="secondary" pending={pending && busy === 'cancel'} pendingText="Cancelling…" disabled={pending} onClick={() => run('cancel')}>
          Cancel the change
        </Button>
      </div>
    </Notice>
  );
}
