import type { ReactNode } from 'react';
import { cx } from './cx';

export type PageHeaderProps = {
  title: ReactNode;
  lead?: ReactNode;
  /** Buttons or links for the page's main actions. */
  actions?: ReactNode;
  /** Small text above the title, e.g. the worksite a page belongs to. */
  caption?: ReactNode;
  className?: string;
};

export function PageHeader({ title, lead, actions, caption, className }: PageHeaderProps) {
  return (
    <div className={cx('mb-8 flex flex-wrap items-end justify-between gap-4', className)}>
      <div className="max-w-3xl">
        {caption && <p className="mb-1 text-lg text-muted">{caption}</p>}
        <h1 className="text-3xl font-bold text-ink sm:text-4xl">{title}</h1>
        {lead && <div className="mt-3 text-lg text-ink">{lead}</div>}
      </div>
      {actions && <div className="flex flex-wrap gap-3">{actions}</div>}
    </div>
  );
}
