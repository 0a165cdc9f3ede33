import { cx } from '@/components/ui';

/** What is on record, one labelled value a row, boxed so it reads as a record, not a form. */
export function SummaryList({
  rows,
  className,
}: {
  rows: readonly { label: string; value: string }[];
  className?: string;
}) {
  return (
    <dl
      className={cx(
        'grid gap-x-6 gap-y-2 rounded border border-line p-4 sm:grid-cols-[max-content_1fr]',
        className,
      )}
    >
      {rows.map((r) => (
        <div key={r.label} className="contents">
          <dt className="font-semibold">{r.label}</dt>
          <dd>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}
