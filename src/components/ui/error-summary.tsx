'use client';

import { useEffect, useId, useRef, type MouseEvent } from 'react';

export type ErrorSummaryItem = { fieldId: string; message: string };

export type ErrorSummaryProps = {
  errors: readonly ErrorSummaryItem[];
  title?: string;
  /** Focus moves here when the summary appears and whenever this value changes (e.g. submit count). */
  focusKey?: unknown;
  /** Off only where the summary is shown for reference, such as a pattern library page. */
  autoFocus?: boolean;
};

// Focusing the summary makes screen readers read the problems first and puts keyboard users one
// Tab away from the links that take them to each field.
export function ErrorSummary({
  errors,
  title = 'There is a problem',
  focusKey,
  autoFocus = true,
}: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const visible = errors.length > 0;

  useEffect(() => {
    if (autoFocus && visible) ref.current?.focus();
  }, [autoFocus, visible, focusKey]);

  if (!visible) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      data-error-summary=""
      aria-labelledby={titleId}
      className="mb-8 border-4 border-danger bg-white p-5"
    >
      <h2 id={titleId} className="text-xl font-bold text-ink">
        {title}
      </h2>
      <ul className="mt-3 list-none space-y-2 p-0">
        {errors.map((e) => (
          <li key={`${e.fieldId}:${e.message}`}>
            <a
              href={`#${e.fieldId}`}
              onClick={(event) => focusField(event, e.fieldId)}
              className="font-semibold text-danger-ink underline hover:text-danger-ink"
            >
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

// A plain fragment jump scrolls the input to the very top, hiding its label; bring the label
// (or the group's legend) into view and then focus the field itself.
function focusField(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const field = document.getElementById(id);
  if (!field) return;
  event.preventDefault();
  const legend = field.closest('fieldset')?.querySelector('legend');
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  (legend ?? label ?? field).scrollIntoView({ block: 'start' });
  field.focus({ preventScroll: true });
}
