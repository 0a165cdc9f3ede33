import type { ReactNode } from 'react';
import { cx } from './cx';

// Form field ids follow the field name (dots become dashes) so an error summary can link to
// `#<id>` from nothing more than react-hook-form's error paths.
export function fieldId(name: string): string {
  return name.replace(/\./g, '-');
}

export function fieldIds(id: string) {
  return { input: id, hint: `${id}-hint`, error: `${id}-error` };
}

/** Space-separated id list for aria-describedby; undefined when empty so no empty attribute. */
export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

export function FieldLabel({
  htmlFor,
  optional,
  children,
  className,
}: {
  htmlFor: string;
  optional?: boolean;
  children: ReactNode;
  className?: string;
}) {
  return (
    <label htmlFor={htmlFor} className={cx('block font-semibold', className)}>
      {children}
      {optional && <span className="font-normal text-muted"> (optional)</span>}
    </label>
  );
}

export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="mt-1 text-muted">
      {children}
    </p>
  );
}

export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="mt-1 font-semibold text-danger-ink">
      <span className="sr-only">Error: </span>
      {children}
    </p>
  );
}

/** Wraps one field; an error adds a red bar so the problem is visible beyond the text colour. */
export function FieldWrapper({
  invalid,
  className,
  children,
}: {
  invalid: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cx('mb-6', invalid && 'border-l-4 border-danger pl-3', className)}>
      {children}
    </div>
  );
}

export const controlWidths = {
  xs: 'w-full max-w-[8ch]',
  sm: 'w-full max-w-[14ch]',
  md: 'w-full max-w-[24ch]',
  lg: 'w-full max-w-[40ch]',
  full: 'w-full',
} as const;

export type ControlWidth = keyof typeof controlWidths;

export function controlClasses(invalid: boolean, width: ControlWidth = 'full'): string {
  return cx(
    'mt-2 block rounded-none border-2 bg-white px-3 py-2 text-base text-ink',
    'disabled:bg-surface disabled:text-muted',
    invalid ? 'border-danger' : 'border-ink',
    controlWidths[width],
  );
}
