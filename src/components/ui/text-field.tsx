import type { ComponentProps } from 'react';
import { controlClasses, FieldFrame, splitField, type SizedFieldProps } from './field-parts';
import { cx } from './cx';

// Accepts every input prop, including react-hook-form's register() spread (name, ref, onChange,
// onBlur): React 19 passes `ref` through as an ordinary prop.
export type TextFieldProps = Omit<ComponentProps<'input'>, keyof SizedFieldProps> & SizedFieldProps;

export function TextField({ fieldWidth, type = 'text', ...props }: TextFieldProps) {
  const { field, control } = splitField(props, { type });
  return (
    <FieldFrame {...field}>
      <input {...control} className={controlClasses(!!field.error, fieldWidth)} />
    </FieldFrame>
  );
}

export type TextAreaProps = Omit<ComponentProps<'textarea'>, keyof SizedFieldProps> &
  SizedFieldProps;

export function TextArea({ fieldWidth, rows = 5, ...props }: TextAreaProps) {
  const { field, control } = splitField(props, { rows });
  return (
    <FieldFrame {...field}>
      <textarea
        {...control}
        className={cx(controlClasses(!!field.error, fieldWidth), 'resize-y')}
      />
    </FieldFrame>
  );
}
