'use client';

import type { ComponentProps } from 'react';
import type { FieldValues, Path, RegisterOptions, UseFormReturn } from 'react-hook-form';
import { FormError } from '@/components/ui';
import { FormErrorSummary } from './form-errors';
import type { UseActionFormReturn } from './use-action-form';

type ActionFormProps<TInput extends FieldValues, TOutput extends FieldValues> = Omit<
  ComponentProps<'form'>,
  'onSubmit' | 'noValidate'
> & { state: UseActionFormReturn<TInput, TOutput> };

/** A form posting to a server action: the error summary first, then any form-level error. */
export function ActionForm<TInput extends FieldValues, TOutput extends FieldValues>({
  state,
  children,
  ...form
}: ActionFormProps<TInput, TOutput>) {
  // The browser's own validation bubbles would pre-empt the summary; the schema checks instead.
  return (
    <form {...form} onSubmit={state.onSubmit} noValidate>
      <FormErrorSummary errors={state.form.formState.errors} />
      <FormError message={state.formError} correlationId={state.correlationId} />
      {children}
    </form>
  );
}

/** register() plus the field's current error: the two things every field component is given. */
export function fieldBinder<TInput extends FieldValues, TOutput extends FieldValues>(
  form: UseFormReturn<TInput, unknown, TOutput>,
) {
  return <N extends Path<TInput>>(name: N, options?: RegisterOptions<TInput, N>) => ({
    ...form.register(name, options),
    error: form.getFieldState(name, form.formState).error?.message,
  });
}
