'use client';
import { useState, type ReactNode } from 'react';
import { Button, FormError } from '@/components/ui';
import type { ActionResult } from '@/lib/action-result';
import { useActionButton } from './use-action-button';

/**
 * A step that cannot be undone asks first: the button opens a question with a red button that
 * calls the action, and the page refreshes once it is done.
 */
export function ConfirmButton(p: {
  /** The first button, e.g. "Revoke…". */
  label: string;
  /** The red button, e.g. "Revoke now". */
  confirmLabel: string;
  pendingText: string;
  /** Says which one to screen readers where a page lists many, e.g. " — Harbour Clinic EMR". */
  which: string;
  question: ReactNode;
  action: () => Promise<ActionResult<unknown>>;
}) {
  const [confirming, setConfirming] = useState(false);
  const { run, pending, error } = useActionButton({ onSuccess: () => setConfirming(false) });

  if (!confirming)
    return (
      <Button size="sm" variant="secondary" onClick={() => setConfirming(true)}>
        {p.label}
        <span className="sr-only">{p.which}</span>
      </Button>
    );
  return (
    <div className="space-y-2">
      {error && <FormError message={error.message} correlationId={error.correlationId} />}
      <p>{p.question}</p>
      <ConfirmOrCancel
        pending={pending}
        pendingText={p.pendingText}
        onConfirm={() => run(p.action)}
        onCancel={() => setConfirming(false)}
      >
        {p.confirmLabel}
        <span className="sr-only">{p.which}</span>
      </ConfirmOrCancel>
    </div>
  );
}

/** The red button that goes ahead, and the way back while it has not started. */
export function ConfirmOrCancel(p: {
  pending: boolean;
  pendingText: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <Button
        size="sm"
        variant="danger"
        pending={p.pending}
        pendingText={p.pendingText}
        onClick={p.onConfirm}
      >
        {p.children}
      </Button>
      <Button size="sm" variant="secondary" disabled={p.pending} onClick={p.onCancel}>
        Cancel
      </Button>
    </div>
  );
}
