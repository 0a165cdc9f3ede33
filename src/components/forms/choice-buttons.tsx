'use client';
import { useState } from 'react';
import { Button, FormError } from '@/components/ui';
import type { ActionResult } from '@/lib/action-result';
import { ConfirmOrCancel } from './confirm-button';
import { useActionButton } from './use-action-button';

/** One thing a row lets you do, and what to say once it is done. */
export type Choice<I> = {
  label: string;
  run: (input: I) => Promise<ActionResult<unknown>>;
  /** Dangerous steps ask a second time, saying what will happen. */
  confirm?: (name: string) => string;
  done: (name: string) => string;
  // First-step buttons stay quiet; the red button is the confirming one.
  variant?: 'primary' | 'secondary';
};

/**
 * The buttons of one row (a member, an invitation, a sponsorship). State lives here so the
 * outcome stays visible after the page refreshes.
 */
export function ChoiceButtons<I>(p: {
  choices: Choice<I>[];
  input: I;
  /** Who or what the row is about: in the messages, and in each button's name for screen readers. */
  name: string;
  /** False where the actions revalidate the page themselves. */
  refresh?: boolean;
  /** A heading for a refusal, chosen by its code. */
  errorTitle?: (code: string | null) => string | undefined;
}) {
  const [confirming, setConfirming] = useState<Choice<I> | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { run: call, pending, error, clearError } = useActionButton({ refresh: p.refresh });

  const run = (choice: Choice<I>) => {
    setDone(null);
    call(
      async () => {
        try {
          return await choice.run(p.input);
        } finally {
          setConfirming(null);
        }
      },
      { onSuccess: () => setDone(choice.done(p.name)) },
    );
  };

  if (p.choices.length === 0 && !done && !error) return null;
  return (
    <div className="space-y-2">
      {error && (
        <FormError
          title={p.errorTitle?.(error.code)}
          message={error.message}
          correlationId={error.correlationId}
          className="mb-2"
        />
      )}
      {done && (
        <p role="status" className="font-semibold text-success-ink">
          {done}
        </p>
      )}
      {confirming ? (
        <div className="rounded border-2 border-warning bg-warning-bg p-3">
          <p className="mb-2">{confirming.confirm!(p.name)}</p>
          <ConfirmOrCancel
            pending={pending}
            pendingText="Working…"
            onConfirm={() => run(confirming)}
            onCancel={() => setConfirming(null)}
          >
            Yes, {confirming.label.toLowerCase()}
            <span className="sr-only"> — {p.name}</span>
          </ConfirmOrCancel>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          {p.choices.map((c) => (
            <Button
              key={c.label}
              size="sm"
              variant={c.variant ?? 'secondary'}
              disabled={pending}
              aria-busy={pending || undefined}
              onClick={() => {
                setDone(null);
                clearError();
                if (c.confirm) setConfirming(c);
                else run(c);
              }}
            >
              {c.label}
              <span className="sr-only"> — {p.name}</span>
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
