import type { Metadata } from 'next';
import { AssignmentControl } from '@/components/admin/assignment-control';
import { EmptyState, PageHeader, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import Link from 'next/link';
import { membershipListDetails, provisionWarning, type MembershipQueueRow } from '@/server/memberships/provisioning-queries';
import { domainView } from '@/server/team/list-rules';
import { domainPage, type QueueItem } from '@/server/team/queue-queries';
import { pacificMediumDateTime } from '@/lib/pacific';
import { ageToneClass } from '@/components/ui/status-badge';
import { MembershipDecisions } from './membership-decisions';

export const metadata: Metadata = { title: 'Memberships to set up' };

type Row = QueueItem & { detail: MembershipQueueRow };

// The work list's rows (order, ageing) with the details deciding needs.
const columns: TableColumn<Row>[] = [
  { key: 'person', header: 'Person', rowHeader: true, cell: (r) => r.detail.personName },
  { key: 'profession', header: 'Profession', cell: (r) => r.detail.profession },
  {
    key: 'kind',
    header: 'Membership',
    cell: (r) => (
      <>
        {r.detail.kindLabel}
        {r.detail.kind === 'ON_BEHALF_OF' && <div className="text-sm">Sponsor: {r.detail.sponsorName ?? 'none yet'}</div>}
      </>
    ),
  },
  {
    key: 'worksite',
    header: 'Worksite',
    cell: (r) => (
      <>
        {r.detail.worksiteName}
        <div className="text-sm">
          Worksite ID <span className="font-mono">{r.detail.worksiteCode}</span>
        </div>
      </>
    ),
  },
  {
    key: 'age',
    header: 'Waiting',
    cell: (r) => (
      <>
        <span className={ageToneClass[r.ageTone]}>{r.ageText}</span>
        <div className="text-sm">since {pacificMediumDateTime(r.waitingSince)}</div>
      </>
    ),
  },
  {
    key: 'decide',
    header: 'Decision',
    cell: (r) =>
      r.detail.blockedReason ? (
        <p>{r.detail.blockedReason}</p>
      ) : (
        <MembershipDecisions
          membershipId={r.detail.membershipId}
          expectedStatus={r.detail.status}
          personName={r.detail.personName}
          worksiteName={r.detail.worksiteName}
          warning={provisionWarning(r.detail)}
        />
      ),
  },
];

const assignColumn = (meId: string): TableColumn<Row> => ({
  key: 'assign',
  header: 'Assigned to',
  cell: (r) => (
    <AssignmentControl
      kind="MEMBERSHIP"
      id={r.detail.membershipId}
      assignee={r.detail.assignee}
      meId={meId}
      mayAssign={r.detail.mayAssign}
      label={`${r.detail.personName} at ${r.detail.worksiteName}`}
    />
  ),
});

export default async function MembershipQueuePage({ searchParams }: { searchParams?: Promise<{ after?: string | string[] }> } = {}) {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const sp = (await searchParams) ?? {};
  const after = (Array.isArray(sp.after) ? sp.after[0] : sp.after) ?? null;
  const { rows, nextCursor } = await domainPage(me, domainView(['membership'], { after }), (ids) => membershipListDetails(me, ids));
  return (
    <>
      <PageHeader
        title="Memberships to set up"
        lead="Join requests a site administrator confirmed, oldest first. Ages count business days in British Columbia; more than 5 is overdue. On-behalf-of memberships need an active sponsor, and a fully enrolled physician, nurse practitioner or registered nurse at the worksite."
      />
      {rows.length === 0 ? (
        <EmptyState
          title={after ? 'No more memberships' : 'No memberships are waiting'}
          text={after ? <Link href="/admin/memberships">Back to the first page</Link> : 'Memberships appear here when a site administrator confirms a join request.'}
        />
      ) : (
        <>
          <Table
            caption={`Memberships waiting for set-up${after ? ' (continued)' : ''}`}
            columns={[...columns, assignColumn(me.id)]}
            rows={rows}
            rowKey={(r) => r.id}
          />
          <nav aria-label="Pages" className="mt-4 flex flex-wrap gap-6">
            {after && <Link href="/admin/memberships">First page</Link>}
            {nextCursor && (
              <Link href={`/admin/memberships?${new URLSearchParams({ after: nextCursor })}`} rel="next">
                Next page
              </Link>
            )}
          </nav>
        </>
      )}
    </>
  );
}
