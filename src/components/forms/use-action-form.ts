'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, type BaseSyntheticEvent } from 'react';
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormReturn,
} from 'react-hook-form';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/action-result';

export const GENERIC_FORM_ERROR = 'Something went wrong. Please try again.';

export type UseActionFormOptions<TInput extends FieldValues, TOutput extends FieldValues, TData> = {
  /** The same zod schema the server action parses with. */
  schema: z.ZodType<TOutput, TInput>;
  /** Receives the raw form values: the server parses them with the same schema. Sending the
   * parsed output would hand the server transformed values its input schema refuses. */
  action: (values: TInput) => Promise<ActionResult<TData>>;
  defaultValues?: DefaultValues<TInput>;
  onSuccess?: (data: TData, values: TOutput) => void | Promise<void>;
};

export type UseActionFormReturn<TInput extends FieldValues, TOutput extends FieldValues> = {
  form: UseFormReturn<TInput, unknown, TOutput>;
  onSubmit: (event?: BaseSyntheticEvent) => Promise<void>;
  formError: string | null;
  correlationId: string | null;
  pending: boolean;
};

/** What a failed or thrown action means for the form; kept pure so it can be tested on its own. */
export type SubmitOutcome<TData> =
  | { kind: 'success'; data: TData }
  | { kind: 'navigating' }
  | {
      kind: 'failure';
      fieldErrors: Array<[string, string]>;
      formError: string | null;
      correlationId: string | null;
    };

export function outcomeOfResult<TData>(result: ActionResult<TData>): SubmitOutcome<TData> {
  if (result.ok) return { kind: 'success', data: result.data };
  const fieldErrors = Object.entries(result.fieldErrors ?? {}).filter(([, m]) => Boolean(m));
  return {
    kind: 'failure',
    fieldErrors,
    // Field errors speak for themselves; a failure with nothing to show still needs words.
    formError: result.formError ?? (fieldErrors.length ? null : GENERIC_FORM_ERROR),
    correlationId: result.correlationId ?? null,
  };
}

export function outcomeOfThrown(error: unknown): SubmitOutcome<never> {
  const digest = digestOf(error);
  // redirect() and notFound() inside an action reject the call while the router navigates.
  if (digest?.startsWith('NEXT_REDIRECT') || digest?.startsWith('NEXT_HTTP_ERROR_FALLBACK')) {
    return { kind: 'navigating' };
  }
  // In production Next replaces the thrown error with one carrying only a digest, the same one
  // the server logged, so it is the reference support needs.
  return {
    kind: 'failure',
    fieldErrors: [],
    formError: GENERIC_FORM_ERROR,
    correlationId: digest ?? null,
  };
}

function digestOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('digest' in error)) return undefined;
  return typeof error.digest === 'string' ? error.digest : undefined;
}

/**
 * react-hook-form + zod on the client, a server action on submit. The action's field errors
 * land on the fields, focus goes to the error summary (FormErrorSummary) on every failed submit,
 * and `pending` lets the submit button disable itself.
 */
export function useActionForm<TInput extends FieldValues, TOutput extends FieldValues, TData>({
  schema,
  action,
  defaultValues,
  onSuccess,
}: UseActionFormOptions<TInput, TOutput, TData>): UseActionFormReturn<TInput, TOutput> {
  const form = useForm<TInput, unknown, TOutput>({
    resolver: zodResolver(schema) as Resolver<TInput, unknown, TOutput>,
    defaultValues,
    // The summary takes focus instead, so the person hears every problem first.
    shouldFocusError: false,
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [correlationId, setCorrelationId] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const inFlight = useRef(false);
  const formElement = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    const scope: ParentNode = formElement.current ?? document;
    const target =
      scope.querySelector<HTMLElement>('[data-error-summary]') ??
      document.querySelector<HTMLElement>('[data-error-summary]') ??
      scope.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  }, [focusRequest]);

  const onValid = async (values: TOutput) => {
    // A second submit before the first settles would repeat the action.
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setFormError(null);
    setCorrelationId(null);
    let outcome: SubmitOutcome<TData>;
    try {
      outcome = outcomeOfResult(await action(form.getValues()));
    } catch (error) {
      outcome = outcomeOfThrown(error);
    }
    if (outcome.kind === 'navigating') return; // stay pending: the page is being replaced
    inFlight.current = false;
    setPending(false);
    if (outcome.kind === 'success') {
      await onSuccess?.(outcome.data, values);
      return;
    }
    for (const [name, message] of outcome.fieldErrors) {
      form.setError(name as Path<TInput>, { type: 'server', message });
    }
    setFormError(outcome.formError);
    setCorrelationId(outcome.correlationId);
    if (outcome.fieldErrors.length) setFocusRequest((n) => n + 1);
  };

  const onSubmit = (event?: BaseSyntheticEvent) => {
    const target = event?.currentTarget as unknown;
    if (typeof HTMLFormElement !== 'undefined' && target instanceof HTMLFormElement) {
      formElement.current = target;
    }
    return form.handleSubmit(onValid, () => setFocusRequest((n) => n + 1))(event);
  };

  return { form, onSubmit, formError, correlationId, pending };
}
