'use client';

import { useMemo } from 'react';
import { ageToneClass, StatusBadge } from '@/components/ui/status-badge';
import { Table, type TableColumn } from '@/components/ui/table';
import { unpackRow, type PackedRow, type WorkListRow } from './work-list-rows';

// The work list's rows, rendered by this client component: a server-rendered table costs each of
// its ~750 elements twice (in the page's payload, then in the HTML), while here the payload carries
// 50 small arrays and the elements are rendered once for the HTML (docs/decisions/027, 033).

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

export function WorkListTable({ caption, rows }: { caption: string; rows: readonly PackedRow[] }) {
  const list = useMemo(() => rows.map(unpackRow), [rows]);
  return <Table caption={caption} columns={columns} rows={list} rowKey={(r) => r.key} />;
}
