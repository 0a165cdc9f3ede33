import type { Metadata } from 'next';
import Link from 'next/link';
import { ListView } from '@/components/admin/list-view';
import { PageHeader, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { noSiteAdminPage, type NoSiteAdminRow } from '@/server/team/no-site-admin-queries';
import { pacificMediumDateTime } from '@/lib/pacific';
import { ageToneClass } from '@/components/ui/status-badge';

export const metadata: Metadata = { title: 'Worksites with no active site admin' };

const columns: TableColumn<NoSiteAdminRow>[] = [
  {
    key: 'worksite',
    header: 'Worksite',
    rowHeader: true,
    cell: (r) => (
      <>
        <Link href={`/admin/worksites/${r.id}`}>{r.operatingName}</Link> <span className="font-mono">{r.worksiteCode}</span>
      </>
    ),
  },
  { key: 'status', header: 'Worksite status', cell: (r) => r.statusLabel },
  {
    key: 'admins',
    header: 'Its site administrators',
    cell: (r) => (
      <ul>
        {r.admins.map((a) => (
          <li key={a.id}>
            <Link href={`/admin/people/${a.id}`}>{a.name}</Link> ({a.statusLabel.toLowerCase()})
          </li>
        ))}
      </ul>
    ),
  },
  { key: 'since', header: 'Without one since', cell: (r) => pacificMediumDateTime(r.since) },
  { key: 'age', header: 'For', cell: (r) => <span className={ageToneClass[r.ageTone]}>{r.ageText}</span> },
];

// The (admin) layout refuses non-staff already; this page must not rely on that alone.
export default async function WithoutSiteAdminPage({ searchParams }: { searchParams: Promise<{ after?: string | string[] }> }) {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const raw = (await searchParams).after;
  const after = (Array.isArray(raw) ? raw[0] : raw) ?? null;
  const page = await noSiteAdminPage(me, { after });
  const base = '/admin/worksites/without-site-admin';
  return (
    <>
      <PageHeader
        title="Worksites with no active site admin"
        lead="Every site administrator of these worksites is suspended or inactive, so nobody there can invite, confirm or manage members. Reinstate one, or ask the worksite to have a member made site administrator. Longest first; ages count business days in British Columbia."
      />
      <ListView
        caption="Worksites with no active site admin"
        columns={columns}
        rows={page.rows}
        rowKey={(r) => r.id}
        emptyTitle="Every worksite has an active site admin"
        emptyText="Nothing to do here."
        firstHref={after ? base : null}
        nextHref={page.nextCursor ? `${base}?${new URLSearchParams({ after: page.nextCursor })}` : null}
      />
    </>
  );
}
