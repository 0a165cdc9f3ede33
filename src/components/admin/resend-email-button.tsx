'use client';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Button, FormError } from '@/components/ui';
import { resendEmailAction } from '@/server/outbox/resend-actions';

/** Queues a copy of an email. One key per mounted button: a double click queues one copy. */
export function ResendEmailButton({ emailId, subject }: { emailId: string; subject: string }) {
  const router = useRouter();
  const [resendKey] = useState(() => crypto.randomUUID());
  const [pending, start] = useTransition();
  const [error, setError] = useState<{ message: string; ref: string | null } | null>(null);
  const [done, setDone] = useState(false);
  return (
    <div className="mt-2">
      <FormError message={error?.message} correlationId={error?.ref} />
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
          onClick={() =>
            start(async () => {
              const r = await resendEmailAction({ emailId, resendKey });
              if (r.ok) {
                setDone(true);
                router.refresh();
              } else setError({ message: r.formError ?? 'Something went wrong. Please try again.', ref: r.correlationId ?? null });
            })
          }
        >
          Resend
        </Button>
      )}
    </div>
  );
}
