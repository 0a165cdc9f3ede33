import type { ReactNode } from 'react';
import { cx } from './cx';
import { Heading, type HeadingLevel } from './heading';

export type EmptyStateProps = {
  title: string;
  text?: ReactNode;
  /** Usually a ButtonLink to the first step, e.g. "Register a worksite". */
  action?: ReactNode;
  headingLevel?: HeadingLevel;
  className?: string;
};

export function EmptyState({ title, text, action, headingLevel = 2, className }: EmptyStateProps) {
  return (
    <div className={cx('mb-6 border-2 border-dashed border-line bg-surface px-6 py-8', className)}>
      <Heading level={headingLevel} className="text-xl font-bold text-ink">
        {title}
      </Heading>
      {text && <div className="mt-2 max-w-prose text-ink">{text}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
