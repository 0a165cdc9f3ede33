'use client';

import { StatusBadge } from '@/components/ui/status-badge';
import { Table, type TableColumn } from '@/components/ui/table';
import type { AgeTone } from '@/lib/business-days';
import { ageToneClass } from '../worksites/format';

// The work list's rows as plain data, rendered by this client component: a server-rendered table
// costs each of its ~750 elements twice (in the page's payload, then in the HTML), while here the
// payload carries 50 small objects and the elements are rendered once for the HTML
// (docs/decisions/027). Only what the table shows is sent.

export type WorkListRow = {
  key: string;
  href: string;
  subject: string;
  typeLabel: string;
  personName: string | null;
  worksiteName: string | null;
  worksiteCode: string | null;
  status: string;
  statusLabel: string;
  reasonText: string | null;
  /** Already in Pacific time: the browser's zone must not change it. */
  since: string;
  ageTone: AgeTone;
  ageText: string;
  assignee: string;
};

const columns: TableColumn<WorkListRow>[] = [
  {
    key: 'what',
    header: 'Item',
    rowHeader: true,
    // A plain link, not next/link: fifty links prefetching their pages cost more than they save.
    cell: (r) => (
      <>
        <a href={r.href}>{r.subject}</a>
        <span className="block font-normal">{r.typeLabel}</span>
      </>
    ),
  },
  { key: 'person', header: 'Person', cell: (r) => r.personName ?? '—' },
  {
    key: 'worksite',
    header: 'Worksite',
    cell: (r) =>
      r.worksiteName ? (
        <>
          {r.worksiteName} <span className="font-mono">{r.worksiteCode}</span>
        </>
      ) : (
        '—'
      ),
  },
  {
    key: 'status',
    header: 'Status',
    cell: (r) => (
      <>
        <StatusBadge status={r.status} label={r.statusLabel} />
        {r.reasonText && <span className="mt-1 block font-normal">{r.reasonText}</span>}
      </>
    ),
  },
  { key: 'since', header: 'Waiting since', cell: (r) => r.since },
  {
    key: 'age',
    header: 'Waiting',
    cell: (r) => (r.ageTone === 'normal' ? r.ageText : <span className={ageToneClass[r.ageTone]}>{r.ageText}</span>),
  },
  { key: 'assignee', header: 'Assigned to', cell: (r) => r.assignee },
];

export function WorkListTable({ caption, rows }: { caption: string; rows: readonly WorkListRow[] }) {
  return <Table caption={caption} columns={columns} rows={rows} rowKey={(r) => r.key} />;
}
