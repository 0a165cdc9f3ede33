import type { Metadata } from 'next';
import Link from 'next/link';
import type { WorksiteStatus } from '@/generated/prisma/enums';
import {
  Button,
  EmptyState,
  PageHeader,
  Select,
  StatusBadge,
  Table,
  type TableColumn,
} from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { statusLabel } from '@/server/worksites/rules';
import { REVIEW_STATUSES, worksiteQueue, type QueueRow } from '@/server/worksites/team-queries';
import { ageToneClass, pacificDateTime } from './format';

export const metadata: Metadata = { title: 'Worksite queue' };

const OTHER_STATUSES: WorksiteStatus[] = [
  'AWAITING_DECLARATION',
  'CHANGES_REQUESTED',
  'ACTIVE',
  'SUSPENDED',
  'DECLINED',
  'CLOSED',
];

type Filter = {
  value: string;
  label: string;
  statuses: WorksiteStatus[];
  closureRequested?: boolean;
};

const FILTERS: Filter[] = [
  {
    value: 'review',
    label: 'Waiting for the team (registrations and declarations)',
    statuses: REVIEW_STATUSES,
  },
  { value: 'INTAKE_SUBMITTED', label: 'Registrations waiting', statuses: ['INTAKE_SUBMITTED'] },
  {
    value: 'DECLARATION_SUBMITTED',
    label: 'Declarations waiting',
    statuses: ['DECLARATION_SUBMITTED'],
  },
  {
    value: 'closure',
    label: 'Closure requested by a site administrator',
    statuses: [],
    closureRequested: true,
  },
  ...OTHER_STATUSES.map((s) => ({ value: s, label: statusLabel(s), statuses: [s] })),
];

const columns: TableColumn<QueueRow>[] = [
  {
    key: 'name',
    header: 'Worksite',
    rowHeader: true,
    cell: (r) => <Link href={`/admin/worksites/${r.id}`}>{r.operatingName}</Link>,
  },
  {
    key: 'code',
    header: 'Worksite ID',
    cell: (r) => <span className="font-mono">{r.worksiteCode}</span>,
  },
  { key: 'city', header: 'City', cell: (r) => r.city },
  {
    key: 'status',
    header: 'Status',
    cell: (r) => (
      <>
        <StatusBadge status={r.status} label={r.statusLabel} />
        {r.flaggedDeclaration && (
          <span className="mt-1 block text-sm font-semibold text-danger-ink">
            Declaration has “No” answers
          </span>
        )}
        {r.closureRequested && r.status !== 'CLOSED' && (
          <span className="mt-1 block text-sm font-semibold text-warning-ink">
            Closure requested
          </span>
        )}
      </>
    ),
  },
  { key: 'submitted', header: 'Waiting since', cell: (r) => pacificDateTime(r.submittedAt) },
  {
    key: 'age',
    header: 'Waiting',
    cell: (r) => <span className={ageToneClass[r.ageTone]}>{r.ageText}</span>,
  },
];

// The (admin) layout already refuses non-staff; this page must not rely on that alone.
export default async function WorksiteQueuePage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string | string[]; after?: string | string[] }>;
}) {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const filter = FILTERS.find((f) => f.value === one(sp.status)) ?? FILTERS[0]!;
  const after = one(sp.after) ?? null;
  const page = await worksiteQueue(me, {
    statuses: filter.statuses,
    closureRequested: filter.closureRequested,
    after,
  });
  const query = (extra: Record<string, string>) =>
    `/admin/worksites?${new URLSearchParams({ status: filter.value, ...extra }).toString()}`;

  return (
    <>
      <PageHeader
        title="Worksite queue"
        lead="Registrations and declarations waiting for a decision, oldest first. Ages count business days in British Columbia; more than 5 is overdue."
      />
      <form method="get" action="/admin/worksites" className="mb-6 flex flex-wrap items-end gap-4">
        <Select
          name="status"
          label="Show worksites"
          options={FILTERS}
          defaultValue={filter.value}
        />
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </form>
      {page.rows.length === 0 ? (
        <EmptyState
          title={after ? 'No more worksites' : 'Nothing is waiting here'}
          text={
            after ? (
              <Link href={query({})}>Back to the first page</Link>
            ) : (
              `No worksites are in “${filter.label}” right now.`
            )
          }
        />
      ) : (
        <>
          <Table
            caption={`${filter.label}${after ? ' (continued)' : ''}`}
            columns={columns}
            rows={page.rows}
            rowKey={(r) => r.id}
          />
          <nav aria-label="Pages" className="mt-4 flex flex-wrap gap-6">
            {after && <Link href={query({})}>First page</Link>}
            {page.nextCursor && (
              <Link href={query({ after: page.nextCursor })} rel="next">
                Next page
              </Link>
            )}
          </nav>
        </>
      )}
    </>
  );
}
