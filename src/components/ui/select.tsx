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

export type SelectOption = { value: string; label: string; disabled?: boolean };

type SelectOwnProps = {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  options: readonly SelectOption[];
  /** First, empty-valued option such as "Choose a profession"; a required schema rejects it. */
  placeholder?: string;
  fieldWidth?: ControlWidth;
  className?: string;
};

export type SelectProps = Omit<ComponentProps<'select'>, keyof SelectOwnProps | 'children'> &
  SelectOwnProps;

export function Select({
  name,
  id,
  label,
  hint,
  error,
  optional,
  options,
  placeholder,
  fieldWidth,
  className,
  'aria-describedby': extraDescribedBy,
  ...select
}: SelectProps) {
  const ids = fieldIds(id ?? fieldId(name));
  return (
    <FieldWrapper invalid={!!error} className={className}>
      <FieldLabel htmlFor={ids.input} optional={optional}>
        {label}
      </FieldLabel>
      {hint && <FieldHint id={ids.hint}>{hint}</FieldHint>}
      {error && <FieldError id={ids.error}>{error}</FieldError>}
      <select
        {...select}
        id={ids.input}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(!!hint && ids.hint, !!error && ids.error, extraDescribedBy)}
        className={controlClasses(!!error, fieldWidth)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldWrapper>
  );
}
