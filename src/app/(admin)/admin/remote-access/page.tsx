import type { Metadata } from 'next';
import { AssignmentControl } from '@/components/admin/assignment-control';
import Link from 'next/link';
import { PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { recentRemoteAccessDecisions, remoteAccessListDetails, type TeamRemoteAccessRow } from '@/server/remote-access/queries';
import { domainView } from '@/server/team/list-rules';
import { domainPage } from '@/server/team/queue-queries';
import { DecideRemoteAccess } from './decide-form';

export const metadata: Metadata = { title: 'Remote access requests' };

const base: TableColumn<TeamRemoteAccessRow>[] = [
  { key: 'name', header: 'Person', rowHeader: true, cell: (r) => (r.profession ? `${r.personName} (${r.profession})` : r.personName) },
  { key: 'worksite', header: 'Worksite', cell: (r) => `${r.worksiteName} (${r.worksiteCode})` },
  { key: 'when', header: 'Asked on', cell: (r) => pacificDateTime(r.requestedAt) },
];

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function RemoteAccessQueuePage({ searchParams }: { searchParams: Promise<{ after?: string | string[] }> }) {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const mayDecide = can(me, 'remoteAccess.decide');
  const after = one((await searchParams).after) ?? null;
  // Waiting requests are the work list filtered by type; recent decisions show on the first page.
  const [page, decided] = await Promise.all([
    domainPage(me, domainView(['remote-access'], { after }), (ids) => remoteAccessListDetails(me, ids)),
    after ? [] : recentRemoteAccessDecisions(me),
  ]);
  const open = page.rows.map((r) => r.detail);
  const openColumns: TableColumn<TeamRemoteAccessRow>[] = [
    ...base,
    ...(mayDecide
      ? [{ key: 'decide', header: 'Decision', cell: (r: TeamRemoteAccessRow) => <DecideRemoteAccess requestId={r.id} expectedStatus={r.status} name={r.personName} /> }]
      : []),
    {
      key: 'assign',
      header: 'Assigned to',
      cell: (r) => (
        <AssignmentControl
          kind="REMOTE_ACCESS_REQUEST"
          id={r.id}
          assignee={r.assignee}
          meId={me.id}
          mayAssign={r.mayAssign}
          label={`${r.personName} at ${r.worksiteName}`}
        />
      ),
    },
  ];
  const decidedColumns: TableColumn<TeamRemoteAccessRow>[] = [
    ...base,
    { key: 'status', header: 'Decision', cell: (r) => <StatusBadge status={r.status} label={r.statusLabel} /> },
    { key: 'by', header: 'Decided by', cell: (r) => `${r.decidedByName ?? '—'}${r.decidedAt ? `, ${pacificDateTime(r.decidedAt)}` : ''}` },
    { key: 'reason', header: 'Reason', cell: (r) => r.decisionReason ?? '—' },
  ];
  return (
    <>
      <PageHeader
        title="Remote access requests"
        lead="Physicians and nurse practitioners with an active membership ask to open CareConnect away from the worksite. Oldest first."
      />
      <h2 className="mb-3 text-2xl font-bold">Waiting for a decision</h2>
      <Table caption="Remote access requests waiting" captionHidden columns={openColumns} rows={open} rowKey={(r) => r.id} emptyText={after ? 'No more requests are waiting.' : 'No requests are waiting.'} className="mb-4" />
      <nav aria-label="Pages" className="mb-10 flex flex-wrap gap-6">
        {after && <Link href="/admin/remote-access">First page</Link>}
        {page.nextCursor && (
          <Link href={`/admin/remote-access?${new URLSearchParams({ after: page.nextCursor })}`} rel="next">
            Next page
          </Link>
        )}
      </nav>
      {!after && (
        <>
          <h2 className="mb-3 text-2xl font-bold">Recent decisions</h2>
          <Table caption="Recent remote access decisions" captionHidden columns={decidedColumns} rows={decided} rowKey={(r) => r.id} emptyText="No decisions yet." />
        </>
      )}
    </>
  );
}
