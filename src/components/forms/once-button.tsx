'use client';
import { useState, type ReactNode } from 'react';
import { Button, FormError } from '@/components/ui';
import type { ActionResult } from '@/lib/action-result';
import { useActionButton } from './use-action-button';

/**
 * The one button of a page reached from an emailed link (accept, confirm). Once the action
 * succeeds, what happened replaces the button. No refresh: the page behind a used link would
 * only say the link no longer works.
 */
export function OnceButton<T>(p: {
  action: () => Promise<ActionResult<T>>;
  pendingText: string;
  done: (data: T) => ReactNode;
  children: ReactNode;
}) {
  const [settled, setSettled] = useState<{ data: T } | null>(null);
  const { run, pending, error } = useActionButton<T>({ refresh: false });

  if (settled) return p.done(settled.data);
  return (
    <div>
      <FormError message={error?.message} correlationId={error?.correlationId} />
      <Button
        variant="primary"
        pending={pending}
        pendingText={p.pendingText}
        onClick={() => run(p.action, { onSuccess: (data) => setSettled({ data }) })}
      >
        {p.children}
      </Button>
    </div>
  );
}
