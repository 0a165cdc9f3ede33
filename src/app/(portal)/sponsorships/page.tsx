import type { Metadata } from 'next';
import { PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { mySponsorships, type SponsorshipRow } from '@/server/sponsorships/queries';
import { SponsorshipButtons } from './sponsorship-buttons';

export const metadata: Metadata = { title: 'Sponsorships' };

const who = (r: SponsorshipRow) => (r.otherProfession ? `${r.otherName} (${r.otherProfession})` : r.otherName);

const columns: TableColumn<SponsorshipRow>[] = [
  { key: 'name', header: 'Person', rowHeader: true, cell: who },
  { key: 'worksite', header: 'Worksite', cell: (r) => `${r.worksiteName} (${r.worksiteCode})` },
  { key: 'status', header: 'Status', cell: (r) => <StatusBadge status={r.status} label={r.statusLabel} /> },
  { key: 'when', header: 'Asked on', cell: (r) => pacificDateTime(r.requestedAt) },
  {
    key: 'actions',
    header: 'Actions',
    cell: (r) => <SponsorshipButtons sponsorshipId={r.sponsorshipId} name={r.otherName} actions={r.actions} />,
  },
];

export default async function SponsorshipsPage() {
  const me = await requireViewerPage();
  const { asSponsor } = await mySponsorships(me);
  const waiting = asSponsor.filter((r) => r.status === 'REQUESTED');
  const active = asSponsor.filter((r) => r.status === 'ACTIVE');
  const past = asSponsor.filter((r) => r.status === 'DECLINED' || r.status === 'ENDED');
  return (
    <>
      <PageHeader
        title="Sponsorships"
        lead="Medical office assistants, clinical support staff and residents open CareConnect on behalf of a physician, nurse practitioner or registered nurse at the same worksite. Accept only people who work with you there; you can end a sponsorship at any time."
      />
      <h2 className="mb-3 text-2xl font-bold">Requests to answer</h2>
      <Table caption="Requests to answer" captionHidden columns={columns} rows={waiting} rowKey={(r) => r.sponsorshipId} emptyText="No one is waiting for your answer." className="mb-10" />
      <h2 className="mb-3 text-2xl font-bold">People you sponsor</h2>
      <Table caption="People you sponsor" captionHidden columns={columns} rows={active} rowKey={(r) => r.sponsorshipId} emptyText="You do not sponsor anyone." className="mb-10" />
      {past.length > 0 && (
        <>
          <h2 className="mb-3 text-2xl font-bold">Past requests and sponsorships</h2>
          <Table caption="Past requests and sponsorships" captionHidden columns={columns.filter((c) => c.key !== 'actions')} rows={past} rowKey={(r) => r.sponsorshipId} />
        </>
      )}
    </>
  );
}
