import Link from 'next/link';
import type { ReactNode } from 'react';
import { EmptyState, Table, type TableColumn } from '@/components/ui';

/** The table itself: columns rendered here, or a component of the list's own (a client table
 * rendered from plain rows, for long lists: docs/decisions/027). */
type TableSpec<T> =
  | { columns: readonly TableColumn<T>[]; rowKey: (row: T) => string; table?: never }
  | { table: (props: { caption: string; rows: readonly T[] }) => ReactNode; columns?: never; rowKey?: never };

export type ListViewProps<T> = TableSpec<T> & {
  caption: string;
  rows: readonly T[];
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
export function ListView<T>(props: ListViewProps<T>) {
  const { caption, rows, emptyTitle, emptyText, firstHref, nextHref, exportHref } = props;
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
      {props.table ? (
        <props.table caption={`${caption}${paged ? ' (continued)' : ''}`} rows={rows} />
      ) : (
        <Table caption={`${caption}${paged ? ' (continued)' : ''}`} columns={props.columns} rows={rows} rowKey={props.rowKey} />
      )}
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
