import type { Metadata } from 'next';
import { PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import {
  agreementsOverview,
  nextVersionNumbers,
  type VersionRow,
} from '@/server/agreements/team-queries';
import { clock } from '@/lib/clock';
import {
  lastDayToAccept,
  longCalendarDate,
  pacificDateOf,
  pacificLongDate,
} from '@/server/agreements/rules';
import { can, requireViewerPage } from '@/server/authz';
import { PublishVersionForm } from './publish-form';

export const metadata: Metadata = { title: 'Agreement versions' };

const PHASE = {
  future: { status: 'PENDING', label: 'Not in effect yet' },
  'in-effect': { status: 'ACTIVE', label: 'In effect' },
  earlier: { status: 'ENDED', label: 'Replaced' },
} as const;

const columns = (who: string): TableColumn<VersionRow>[] => [
  { key: 'version', header: 'Version', rowHeader: true, cell: (r) => `Version ${r.version}` },
  { key: 'title', header: 'Title', cell: (r) => r.title },
  {
    key: 'effective',
    header: 'Takes effect',
    cell: (r) => (
      <>
        {pacificLongDate(r.effectiveAt)}{' '}
        <StatusBadge status={PHASE[r.phase].status} label={PHASE[r.phase].label} />
      </>
    ),
  },
  {
    key: 'reaccept',
    header: 'Earlier acceptances',
    cell: (r) =>
      r.version === 1
        ? '—'
        : r.reacceptRequired
          ? `Must accept again by ${longCalendarDate(lastDayToAccept(r.acceptBy))} (${r.graceDays} day${r.graceDays === 1 ? '' : 's'} of grace)`
          : 'Still count',
  },
  {
    key: 'accepted',
    header: 'Accepted',
    cell: (r) => (
      <span data-testid={`accepted-v${r.version}`}>
        {r.accepted} of {r.must} {who}
      </span>
    ),
  },
  {
    key: 'published',
    header: 'Published',
    cell: (r) =>
      `${pacificLongDate(r.publishedAt)}${r.publishedByName ? ` by ${r.publishedByName}` : ' (shipped with the portal)'}`,
  },
];

export default async function AgreementsPage() {
  const me = await requireViewerPage();
  if (!can(me, 'team.area')) return null; // the area's layout explains; nothing is read
  const [overview, next] = await Promise.all([agreementsOverview(me), nextVersionNumbers(me)]);
  if (!overview || !next) return null;
  return (
    <>
      <PageHeader
        title="Agreement versions"
        lead="The access agreement (HPCAA) that each health professional accepts, and the Privacy & Security Declaration that each worksite signs. A published version never changes; a new wording is a new version."
      />
      <section aria-labelledby="hpcaa-versions" className="mb-10">
        <h2 id="hpcaa-versions" className="mb-3 text-2xl font-bold">
          Access agreement (HPCAA)
        </h2>
        <p className="mb-3 max-w-prose">
          “Accepted” counts people who accepted this version or a later one, out of everyone who has
          accepted any version.
        </p>
        <Table
          caption="HPCAA versions"
          captionHidden
          columns={columns('people')}
          rows={overview.hpcaa}
          rowKey={(r) => r.id}
          emptyText="No version is published yet."
        />
      </section>
      <section aria-labelledby="declaration-versions" className="mb-10">
        <h2 id="declaration-versions" className="mb-3 text-2xl font-bold">
          Privacy & Security Declaration
        </h2>
        <p className="mb-3 max-w-prose">
          “Accepted” counts active worksites whose latest declaration is this version or a later
          one. A worksite stays active while it re-signs.
        </p>
        <Table
          caption="Declaration versions"
          captionHidden
          columns={columns('active worksites')}
          rows={overview.declaration}
          rowKey={(r) => r.id}
          emptyText="No version is published yet."
        />
      </section>
      {can(me, 'agreement.publish') && (
        <PublishVersionForm nextVersion={next} today={pacificDateOf(clock.now())} />
      )}
    </>
  );
}
