'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/action-result';
import { outcomeOfResult, outcomeOfThrown, type SubmitOutcome } from './use-action-form';

/** A refusal as a button shows it: the words, the field errors, and the code to switch on. */
export type ActionButtonError = {
  message: string | null;
  code: string | null;
  fieldErrors: Record<string, string>;
  correlationId: string | null;
};

/** Pure: what a settled call means for a button (the code comes from the result, never its words). */
export function buttonOutcome<T>(result: ActionResult<T> | { thrown: unknown }): { outcome: SubmitOutcome<T>; code: string | null } {
  if ('thrown' in result) return { outcome: outcomeOfThrown(result.thrown), code: null };
  return { outcome: outcomeOfResult(result), code: result.ok ? null : result.code };
}

/**
 * One way for a button to call a server action: pending while it runs, the refusal (with its
 * code) when it fails, and a refresh of the page after a success so it shows where things stand.
 */
export function useActionButton<T>(opts: { onSuccess?: (data: T) => void; refresh?: boolean } = {}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionButtonError | null>(null);
  const { onSuccess, refresh = true } = opts;

  const run = useCallback(
    (call: () => Promise<ActionResult<T>>) =>
      startTransition(async () => {
        setError(null);
        let settled: ReturnType<typeof buttonOutcome<T>>;
        try {
          settled = buttonOutcome(await call());
        } catch (thrown) {
          settled = buttonOutcome<T>({ thrown });
        }
        const { outcome, code } = settled;
        if (outcome.kind === 'navigating') return;
        if (outcome.kind === 'success') {
          onSuccess?.(outcome.data);
          if (refresh) router.refresh();
          return;
        }
        setError({ message: outcome.formError, code, fieldErrors: Object.fromEntries(outcome.fieldErrors), correlationId: outcome.correlationId });
      }),
    [onSuccess, refresh, router],
  );

  return { run, pending, error, clearError: () => setError(null) };
}
