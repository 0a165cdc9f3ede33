import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card, Notice, PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { remoteAccessPage, type RemoteAccessRow } from '@/server/remote-access/queries';
import { RequestRemoteAccessButton } from './request-button';

export const metadata: Metadata = { title: 'Remote access' };

const columns: TableColumn<RemoteAccessRow>[] = [
  { key: 'when', header: 'Asked on', rowHeader: true, cell: (r) => pacificDateTime(r.requestedAt) },
  { key: 'status', header: 'Status', cell: (r) => <StatusBadge status={r.status} label={r.statusLabel} /> },
  { key: 'decided', header: 'Decided on', cell: (r) => (r.decidedAt ? pacificDateTime(r.decidedAt) : '—') },
  { key: 'reason', header: 'Reason', cell: (r) => r.decisionReason ?? '—' },
];

export default async function RemoteAccessPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireViewerPage();
  const { id } = await params;
  const page = await remoteAccessPage(me, id);
  if (!page) notFound();
  const w = page.worksite;
  return (
    <>
      <PageHeader
        caption={`${w.operatingName} · Worksite ID ${w.worksiteCode}`}
        title="Remote access"
        lead="Physicians and nurse practitioners may open CareConnect away from the worksite, for example from a home office, once their membership here is active and the enrolment team approves."
      />
      <Card title="Ask for remote access">
        {page.canRequest ? (
          <RequestRemoteAccessButton membershipId={page.membershipId} />
        ) : (
          <Notice tone="info" title="You cannot ask now">
            {page.refusal}
          </Notice>
        )}
      </Card>
      <h2 className="mb-3 text-2xl font-bold">Your requests</h2>
      <Table caption="Your remote access requests" captionHidden columns={columns} rows={page.requests} rowKey={(r) => r.id} emptyText="You have not asked for remote access here." />
      <p className="mt-6">
        <Link href={`/worksites/${w.id}`}>Back to the worksite</Link>
      </p>
    </>
  );
}
