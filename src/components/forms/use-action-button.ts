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
export function buttonOutcome<T>(result: ActionResult<T> | { thrown: unknown }): {
  outcome: SubmitOutcome<T>;
  code: string | null;
} {
  if ('thrown' in result) return { outcome: outcomeOfThrown(result.thrown), code: null };
  return { outcome: outcomeOfResult(result), code: result.ok ? null : result.code };
}

/**
 * Pure: the refusal's words for the top of a form, unless one of the fields the form shows
 * already says what is wrong ("Please correct the highlighted fields" would only repeat it).
 */
export function formLevelMessage(
  error: ActionButtonError | null,
  shownFields: readonly string[],
): string | null {
  if (!error || shownFields.some((f) => error.fieldErrors[f])) return null;
  return error.message;
}

/** What one call does once it succeeds, besides what the hook was set up to do. */
export type RunOptions<T> = { onSuccess?: (data: T) => void };

/**
 * Calls the action and tells which way it went: the data on success, the refusal on failure,
 * nothing when the action redirected (the page is being replaced). Never throws.
 */
export async function settle<T>(
  call: () => Promise<ActionResult<T>>,
  on: { success: (data: T) => void; failure: (error: ActionButtonError) => void },
): Promise<void> {
  let settled: ReturnType<typeof buttonOutcome<T>>;
  try {
    settled = buttonOutcome(await call());
  } catch (thrown) {
    settled = buttonOutcome<T>({ thrown });
  }
  const { outcome, code } = settled;
  if (outcome.kind === 'navigating') return;
  if (outcome.kind === 'success') return on.success(outcome.data);
  on.failure({
    message: outcome.formError,
    code,
    fieldErrors: Object.fromEntries(outcome.fieldErrors),
    correlationId: outcome.correlationId,
  });
}

/**
 * One way for a button to call a server action: pending while it runs, the refusal (with its
 * code) when it fails, and a refresh of the page after a success so it shows where things stand.
 */
export function useActionButton<T>(
  opts: { onSuccess?: (data: T) => void; refresh?: boolean } = {},
) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionButtonError | null>(null);
  const { onSuccess, refresh = true } = opts;

  const run = useCallback(
    (call: () => Promise<ActionResult<T>>, once: RunOptions<T> = {}) =>
      startTransition(async () => {
        setError(null);
        await settle(call, {
          success: (data) => {
            onSuccess?.(data);
            once.onSuccess?.(data);
            if (refresh) router.refresh();
          },
          failure: setError,
        });
      }),
    [onSuccess, refresh, router],
  );

  return { run, pending, error, clearError: () => setError(null) };
}
