import type { ReactNode } from 'react';

/** Label and value pairs of a record, as a description list; an empty value reads "—". */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-semibold">{label}</dt>
          <dd className="whitespace-pre-line">{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
