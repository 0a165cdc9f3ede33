import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, PageHeader, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { enrolmentListDetails, professionChangeListDetails, type EnrolmentListDetail, type ProfessionChangeDetail } from '@/server/enrolments/team-queries';
import { domainView } from '@/server/team/list-rules';
import { domainPage, type QueueItem } from '@/server/team/queue-queries';
import { pacificMediumDateTime } from '@/lib/pacific';
import { ageToneClass } from '@/components/ui/status-badge';

export const metadata: Metadata = { title: 'Enrolments in review' };

type Row<D> = QueueItem & { detail: D };

const columns: TableColumn<Row<EnrolmentListDetail>>[] = [
  { key: 'name', header: 'Person', rowHeader: true, cell: (r) => <Link href={r.href}>{r.personName ?? r.subject}</Link> },
  { key: 'profession', header: 'Profession', cell: (r) => r.detail.profession },
  { key: 'licence', header: 'Licence', cell: (r) => <span className="font-mono">{r.detail.licence}</span> },
  { key: 'since', header: 'In review since', cell: (r) => pacificMediumDateTime(r.waitingSince) },
  { key: 'age', header: 'Waiting', cell: (r) => <span className={ageToneClass[r.ageTone]}>{r.ageText}</span> },
];

const changeColumns: TableColumn<Row<ProfessionChangeDetail>>[] = [
  {
    key: 'name',
    header: 'Person',
    rowHeader: true,
    // The work list links a change to the person's enrolment, or to this page when there is none.
    cell: (r) => (r.href !== '/admin/enrolments' ? <Link href={`${r.href}#profession-changes`}>{r.personName}</Link> : r.personName),
  },
  { key: 'from', header: 'Now', cell: (r) => r.detail.from },
  { key: 'to', header: 'Asks for', cell: (r) => r.detail.to },
  { key: 'since', header: 'Requested', cell: (r) => pacificMediumDateTime(r.waitingSince) },
  { key: 'age', header: 'Waiting', cell: (r) => <span className={ageToneClass[r.ageTone]}>{r.ageText}</span> },
];

export default async function EnrolmentQueuePage({ searchParams }: { searchParams: Promise<{ after?: string | string[] }> }) {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const sp = await searchParams;
  const after = (Array.isArray(sp.after) ? sp.after[0] : sp.after) ?? null;
  // Both lists are the work list filtered by type; profession changes show on the first page only.
  const [page, changes] = await Promise.all([
    domainPage(me, domainView(['enrolment'], { after }), (ids) => enrolmentListDetails(me, ids)),
    after ? null : domainPage(me, domainView(['profession-change']), (ids) => professionChangeListDetails(me, ids)),
  ]);

  return (
    <>
      <PageHeader
        title="Enrolments in review"
        lead="People whose form, privacy course and access agreement are all done, oldest first. Ages count business days in British Columbia; more than 5 is overdue."
      />
      {page.rows.length === 0 ? (
        <EmptyState
          title={after ? 'No more enrolments' : 'No enrolments are waiting'}
          text={after ? <Link href="/admin/enrolments">Back to the first page</Link> : 'Enrolments appear here when every step is done.'}
        />
      ) : (
        <>
          <Table caption={`Enrolments in review${after ? ' (continued)' : ''}`} columns={columns} rows={page.rows} rowKey={(r) => r.id} />
          <nav aria-label="Pages" className="mb-8 flex flex-wrap gap-6">
            {after && <Link href="/admin/enrolments">First page</Link>}
            {page.nextCursor && (
              <Link href={`/admin/enrolments?${new URLSearchParams({ after: page.nextCursor })}`} rel="next">
                Next page
              </Link>
            )}
          </nav>
        </>
      )}
      {changes && (
        <section aria-labelledby="changes-heading" className="mt-10">
          <h2 id="changes-heading" className="mb-3 text-2xl font-bold">
            Profession change requests
          </h2>
          <Table
            caption="Profession change requests waiting"
            captionHidden
            columns={changeColumns}
            rows={changes.rows}
            rowKey={(r) => r.id}
            emptyText="No profession change requests are waiting."
          />
        </section>
      )}
    </>
  );
}
