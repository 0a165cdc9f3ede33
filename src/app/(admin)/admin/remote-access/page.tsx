import type { Metadata } from 'next';
import { AssignmentControl } from '@/components/admin/assignment-control';
import { PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { formatPacific } from '@/server/email/templates/contact-email-changed';
import { remoteAccessQueue, type TeamRemoteAccessRow } from '@/server/remote-access/queries';
import { DecideRemoteAccess } from './decide-form';

export const metadata: Metadata = { title: 'Remote access requests' };

const base: TableColumn<TeamRemoteAccessRow>[] = [
  { key: 'name', header: 'Person', rowHeader: true, cell: (r) => (r.profession ? `${r.personName} (${r.profession})` : r.personName) },
  { key: 'worksite', header: 'Worksite', cell: (r) => `${r.worksiteName} (${r.worksiteCode})` },
  { key: 'when', header: 'Asked on', cell: (r) => formatPacific(r.requestedAt) },
];

export default async function RemoteAccessQueuePage() {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const mayDecide = can(me, 'remoteAccess.decide');
  const [open, approved, declined] = await Promise.all([
    remoteAccessQueue(me),
    remoteAccessQueue(me, { status: 'APPROVED' }),
    remoteAccessQueue(me, { status: 'DECLINED' }),
  ]);
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
    { key: 'by', header: 'Decided by', cell: (r) => `${r.decidedByName ?? '—'}${r.decidedAt ? `, ${formatPacific(r.decidedAt)}` : ''}` },
    { key: 'reason', header: 'Reason', cell: (r) => r.decisionReason ?? '—' },
  ];
  const decided = [...approved, ...declined]
    .sort((a, b) => (b.decidedAt?.getTime() ?? 0) - (a.decidedAt?.getTime() ?? 0))
    .slice(0, 50);
  return (
    <>
      <PageHeader
        title="Remote access requests"
        lead="Physicians and nurse practitioners with an active membership ask to open CareConnect away from the worksite. Oldest first."
      />
      <h2 className="mb-3 text-2xl font-bold">Waiting for a decision</h2>
      <Table caption="Remote access requests waiting" captionHidden columns={openColumns} rows={open} rowKey={(r) => r.id} emptyText="No requests are waiting." className="mb-10" />
      <h2 className="mb-3 text-2xl font-bold">Recent decisions</h2>
      <Table caption="Recent remote access decisions" captionHidden columns={decidedColumns} rows={decided} rowKey={(r) => r.id} emptyText="No decisions yet." />
    </>
  );
}
