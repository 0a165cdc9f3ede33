import type { Metadata } from 'next';
import { FilterBar } from '@/components/admin/filter-bar';
import { ListView } from '@/components/admin/list-view';
import { PageHeader, Select, TextField } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import {
  QUEUE_DEFAULTS,
  QUEUE_SOURCES,
  QUEUE_TYPES,
  STATUS_FILTER_OPTIONS,
  filterQuery,
  parseQueueFilter,
} from '@/server/team/list-rules';
import { queuePage, type QueueItem } from '@/server/team/queue-queries';
import { pacificMediumDateTime } from '@/lib/pacific';
import { WorkListTable } from './work-list-table';
import { packRow, type WorkListRow } from './work-list-rows';

export const metadata: Metadata = { title: 'Work list' };

type Search = Record<string, string | string[] | undefined>;

const TYPE_OPTIONS = [{ value: 'all', label: 'Every queue' }, ...QUEUE_TYPES.map((t) => ({ value: t, label: QUEUE_SOURCES[t].label }))];
const ASSIGNEE_OPTIONS = [
  { value: 'anyone', label: 'Anyone or nobody' },
  { value: 'me', label: 'Me' },
  { value: 'nobody', label: 'Nobody yet' },
];
const SORT_OPTIONS = [
  { value: 'oldest', label: 'Oldest first' },
  { value: 'newest', label: 'Newest first' },
];

/** Only what the table shows goes to the browser's component. */
const toRow = (r: QueueItem): WorkListRow => ({
  key: `${r.type}:${r.id}`,
  href: r.href,
  subject: r.subject,
  typeLabel: r.typeLabel,
  personName: r.personName,
  worksiteName: r.worksiteName,
  worksiteCode: r.worksiteCode,
  status: r.status,
  statusLabel: r.statusLabel,
  reasonText: r.reasonText ?? null,
  since: pacificMediumDateTime(r.waitingSince),
  ageTone: r.ageTone,
  ageText: r.ageText,
  assignee: r.assignedToMe ? 'You' : (r.assigneeName ?? 'Nobody'),
});

// The (admin) layout refuses non-staff already; this page must not rely on that alone.
export default async function QueuePage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = parseQueueFilter(raw);
  const errors = parsed.ok ? {} : parsed.errors;
  const f = parsed.value;
  const page = parsed.ok ? await queuePage(me, f) : { rows: [], nextCursor: null };
  const base = { type: f.type, status: f.status, assignee: f.assignee, from: f.from, to: f.to, sort: f.sort };
  const href = (extra: Record<string, string | undefined>) => {
    const q = filterQuery({ ...base, ...extra }, QUEUE_DEFAULTS).toString();
    return `/admin/queue${q ? `?${q}` : ''}`;
  };
  const exportQuery = filterQuery({ list: 'queue', ...base }, QUEUE_DEFAULTS).toString();

  return (
    <>
      <PageHeader
        title="Work list"
        lead="Everything waiting for the enrolment team, in one list. Ages count business days in British Columbia: more than 5 is overdue, more than 7 long overdue."
      />
      <FilterBar action="/admin/queue" title="Filter the list" clearHref="/admin/queue" errors={errors}>
        <Select name="type" label="Type" options={TYPE_OPTIONS} defaultValue={raw.type ?? f.type} error={errors.type} />
        <Select name="status" label="Status" options={STATUS_FILTER_OPTIONS} defaultValue={raw.status ?? f.status} error={errors.status} />
        <Select name="assignee" label="Assigned to" options={ASSIGNEE_OPTIONS} defaultValue={raw.assignee ?? f.assignee} error={errors.assignee} />
        <TextField name="from" label="Waiting since, from" hint="YYYY-MM-DD, Pacific time" type="date" optional defaultValue={raw.from ?? ''} error={errors.from} />
        <TextField name="to" label="Waiting since, to" hint="YYYY-MM-DD, included" type="date" optional defaultValue={raw.to ?? ''} error={errors.to} />
        <Select name="sort" label="Order" options={SORT_OPTIONS} defaultValue={raw.sort ?? f.sort} error={errors.sort} />
      </FilterBar>
      <h2 className="mb-3 text-2xl font-bold">Items</h2>
      <ListView
        caption="Items matching the filters"
        table={WorkListTable}
        rows={page.rows.map((r) => packRow(toRow(r)))}
        emptyTitle={parsed.ok ? 'Nothing matches these filters' : 'Fix the filters to see the list'}
        emptyText={parsed.ok ? 'Try another status or type, or clear the filters.' : undefined}
        firstHref={f.after ? href({}) : null}
        nextHref={page.nextCursor ? href({ after: page.nextCursor }) : null}
        exportHref={parsed.ok ? `/api/admin/export?${exportQuery}` : null}
      />
    </>
  );
}
