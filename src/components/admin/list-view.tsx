import Link from 'next/link';
import { EmptyState, Table, type TableColumn } from '@/components/ui';

export type ListViewProps<T> = {
  caption: string;
  columns: readonly TableColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Said when the first page is empty. */
  emptyTitle: string;
  emptyText?: string;
  /** Links for keyset paging: the first page, and the next one when there is one. */
  firstHref?: string | null;
  nextHref?: string | null;
  /** The same list as CSV. */
  exportHref?: string | null;
};

// One pattern for every team list: a captioned table, "next page" by keyset (stable while items
// arrive), and an export of exactly what the filters select.
export function ListView<T>({ caption, columns, rows, rowKey, emptyTitle, emptyText, firstHref, nextHref, exportHref }: ListViewProps<T>) {
  const paged = !!firstHref;
  if (rows.length === 0)
    return (
      <EmptyState
        title={paged ? 'No more items' : emptyTitle}
        text={paged ? <Link href={firstHref}>Back to the first page</Link> : emptyText}
      />
    );
  return (
    <>
      <Table caption={`${caption}${paged ? ' (continued)' : ''}`} columns={columns} rows={rows} rowKey={rowKey} />
      <nav aria-label="Pages and export" className="mt-4 flex flex-wrap gap-6">
        {firstHref && <Link href={firstHref}>First page</Link>}
        {nextHref && (
          <Link href={nextHref} rel="next">
            Next page
          </Link>
        )}
        {exportHref && (
          <a href={exportHref} download>
            Download all as CSV
          </a>
        )}
      </nav>
    </>
  );
}
