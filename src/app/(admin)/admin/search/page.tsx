import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterBar } from '@/components/admin/filter-bar';
import { ListView } from '@/components/admin/list-view';
import { PageHeader, Select, TextField, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { filterQuery, parseSearch } from '@/server/team/list-rules';
import { search, type PersonHit, type WorksiteHit } from '@/server/team/search-queries';

export const metadata: Metadata = { title: 'Search' };

type Search = Record<string, string | string[] | undefined>;

const KIND_OPTIONS = [
  { value: 'people', label: 'People' },
  { value: 'worksites', label: 'Worksites' },
];

const personColumns: TableColumn<PersonHit>[] = [
  {
    key: 'name',
    header: 'Name',
    rowHeader: true,
    cell: (p) => (
      <>
        <Link href={p.href}>{p.name}</Link>
        {p.legalName !== p.name && <span className="block font-normal">Legal name: {p.legalName}</span>}
      </>
    ),
  },
  { key: 'email', header: 'Email', cell: (p) => p.email ?? p.signInEmail ?? '—' },
  { key: 'profession', header: 'Profession', cell: (p) => p.profession ?? '—' },
  { key: 'licence', header: 'Licence', cell: (p) => (p.licence ? <span className="font-mono">{p.licence}</span> : '—') },
  { key: 'enrolment', header: 'Enrolment', cell: (p) => p.enrolmentStatus ?? 'Not started' },
  { key: 'status', header: 'Account', cell: (p) => p.status },
];

const worksiteColumns: TableColumn<WorksiteHit>[] = [
  { key: 'name', header: 'Worksite', rowHeader: true, cell: (w) => <Link href={w.href}>{w.operatingName}</Link> },
  { key: 'code', header: 'Worksite ID', cell: (w) => <span className="font-mono">{w.worksiteCode}</span> },
  { key: 'legal', header: 'Legal name', cell: (w) => w.legalName },
  { key: 'city', header: 'City', cell: (w) => w.city },
  { key: 'email', header: 'Email', cell: (w) => w.email },
  { key: 'status', header: 'Status', cell: (w) => w.statusLabel },
];

export default async function SearchPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requireViewerPage();
  if (!can(me, 'team.search')) return null; // the area's layout explains; nothing is read
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = parseSearch(raw);
  const errors = parsed.ok ? {} : parsed.errors;
  const input = parsed.value;
  const result = parsed.ok && input.q ? await search(me, input) : null;
  const base = { kind: input.kind, q: input.q };
  const href = (extra: Record<string, string | undefined>) => `/admin/search?${filterQuery({ ...base, ...extra }).toString()}`;
  const common = {
    emptyTitle: 'Nobody and nothing matches',
    emptyText: 'Names match from their start; emails, licence numbers and Worksite IDs must be complete.',
    firstHref: input.after ? href({}) : null,
    nextHref: result?.nextCursor ? href({ after: result.nextCursor }) : null,
    exportHref: `/api/admin/export?${filterQuery({ list: 'search', ...base }).toString()}`,
  };

  return (
    <>
      <PageHeader
        title="Search"
        lead="Find people by name, email or licence number, and worksites by name, Worksite ID or email."
      />
      <FilterBar action="/admin/search" title="Search for" submitLabel="Search" errors={errors}>
        <Select name="kind" label="Look for" options={KIND_OPTIONS} defaultValue={raw.kind ?? input.kind} error={errors.kind} />
        <TextField
          name="q"
          label="Name, email, licence number or Worksite ID"
          hint="The start of a name (“Jane Sm”, “Harbour”), or a whole email, licence number or Worksite ID."
          type="search"
          defaultValue={raw.q ?? ''}
          error={errors.q}
        />
      </FilterBar>
      {result?.kind === 'people' && (
        <ListView caption="People found" columns={personColumns} rows={result.rows} rowKey={(p) => p.id} {...common} />
      )}
      {result?.kind === 'worksites' && (
        <ListView caption="Worksites found" columns={worksiteColumns} rows={result.rows} rowKey={(w) => w.id} {...common} />
      )}
    </>
  );
}
