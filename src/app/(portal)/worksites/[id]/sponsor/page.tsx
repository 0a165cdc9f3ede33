import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card, Notice, PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { sponsorPage, type SponsorshipRow } from '@/server/sponsorships/queries';
import { SponsorshipButtons } from '../../../sponsorships/sponsorship-buttons';
import { RequestSponsorForm } from './request-form';

export const metadata: Metadata = { title: 'Your sponsor' };

const columns: TableColumn<SponsorshipRow>[] = [
  {
    key: 'sponsor',
    header: 'Sponsor',
    rowHeader: true,
    cell: (r) => (r.otherProfession ? `${r.otherName} (${r.otherProfession})` : r.otherName),
  },
  { key: 'status', header: 'Status', cell: (r) => <StatusBadge status={r.status} label={r.statusLabel} /> },
  { key: 'when', header: 'Asked on', cell: (r) => pacificDateTime(r.requestedAt) },
  {
    key: 'actions',
    header: 'Actions',
    cell: (r) => <SponsorshipButtons sponsorshipId={r.sponsorshipId} name={r.otherName} actions={r.actions} />,
  },
];

export default async function SponsorPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireViewerPage();
  const { id } = await params;
  const page = await sponsorPage(me, id);
  if (!page) notFound();
  const { worksite: w, membership: m } = page;
  const caption = `${w.operatingName} · Worksite ID ${w.worksiteCode}`;

  if (!m.isOnBehalfOf)
    return (
      <>
        <PageHeader caption={caption} title="Your sponsor" />
        <Notice title="You do not need a sponsor here">
          You are an independent user at this worksite: you open CareConnect on your own licence.
        </Notice>
        <p className="mt-6">
          <Link href={`/worksites/${w.id}`}>Back to the worksite</Link>
        </p>
      </>
    );

  return (
    <>
      <PageHeader
        caption={caption}
        title="Your sponsor"
        lead="You open CareConnect on behalf of a physician, nurse practitioner or registered nurse who works at this worksite. They must agree to sponsor you; either of you can end it later."
      />
      <p className="mb-6">
        Your membership here: <StatusBadge status={m.effectiveStatus} label={m.effectiveStatusLabel} />
      </p>
      <h2 className="mb-3 text-2xl font-bold">Your sponsorships</h2>
      <Table caption="Your sponsorships" captionHidden columns={columns} rows={page.sponsorships} rowKey={(r) => r.sponsorshipId} emptyText="You have not asked anyone yet." className="mb-10" />
      <Card title="Ask someone to sponsor you">
        {page.noAuthorizerMessage ? (
          <Notice tone="warning" title="No one can sponsor you yet">
            {page.noAuthorizerMessage}
          </Notice>
        ) : page.authorizers.length === 0 ? (
          <p>No one else at this worksite can sponsor you.</p>
        ) : (
          <RequestSponsorForm worksiteId={w.id} authorizers={page.authorizers} />
        )}
      </Card>
      <p className="mt-6">
        <Link href={`/worksites/${w.id}`}>Back to the worksite</Link>
      </p>
    </>
  );
}
