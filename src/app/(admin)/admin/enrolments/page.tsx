import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState, PageHeader, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { enrolmentQueue, professionChangeQueue, type EnrolmentQueueRow, type ProfessionChangeRow } from '@/server/enrolments/team-queries';
import { ageToneClass, pacificDateTime } from './format';

export const metadata: Metadata = { title: 'Enrolments in review' };

const columns: TableColumn<EnrolmentQueueRow>[] = [
  { key: 'name', header: 'Person', rowHeader: true, cell: (r) => <Link href={`/admin/enrolments/${r.id}`}>{r.personName}</Link> },
  { key: 'profession', header: 'Profession', cell: (r) => r.profession },
  { key: 'licence', header: 'Licence', cell: (r) => <span className="font-mono">{r.licence}</span> },
  { key: 'since', header: 'In review since', cell: (r) => pacificDateTime(r.inReviewSince) },
  { key: 'age', header: 'Waiting', cell: (r) => <span className={ageToneClass[r.ageTone]}>{r.ageText}</span> },
];

const changeColumns: TableColumn<ProfessionChangeRow>[] = [
  {
    key: 'name',
    header: 'Person',
    rowHeader: true,
    cell: (r) => (r.enrolmentId ? <Link href={`/admin/enrolments/${r.enrolmentId}#profession-changes`}>{r.personName}</Link> : r.personName),
  },
  { key: 'from', header: 'Now', cell: (r) => r.from },
  { key: 'to', header: 'Asks for', cell: (r) => r.to },
  { key: 'since', header: 'Requested', cell: (r) => pacificDateTime(r.requestedAt) },
  { key: 'age', header: 'Waiting', cell: (r) => <span className={ageToneClass[r.ageTone]}>{r.ageText}</span> },
];

export default async function EnrolmentQueuePage({ searchParams }: { searchParams: Promise<{ after?: string | string[] }> }) {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const sp = await searchParams;
  const after = (Array.isArray(sp.after) ? sp.after[0] : sp.after) ?? null;
  const [page, changes] = await Promise.all([enrolmentQueue(me, { after }), after ? Promise.resolve(null) : professionChangeQueue(me)]);

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
            rows={changes}
            rowKey={(r) => r.id}
            emptyText="No profession change requests are waiting."
          />
        </section>
      )}
    </>
  );
}
