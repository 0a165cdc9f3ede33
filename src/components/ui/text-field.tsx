import type { ComponentProps, ReactNode } from 'react';
import {
  controlClasses,
  describedBy,
  FieldError,
  FieldHint,
  FieldLabel,
  fieldId,
  fieldIds,
  FieldWrapper,
  type ControlWidth,
} from './field-parts';
import { cx } from './cx';

type FieldProps = {
  /** The form field name; the input id defaults to it (dots become dashes). */
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Marks the label "(optional)"; required is the default in plain-language forms. */
  optional?: boolean;
  fieldWidth?: ControlWidth;
  /** Class for the wrapper around label, hint, error and control. */
  className?: string;
};

// Accepts every input prop, including react-hook-form's register() spread (name, ref, onChange,
// onBlur): React 19 passes `ref` through as an ordinary prop.
export type TextFieldProps = Omit<ComponentProps<'input'>, keyof FieldProps> & FieldProps;

export function TextField({
  name,
  id,
  label,
  hint,
  error,
  optional,
  fieldWidth,
  className,
  type = 'text',
  'aria-describedby': extraDescribedBy,
  ...input
}: TextFieldProps) {
  const ids = fieldIds(id ?? fieldId(name));
  return (
    <FieldWrapper invalid={!!error} className={className}>
      <FieldLabel htmlFor={ids.input} optional={optional}>
        {label}
      </FieldLabel>
      {hint && <FieldHint id={ids.hint}>{hint}</FieldHint>}
      {error && <FieldError id={ids.error}>{error}</FieldError>}
      <input
        {...input}
        type={type}
        id={ids.input}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(!!hint && ids.hint, !!error && ids.error, extraDescribedBy)}
        className={controlClasses(!!error, fieldWidth)}
      />
    </FieldWrapper>
  );
}

export type TextAreaProps = Omit<ComponentProps<'textarea'>, keyof FieldProps> & FieldProps;

export function TextArea({
  name,
  id,
  label,
  hint,
  error,
  optional,
  fieldWidth,
  className,
  rows = 5,
  'aria-describedby': extraDescribedBy,
  ...textarea
}: TextAreaProps) {
  const ids = fieldIds(id ?? fieldId(name));
  return (
    <FieldWrapper invalid={!!error} className={className}>
      <FieldLabel htmlFor={ids.input} optional={optional}>
        {label}
      </FieldLabel>
      {hint && <FieldHint id={ids.hint}>{hint}</FieldHint>}
      {error && <FieldError id={ids.error}>{error}</FieldError>}
      <textarea
        {...textarea}
        rows={rows}
        id={ids.input}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(!!hint && ids.hint, !!error && ids.error, extraDescribedBy)}
        className={cx(controlClasses(!!error, fieldWidth), 'resize-y')}
      />
    </FieldWrapper>
  );
}
