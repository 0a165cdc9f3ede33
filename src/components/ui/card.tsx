import type { ReactNode } from 'react';
import { cx } from './cx';
import { Heading, type HeadingLevel } from './heading';

export type CardProps = {
  title?: ReactNode;
  headingLevel?: HeadingLevel;
  /** Links or buttons shown under the content, e.g. "View worksite". */
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
};

export function Card({ title, headingLevel = 2, actions, children, className }: CardProps) {
  return (
    <section
      className={cx('mb-6 rounded border border-line-soft bg-white p-5 shadow-sm', className)}
    >
      {title && (
        <Heading level={headingLevel} className="mb-3 text-xl font-bold text-ink">
          {title}
        </Heading>
      )}
      {children}
      {actions && <div className="mt-4 flex flex-wrap items-center gap-3">{actions}</div>}
    </section>
  );
}
