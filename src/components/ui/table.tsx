import type { ReactNode } from 'react';
import { cx } from './cx';
import { ScrollRegion } from './scroll-region';

export type TableColumn<T> = {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The cell that names the row (e.g. the person's name) becomes a row header. */
  rowHeader?: boolean;
  align?: 'start' | 'end';
  className?: string;
};

export type TableProps<T> = {
  /** Every table needs a caption; hide it visually when a heading right above says the same. */
  caption: string;
  captionHidden?: boolean;
  columns: readonly TableColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Shown in a single row when there are no rows. */
  emptyText?: ReactNode;
  className?: string;
};

export function Table<T>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  emptyText = 'Nothing to show.',
  className,
}: TableProps<T>) {
  return (
    <ScrollRegion label={caption}>
      <table className={cx('data-table w-full border-collapse text-left', className)}>
        <caption
          className={
            captionHidden ? 'sr-only' : 'mb-2 text-left text-lg font-bold text-ink caption-top'
          }
        >
          {caption}
        </caption>
        <thead>
          <tr className="border-b-2 border-ink">
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={cx(
                  'px-3 py-2 align-bottom font-semibold whitespace-nowrap',
                  c.align === 'end' && 'text-right',
                  c.className,
                )}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr className="border-b-0">
              <td colSpan={columns.length} className="py-4 text-muted">
                {emptyText}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              // Cells are styled by .data-table (globals.css), not per cell.
              <tr key={rowKey(row)}>
                {columns.map((c) => {
                  const cellClass = cx(c.align === 'end' && 'text-right', c.className) || undefined;
                  return c.rowHeader ? (
                    <th key={c.key} scope="row" className={cellClass}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={c.key} className={cellClass}>
                      {c.cell(row)}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
