import type { ReactNode } from 'react';
import { cx } from './cx';

export type FormErrorProps = {
  message?: ReactNode;
  /** Shown as "Reference: …" so support staff can find the matching log entry. */
  correlationId?: string | null;
  title?: string;
  className?: string;
};

/** A problem with the whole form rather than one field (the record changed, the server failed). */
export function FormError({ message, correlationId, title, className }: FormErrorProps) {
  if (!message) return null;
  return (
    <div role="alert" className={cx('mb-6 border-l-8 border-danger bg-danger-bg p-4', className)}>
      {title && <h2 className="mb-1 text-lg font-bold text-danger-ink">{title}</h2>}
      <p className="font-semibold text-danger-ink">{message}</p>
      {correlationId && (
        <p className="mt-2 text-sm text-ink">
          Reference: <span className="font-mono">{correlationId}</span>
        </p>
      )}
    </div>
  );
}
