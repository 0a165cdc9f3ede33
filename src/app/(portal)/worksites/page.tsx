import type { Metadata } from 'next';
import Link from 'next/link';
import { ButtonLink, EmptyState, PageHeader, StatusBadge, Table } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { myWorksites } from '@/server/worksites/queries';

export const metadata: Metadata = { title: 'Your worksites' };

export default async function WorksitesPage() {
  const me = await requireViewerPage();
  const rows = await myWorksites(me);
  const register = (
    <span className="flex flex-wrap gap-3">
      <ButtonLink href="/worksites/join">Join a worksite</ButtonLink>
      <ButtonLink href="/worksites/new" variant="secondary">
        Register a worksite
      </ButtonLink>
    </span>
  );
  return (
    <>
      <PageHeader
        title="Your worksites"
        lead="The clinics and organizations you belong to or have registered."
        actions={rows.length ? register : undefined}
      />
      {rows.length === 0 ? (
        <EmptyState
          title="You are not part of any worksite yet"
          text="Register your clinic or organization to become its first site administrator. If your worksite is already registered, ask its site administrator to invite you."
          action={register}
        />
      ) : (
        <Table
          caption="Your worksites"
          captionHidden
          columns={[
            {
              key: 'name',
              header: 'Worksite',
              rowHeader: true,
              cell: (r) => (
                <Link href={`/worksites/${r.id}`} className="text-link underline">
                  {r.operatingName}
                </Link>
              ),
            },
            {
              key: 'code',
              header: 'Worksite ID',
              cell: (r) => <span className="font-mono">{r.worksiteCode}</span>,
            },
            {
              key: 'status',
              header: 'Status',
              cell: (r) => <StatusBadge status={r.status} label={r.statusLabel} />,
            },
            { key: 'role', header: 'Your role', cell: (r) => r.role },
          ]}
          rows={rows}
          rowKey={(r) => r.id}
        />
      )}
    </>
  );
}
