import type { ComponentProps, ReactNode } from 'react';
import { cx } from './cx';
import { describedBy, FieldError, FieldHint, fieldId, fieldIds } from './field-parts';
import { legendSizes, type LegendSize } from './fieldset';

export type ChoiceOption = {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
  disabled?: boolean;
};

type ChoiceGroupOwnProps = {
  name: string;
  legend: ReactNode;
  options: readonly ChoiceOption[];
  hint?: ReactNode;
  error?: string;
  legendSize?: LegendSize;
  /** Side by side; only for two or three short answers such as Yes / No. */
  inline?: boolean;
  className?: string;
};

type InputProps = Omit<
  ComponentProps<'input'>,
  | keyof ChoiceGroupOwnProps
  | 'type'
  | 'id'
  | 'value'
  | 'defaultValue'
  | 'defaultChecked'
  | 'checked'
>;

export type RadioGroupProps = InputProps & ChoiceGroupOwnProps & { defaultValue?: string };
export type CheckboxGroupProps = InputProps &
  ChoiceGroupOwnProps & { defaultValue?: readonly string[] };

export function RadioGroup({ defaultValue, ...props }: RadioGroupProps) {
  return (
    <ChoiceGroup
      {...props}
      type="radio"
      isChecked={defaultValue === undefined ? undefined : (v) => v === defaultValue}
    />
  );
}

export function CheckboxGroup({ defaultValue, ...props }: CheckboxGroupProps) {
  return (
    <ChoiceGroup
      {...props}
      type="checkbox"
      isChecked={defaultValue === undefined ? undefined : (v) => defaultValue.includes(v)}
    />
  );
}

// The first option takes the group's id, so an error summary link `#<name>` lands on it. The
// error is tied to the fieldset so it is read with the legend, whichever option gets focus.
// Every input receives the same props, which is what react-hook-form's register() expects for
// radio and checkbox groups.
function ChoiceGroup({
  type,
  name,
  legend,
  options,
  hint,
  error,
  legendSize = 'sm',
  inline = false,
  className,
  isChecked,
  'aria-describedby': extraDescribedBy,
  ...input
}: InputProps &
  ChoiceGroupOwnProps & { type: 'radio' | 'checkbox'; isChecked?: (value: string) => boolean }) {
  const ids = fieldIds(fieldId(name));
  return (
    <fieldset
      aria-describedby={describedBy(!!hint && ids.hint, !!error && ids.error, extraDescribedBy)}
      className={cx('mb-6 min-w-0', error && 'border-l-4 border-danger pl-3', className)}
    >
      <legend className={cx('text-ink', legendSizes[legendSize])}>{legend}</legend>
      {hint && <FieldHint id={ids.hint}>{hint}</FieldHint>}
      {error && <FieldError id={ids.error}>{error}</FieldError>}
      <div className={cx('mt-3', inline ? 'flex flex-wrap gap-x-8 gap-y-3' : 'space-y-3')}>
        {options.map((option, index) => {
          const optionId = index === 0 ? ids.input : `${ids.input}--${index}`;
          const optionHintId = `${ids.input}--${index}-hint`;
          return (
            <div key={option.value} className="flex items-start gap-3">
              <input
                {...input}
                type={type}
                id={optionId}
                name={name}
                value={option.value}
                disabled={input.disabled || option.disabled}
                defaultChecked={isChecked?.(option.value)}
                aria-describedby={option.hint ? optionHintId : undefined}
                className="mt-0.5 size-6 shrink-0 accent-brand"
              />
              <div>
                <label htmlFor={optionId} className="block">
                  {option.label}
                </label>
                {option.hint && (
                  <p id={optionHintId} className="text-muted">
                    {option.hint}
                  </p>
                )}
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
