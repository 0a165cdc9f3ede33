import type { ReactNode } from 'react';
import { Button, ButtonLink, ErrorSummary, fieldId } from '@/components/ui';

export type FilterBarProps = {
  /** The list page itself: filters are a GET form, so they work without JavaScript and the
   * filtered list has a link people can bookmark and share. */
  action: string;
  title: string;
  /** Labelled fields (Select, TextField) named as the page's query string. */
  children: ReactNode;
  submitLabel?: string;
  clearHref?: string;
  /** Field name → message, from the page's schema; shown next to fields and summarised here. */
  errors?: Record<string, string>;
};

export function FilterBar({ action, title, children, submitLabel = 'Apply filters', clearHref, errors = {} }: FilterBarProps) {
  const headingId = `${fieldId(title.toLowerCase().replace(/\W+/g, '-'))}-heading`;
  const problems = Object.entries(errors).map(([name, message]) => ({ fieldId: fieldId(name), message }));
  return (
    <form method="get" action={action} className="mb-8" aria-labelledby={headingId} role="search">
      <h2 id={headingId} className="mb-3 text-2xl font-bold">
        {title}
      </h2>
      <ErrorSummary errors={problems} />
      <div className="grid gap-x-6 sm:grid-cols-2 lg:grid-cols-3">{children}</div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit">{submitLabel}</Button>
        {clearHref && (
          <ButtonLink href={clearHref} variant="secondary">
            Clear
          </ButtonLink>
        )}
      </div>
    </form>
  );
}
