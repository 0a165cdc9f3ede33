import { useId, type ComponentProps, type ReactNode } from 'react';
import { cx } from './cx';
import { describedBy } from './field-parts';

export type LegendSize = 'sm' | 'md' | 'lg';

export const legendSizes: Record<LegendSize, string> = {
  sm: 'text-base font-semibold',
  md: 'text-xl font-bold',
  lg: 'text-2xl font-bold',
};

export type FieldsetProps = Omit<ComponentProps<'fieldset'>, 'children'> & {
  legend: ReactNode;
  description?: ReactNode;
  legendSize?: LegendSize;
  children?: ReactNode;
};

/** Groups related fields (an address, a set of choices) under one legend read with each field. */
export function Fieldset({
  legend,
  description,
  legendSize = 'md',
  className,
  children,
  'aria-describedby': extraDescribedBy,
  ...rest
}: FieldsetProps) {
  const descriptionId = useId();
  return (
    <fieldset
      {...rest}
      aria-describedby={describedBy(!!description && descriptionId, extraDescribedBy)}
      className={cx('mb-6 min-w-0', className)}
    >
      <legend className={cx('mb-2 text-ink', legendSizes[legendSize])}>{legend}</legend>
      {description && (
        <div id={descriptionId} className="mb-4 text-muted">
          {description}
        </div>
      )}
      {children}
    </fieldset>
  );
}
