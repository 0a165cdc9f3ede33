import type { Metadata } from 'next';
import { AssignmentControl } from '@/components/admin/assignment-control';
import Link from 'next/link';
import { PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import {
  pharmanetUserListDetails,
  pharmanetWorksiteListDetails,
  recentPharmanetDecisions,
  type TeamPharmanetRow,
} from '@/server/pharmanet/queries';
import { domainView } from '@/server/team/list-rules';
import { domainPage } from '@/server/team/queue-queries';
import { worksiteStepsFrom } from '@/server/pharmanet/rules';
import { DecidePharmanet } from './decide-form';

export const metadata: Metadata = { title: 'PharmaNet requests' };

const STEP = { INSTRUCTIONS_SENT: 'instructions_sent', APPROVE: 'approve', DECLINE: 'decline' } as const;

const worksiteCol: TableColumn<TeamPharmanetRow> = {
  key: 'worksite',
  header: 'Worksite',
  rowHeader: true,
  cell: (r) => `${r.worksiteName} (${r.worksiteCode})`,
};
const personCol: TableColumn<TeamPharmanetRow> = {
  key: 'person',
  header: 'Person',
  cell: (r) => (r.profession ? `${r.personName} (${r.profession})` : r.personName),
};
const askedCol: TableColumn<TeamPharmanetRow> = { key: 'when', header: 'Asked on', cell: (r) => pacificDateTime(r.requestedAt) };
const statusCol: TableColumn<TeamPharmanetRow> = {
  key: 'status',
  header: 'Status',
  cell: (r) => <StatusBadge status={r.status} label={r.statusLabel} />,
};

type Search = { worksitesAfter?: string | string[]; peopleAfter?: string | string[] };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/** "First page" / "Next page" for one of the two lists; the other list stays where it was. */
function Pages({ param, sp, next }: { param: keyof Search; sp: Search; next: string | null }) {
  const at = (after: string | null) => {
    const q = new URLSearchParams(Object.entries({ ...sp, [param]: after }).flatMap(([k, v]) => (one(v) ? [[k, one(v)!]] : [])));
    return `/admin/pharmanet${q.size ? `?${q}` : ''}`;
  };
  if (!one(sp[param]) && !next) return null;
  return (
    <nav aria-label={param === 'worksitesAfter' ? 'Pages of worksite requests' : 'Pages of personal requests'} className="mb-10 flex flex-wrap gap-6">
      {one(sp[param]) && <Link href={at(null)}>First page</Link>}
      {next && (
        <Link href={at(next)} rel="next">
          Next page
        </Link>
      )}
    </nav>
  );
}

export default async function PharmanetQueuePage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const mayDecide = can(me, 'pharmanet.decide');
  const sp = await searchParams;
  // Both waiting lists are the work list filtered by type; recent decisions are a history.
  const [worksites, users, recent] = await Promise.all([
    domainPage(me, domainView(['pharmanet-worksite'], { after: one(sp.worksitesAfter) }), (ids) => pharmanetWorksiteListDetails(me, ids)),
    domainPage(me, domainView(['pharmanet-user'], { after: one(sp.peopleAfter) }), (ids) => pharmanetUserListDetails(me, ids)),
    recentPharmanetDecisions(me),
  ]);
  const q = { worksites: worksites.rows.map((r) => r.detail), users: users.rows.map((r) => r.detail), recent };
  const assignCol = (kind: 'PHARMANET_WORKSITE_REQUEST' | 'PHARMANET_USER_REQUEST'): TableColumn<TeamPharmanetRow> => ({
    key: 'assign',
    header: 'Assigned to',
    cell: (r) => (
      <AssignmentControl
        kind={kind}
        id={r.id}
        assignee={r.assignee}
        meId={me.id}
        mayAssign={r.mayAssign}
        label={kind === 'PHARMANET_WORKSITE_REQUEST' ? `the worksite ${r.worksiteName}` : `${r.personName} at ${r.worksiteName}`}
      />
    ),
  });

  const worksiteColumns: TableColumn<TeamPharmanetRow>[] = [
    worksiteCol,
    { ...personCol, header: 'Asked by' },
    askedCol,
    statusCol,
    ...(mayDecide
      ? [
          {
            key: 'decide',
            header: 'Next step',
            cell: (r: TeamPharmanetRow) => (
              <DecidePharmanet
                kind="WORKSITE"
                requestId={r.id}
                expectedStatus={r.status}
                name={r.worksiteName}
                steps={worksiteStepsFrom(r.status).map((s) => STEP[s])}
              />
            ),
          },
        ]
      : []),
    assignCol('PHARMANET_WORKSITE_REQUEST'),
  ];
  const userColumns: TableColumn<TeamPharmanetRow>[] = [
    { ...personCol, rowHeader: true },
    { ...worksiteCol, rowHeader: false },
    askedCol,
    ...(mayDecide
      ? [
          {
            key: 'decide',
            header: 'Decision',
            cell: (r: TeamPharmanetRow) => (
              <DecidePharmanet kind="USER" requestId={r.id} expectedStatus={r.status} name={r.personName} steps={['approve', 'decline']} />
            ),
          },
        ]
      : []),
    assignCol('PHARMANET_USER_REQUEST'),
  ];
  const recentColumns: TableColumn<TeamPharmanetRow>[] = [
    { key: 'for', header: 'For', rowHeader: true, cell: (r) => (r.kind === 'WORKSITE' ? `The worksite ${r.worksiteName} (${r.worksiteCode})` : `${r.personName} at ${r.worksiteName} (${r.worksiteCode})`) },
    { key: 'status', header: 'Decision', cell: (r) => <StatusBadge status={r.status} label={r.statusLabel} /> },
    { key: 'by', header: 'Decided by', cell: (r) => `${r.decidedByName ?? '—'}${r.decidedAt ? `, ${pacificDateTime(r.decidedAt)}` : ''}` },
    { key: 'reason', header: 'Reason', cell: (r) => r.decisionReason ?? '—' },
  ];
  return (
    <>
      <PageHeader
        title="PharmaNet requests"
        lead="Worksites ask first: send the PRIME enrolment instructions, then approve once the worksite has followed them. People at a PharmaNet-enabled worksite then ask for their own access. Oldest first."
      />
      <h2 className="mb-3 text-2xl font-bold">Worksites waiting</h2>
      <Table caption="Worksite PharmaNet requests waiting" captionHidden columns={worksiteColumns} rows={q.worksites} rowKey={(r) => r.id} emptyText="No worksite requests are waiting." className="mb-4" />
      <Pages param="worksitesAfter" sp={sp} next={worksites.nextCursor} />
      <h2 className="mb-3 text-2xl font-bold">People waiting</h2>
      <Table caption="Personal PharmaNet requests waiting" captionHidden columns={userColumns} rows={q.users} rowKey={(r) => r.id} emptyText="No personal requests are waiting." className="mb-4" />
      <Pages param="peopleAfter" sp={sp} next={users.nextCursor} />
      <h2 className="mb-3 text-2xl font-bold">Recent decisions</h2>
      <Table caption="Recent PharmaNet decisions" captionHidden columns={recentColumns} rows={q.recent} rowKey={(r) => r.id} emptyText="No decisions yet." />
    </>
  );
}
