'use client';
import { useState } from 'react';
import { useActionButton } from '@/components/forms/use-action-button';
import { Button, FormError } from '@/components/ui';
import { resendEmailAction } from '@/server/outbox/resend-actions';

/** Queues a copy of an email. One key per mounted button: a double click queues one copy. */
export function ResendEmailButton({ emailId, subject }: { emailId: string; subject: string }) {
  const [resendKey] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState(false);
  const { run, pending, error } = useActionButton({ onSuccess: () => setDone(true) });
  return (
    <div className="mt-2">
      <FormError message={error?.message} correlationId={error?.correlationId} />
      {done ? (
        <p role="status" className="text-sm font-semibold">
          A copy was queued; it appears at the top of the timeline.
        </p>
      ) : (
        <Button
          variant="secondary"
          size="sm"
          pending={pending}
          pendingText="Resending…"
          aria-label={`Resend the email “${subject}”`}
          onClick={() => run(() => resendEmailAction({ emailId, resendKey }))}
        >
          Resend
        </Button>
      )}
    </div>
  );
}
