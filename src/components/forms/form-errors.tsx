'use client';

import type { FieldErrors, FieldValues } from 'react-hook-form';
import { ErrorSummary, type ErrorSummaryItem } from '@/components/ui/error-summary';
import { fieldId } from '@/components/ui/field-parts';

// Keys react-hook-form puts on an error object itself; anything else is a nested field.
const errorOwnKeys = new Set(['message', 'type', 'types', 'ref', 'root']);

/**
 * Flattens react-hook-form's nested errors ({ address: { city: { message } } }) into summary
 * items linking to the field ids the UI components use ("address-city"). Form-level `root`
 * errors are left out: FormError shows those.
 */
export function summaryItems(errors: FieldErrors, prefix = ''): ErrorSummaryItem[] {
  const items: ErrorSummaryItem[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object' || (prefix === '' && key === 'root')) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const node = value as Record<string, unknown>;
    if (typeof node.message === 'string' && node.message) {
      items.push({ fieldId: fieldId(path), message: node.message });
    }
    const nested = Object.fromEntries(
      Object.entries(node).filter(([k]) => !errorOwnKeys.has(k)),
    ) as FieldErrors;
    items.push(...summaryItems(nested, path));
  }
  return items;
}

// Focus is moved here by useActionForm on each failed submit rather than whenever the summary
// appears: with re-validation on change, errors can appear while someone is typing, and
// pulling focus away then would lose their place.
export function FormErrorSummary<T extends FieldValues>({
  errors,
  title,
}: {
  errors: FieldErrors<T>;
  title?: string;
}) {
  return (
    <ErrorSummary errors={summaryItems(errors as FieldErrors)} title={title} autoFocus={false} />
  );
}
