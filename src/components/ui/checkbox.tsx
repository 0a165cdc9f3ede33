import type { ComponentProps } from 'react';
import { cx } from './cx';
import { FieldError, FieldHint, FieldWrapper, splitField, type FieldOwnProps } from './field-parts';

type CheckboxOwnProps = Omit<FieldOwnProps, 'optional'>;

export type CheckboxProps = Omit<ComponentProps<'input'>, keyof CheckboxOwnProps | 'type'> &
  CheckboxOwnProps;

/** A single yes/no box, such as "I agree to the terms". For a list of choices use CheckboxGroup. */
export function Checkbox(props: CheckboxProps) {
  const { field, control } = splitField(props, { type: 'checkbox' as const });
  const { ids, error, hint } = field;
  return (
    <FieldWrapper invalid={!!error} className={field.className}>
      {error && <FieldError id={ids.error}>{error}</FieldError>}
      <div className={cx('flex items-start gap-3', error && 'mt-2')}>
        <input {...control} className="mt-0.5 size-6 shrink-0 accent-brand" />
        <div>
          <label htmlFor={ids.input} className="block">
            {field.label}
          </label>
          {hint && <FieldHint id={ids.hint}>{hint}</FieldHint>}
        </div>
      </div>
    </FieldWrapper>
  );
}
