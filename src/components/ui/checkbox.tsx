import type { ComponentProps, ReactNode } from 'react';
import { cx } from './cx';
import { describedBy, FieldError, FieldHint, fieldId, fieldIds, FieldWrapper } from './field-parts';

type CheckboxOwnProps = {
  name: string;
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
};

export type CheckboxProps = Omit<ComponentProps<'input'>, keyof CheckboxOwnProps | 'type'> &
  CheckboxOwnProps;

/** A single yes/no box, such as "I agree to the terms". For a list of choices use CheckboxGroup. */
export function Checkbox({
  name,
  id,
  label,
  hint,
  error,
  className,
  'aria-describedby': extraDescribedBy,
  ...input
}: CheckboxProps) {
  const ids = fieldIds(id ?? fieldId(name));
  return (
    <FieldWrapper invalid={!!error} className={className}>
      {error && <FieldError id={ids.error}>{error}</FieldError>}
      <div className={cx('flex items-start gap-3', error && 'mt-2')}>
        <input
          {...input}
          type="checkbox"
          id={ids.input}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(!!hint && ids.hint, !!error && ids.error, extraDescribedBy)}
          className="mt-0.5 size-6 shrink-0 accent-brand"
        />
        <div>
          <label htmlFor={ids.input} className="block">
            {label}
          </label>
          {hint && <FieldHint id={ids.hint}>{hint}</FieldHint>}
        </div>
      </div>
    </FieldWrapper>
  );
}
