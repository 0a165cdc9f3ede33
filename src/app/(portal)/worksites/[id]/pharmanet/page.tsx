import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { Card, Notice, PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { type PharmanetRow, worksitePharmanet } from '@/server/pharmanet/queries';
import { RequestPharmanetButton } from './request-button';

export const metadata: Metadata = { title: 'PharmaNet' };

const columns: TableColumn<PharmanetRow>[] = [
  { key: 'when', header: 'Asked on', rowHeader: true, cell: (r) => pacificDateTime(r.requestedAt) },
  { key: 'status', header: 'Status', cell: (r) => <StatusBadge status={r.status} label={r.statusLabel} /> },
  { key: 'decided', header: 'Decided on', cell: (r) => (r.decidedAt ? pacificDateTime(r.decidedAt) : '—') },
  { key: 'reason', header: 'Reason', cell: (r) => r.decisionReason ?? '—' },
];

/** What can be asked, then what was asked: one card and the table of requests under it. */
function RequestsSection(p: {
  title: string;
  caption: string;
  requests: PharmanetRow[];
  emptyText: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={p.className}>
      <Card title={p.title}>{p.children}</Card>
      <Table caption={p.caption} columns={columns} rows={p.requests} rowKey={(r) => r.id} emptyText={p.emptyText} />
    </div>
  );
}

export default async function PharmanetPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireViewerPage();
  const { id } = await params;
  const page = await worksitePharmanet(me, id);
  if (!page) notFound();
  const w = page.worksite;
  return (
    <>
      <PageHeader
        caption={`${w.operatingName} · Worksite ID ${w.worksiteCode}`}
        title="PharmaNet"
        lead="PharmaNet shows the medications dispensed to a patient. A worksite's site administrator asks for it first; once the enrolment team enables it for the worksite, the people who work there can ask for access for themselves."
      />
      <p className="mb-6">
        <strong>PharmaNet for this worksite: </strong>
        {w.pharmanetEnabled ? 'Enabled.' : 'Not enabled.'}
      </p>

      {page.siteRequest && (
        <RequestsSection
          className="mb-10"
          title="PharmaNet for the worksite"
          caption="PharmaNet requests for this worksite"
          requests={page.siteRequest.requests}
          emptyText="Nobody has asked for PharmaNet for this worksite yet."
        >
          {page.siteRequest.canRequest ? (
            <>
              <p className="mb-3">
                The enrolment team will send you the PRIME enrolment instructions. Once the worksite has followed them, the
                team enables PharmaNet here.
              </p>
              <RequestPharmanetButton worksiteId={w.id} kind="worksite" />
            </>
          ) : (
            <Notice tone="info" title="You cannot ask now">
              {page.siteRequest.refusal}
            </Notice>
          )}
        </RequestsSection>
      )}

      <RequestsSection
        title="Your PharmaNet access"
        caption="Your PharmaNet requests at this worksite"
        requests={page.me.requests}
        emptyText="You have not asked for PharmaNet access here."
      >
        {page.me.isPharmacist ? (
          <Notice tone="info" title="Not through this portal">
            {page.me.refusal}
          </Notice>
        ) : page.me.canRequest ? (
          <RequestPharmanetButton worksiteId={w.id} kind="self" />
        ) : (
          <Notice tone="info" title="You cannot ask now">
            {page.me.refusal}
          </Notice>
        )}
      </RequestsSection>
      <p className="mt-6">
        <Link href={`/worksites/${w.id}`}>Back to the worksite</Link>
      </p>
    </>
  );
}
