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

/** The props every labelled control shares; the rest go to the control itself. */
export type FieldOwnProps = {
  /** The form field name; the input id defaults to it (dots become dashes). */
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Marks the label "(optional)"; required is the default in plain-language forms. */
  optional?: boolean;
  /** Class for the wrapper around label, hint, error and control. */
  className?: string;
  'aria-describedby'?: string;
};

/** Splits a field's props into what its frame shows and what its control gets, ids wired once;
 * `own` is what the component itself sets on the control (its type, say). */
export function splitField<P extends FieldOwnProps, O extends object = object>(props: P, own?: O) {
  const { name, id, label, hint, error, optional, className, ...rest } = props;
  const ids = fieldIds(id ?? fieldId(name));
  const extra = rest['aria-describedby'];
  return {
    field: { ids, label, hint, error, optional, className },
    control: {
      ...rest,
      ...own,
      id: ids.input,
      name,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describedBy(!!hint && ids.hint, !!error && ids.error, extra),
    },
  };
}

/** A field whose control can be narrowed to suit the expected answer. */
export type SizedFieldProps = FieldOwnProps & { fieldWidth?: ControlWidth };

export type FieldFrameProps = ReturnType<typeof splitField>['field'] & { children: ReactNode };

/** Label, hint and error above one control, in the order a screen reader meets them. */
export function FieldFrame({
  ids,
  label,
  hint,
  error,
  optional,
  className,
  children,
}: FieldFrameProps) {
  return (
    <FieldWrapper invalid={!!error} className={className}>
      <FieldLabel htmlFor={ids.input} optional={optional}>
        {label}
      </FieldLabel>
      {hint && <FieldHint id={ids.hint}>{hint}</FieldHint>}
      {error && <FieldError id={ids.error}>{error}</FieldError>}
      {children}
    </FieldWrapper>
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
