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
import { domainView, type QueueType } from '@/server/team/list-rules';
import { domainPage, type QueueItem } from '@/server/team/queue-queries';
import { worksiteListDetails, type WorksiteListDetail } from '@/server/worksites/team-queries';
import { pacificMediumDateTime } from '@/lib/pacific';
import { ageToneClass } from '@/components/ui/status-badge';

export const metadata: Metadata = { title: 'Worksite queue' };

const OTHER_STATUSES: WorksiteStatus[] = [
  'AWAITING_DECLARATION',
  'CHANGES_REQUESTED',
  'ACTIVE',
  'SUSPENDED',
  'DECLINED',
  'CLOSED',
];

// Each choice is the work list narrowed to worksite types and a status ("open": waiting).
type Filter = { value: string; label: string; types: QueueType[]; status: string };

const FILTERS: Filter[] = [
  {
    value: 'review',
    label: 'Waiting for the team (registrations and declarations)',
    types: ['intake', 'declaration'],
    status: 'open',
  },
  { value: 'INTAKE_SUBMITTED', label: 'Registrations waiting', types: ['intake'], status: 'open' },
  { value: 'DECLARATION_SUBMITTED', label: 'Declarations waiting', types: ['declaration'], status: 'open' },
  { value: 'closure', label: 'Closure requested by a site administrator', types: ['closure'], status: 'open' },
  // An active or suspended worksite with a closure request is listed by the closure type.
  ...OTHER_STATUSES.map((s): Filter => ({
    value: s,
    label: statusLabel(s),
    types: s === 'ACTIVE' || s === 'SUSPENDED' ? ['worksite', 'closure'] : ['worksite'],
    status: s,
  })),
];

type Row = QueueItem & { detail: WorksiteListDetail };

const columns: TableColumn<Row>[] = [
  {
    key: 'name',
    header: 'Worksite',
    rowHeader: true,
    cell: (r) => <Link href={r.href}>{r.worksiteName ?? r.subject}</Link>,
  },
  {
    key: 'code',
    header: 'Worksite ID',
    cell: (r) => <span className="font-mono">{r.worksiteCode}</span>,
  },
  { key: 'city', header: 'City', cell: (r) => r.detail.city },
  {
    key: 'status',
    header: 'Status',
    cell: (r) => (
      <>
        <StatusBadge status={r.status} label={r.statusLabel} />
        {r.detail.flaggedDeclaration && (
          <span className="mt-1 block text-sm font-semibold text-danger-ink">
            Declaration has “No” answers
          </span>
        )}
        {r.detail.closureRequested && r.status !== 'CLOSED' && (
          <span className="mt-1 block text-sm font-semibold text-warning-ink">
            Closure requested
          </span>
        )}
      </>
    ),
  },
  { key: 'submitted', header: 'Waiting since', cell: (r) => pacificMediumDateTime(r.waitingSince) },
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
  const page = await domainPage(me, domainView(filter.types, { status: filter.status, after }), (ids) => worksiteListDetails(me, ids));
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
