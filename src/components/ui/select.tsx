import type { ComponentProps } from 'react';
import { controlClasses, FieldFrame, splitField, type SizedFieldProps } from './field-parts';

export type SelectOption = { value: string; label: string; disabled?: boolean };

type SelectOwnProps = SizedFieldProps & {
  options: readonly SelectOption[];
  /** First, empty-valued option such as "Choose a profession"; a required schema rejects it. */
  placeholder?: string;
};

export type SelectProps = Omit<ComponentProps<'select'>, keyof SelectOwnProps | 'children'> &
  SelectOwnProps;

export function Select({ options, placeholder, fieldWidth, ...props }: SelectProps) {
  const { field, control } = splitField(props);
  return (
    <FieldFrame {...field}>
      <select {...control} className={controlClasses(!!field.error, fieldWidth)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
