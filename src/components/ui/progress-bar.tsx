import { useId } from 'react';
import { cx } from './cx';

export type ProgressBarProps = {
  label: string;
  value: number;
  max: number;
  /** Defaults to "3 of 5 steps complete". */
  valueText?: string;
  unit?: string;
  className?: string;
};

export function ProgressBar({
  label,
  value,
  max,
  valueText,
  unit = 'steps',
  className,
}: ProgressBarProps) {
  const labelId = useId();
  const safeMax = Math.max(max, 0);
  const safeValue = Math.min(Math.max(value, 0), safeMax);
  const percent = safeMax === 0 ? 0 : Math.round((safeValue / safeMax) * 100);
  const text = valueText ?? `${safeValue} of ${safeMax} ${unit} complete`;
  return (
    <div className={cx('mb-6', className)}>
      <p id={labelId} className="font-semibold">
        {label}
      </p>
      <div
        role="progressbar"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={safeMax}
        aria-valuenow={safeValue}
        aria-valuetext={text}
        className="mt-2 h-4 w-full overflow-hidden rounded border border-line bg-surface"
      >
        <div className="h-full bg-brand" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-1 text-muted" aria-hidden="true">
        {text}
      </p>
    </div>
  );
}
