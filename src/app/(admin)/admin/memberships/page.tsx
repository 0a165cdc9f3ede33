import type { Metadata } from 'next';
import { AssignmentControl } from '@/components/admin/assignment-control';
import { EmptyState, PageHeader, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import {
  MEMBERSHIP_QUEUE_LIMIT,
  membershipQueue,
  provisionWarning,
  type MembershipQueueRow,
} from '@/server/memberships/provisioning-queries';
import { ageToneClass, pacificDateTime } from '../enrolments/format';
import { MembershipDecisions } from './membership-decisions';

export const metadata: Metadata = { title: 'Memberships to set up' };

const columns: TableColumn<MembershipQueueRow>[] = [
  { key: 'person', header: 'Person', rowHeader: true, cell: (r) => r.personName },
  { key: 'profession', header: 'Profession', cell: (r) => r.profession },
  {
    key: 'kind',
    header: 'Membership',
    cell: (r) => (
      <>
        {r.kindLabel}
        {r.kind === 'ON_BEHALF_OF' && <div className="text-sm">Sponsor: {r.sponsorName ?? 'none yet'}</div>}
      </>
    ),
  },
  {
    key: 'worksite',
    header: 'Worksite',
    cell: (r) => (
      <>
        {r.worksiteName}
        <div className="text-sm">
          Worksite ID <span className="font-mono">{r.worksiteCode}</span>
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
        <div className="text-sm">since {pacificDateTime(r.waitingSince)}</div>
      </>
    ),
  },
  {
    key: 'decide',
    header: 'Decision',
    cell: (r) =>
      r.blockedReason ? (
        <p>{r.blockedReason}</p>
      ) : (
        <MembershipDecisions
          membershipId={r.membershipId}
          expectedStatus={r.status}
          personName={r.personName}
          worksiteName={r.worksiteName}
          warning={provisionWarning(r)}
        />
      ),
  },
];

const assignColumn = (meId: string): TableColumn<MembershipQueueRow> => ({
  key: 'assign',
  header: 'Assigned to',
  cell: (r) => (
    <AssignmentControl
      kind="MEMBERSHIP"
      id={r.membershipId}
      assignee={r.assignee}
      meId={meId}
      mayAssign={r.mayAssign}
      label={`${r.personName} at ${r.worksiteName}`}
    />
  ),
});

export default async function MembershipQueuePage() {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const { rows, total } = await membershipQueue(me);
  return (
    <>
      <PageHeader
        title="Memberships to set up"
        lead="Join requests a site administrator confirmed, oldest first. Ages count business days in British Columbia; more than 5 is overdue. On-behalf-of memberships need an active sponsor, and a fully enrolled physician, nurse practitioner or registered nurse at the worksite."
      />
      {rows.length === 0 ? (
        <EmptyState title="No memberships are waiting" text="Memberships appear here when a site administrator confirms a join request." />
      ) : (
        <>
          {total > rows.length && (
            <p className="mb-3">
              Showing the {MEMBERSHIP_QUEUE_LIMIT} oldest of {total}.
            </p>
          )}
          <Table caption="Memberships waiting for set-up" columns={[...columns, assignColumn(me.id)]} rows={rows} rowKey={(r) => r.membershipId} />
        </>
      )}
    </>
  );
}
