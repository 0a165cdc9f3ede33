import type { Metadata } from 'next';
import type { ReactNode } from 'react';
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

/** Every version of one agreement; `who` names those counted as having accepted it. */
function Versions(p: {
  id: string;
  heading: string;
  caption: string;
  who: string;
  rows: VersionRow[];
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={p.id} className="mb-10">
      <h2 id={p.id} className="mb-3 text-2xl font-bold">
        {p.heading}
      </h2>
      <p className="mb-3 max-w-prose">{p.children}</p>
      <Table
        caption={p.caption}
        captionHidden
        columns={columns(p.who)}
        rows={p.rows}
        rowKey={(r) => r.id}
        emptyText="No version is published yet."
      />
    </section>
  );
}

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
      <Versions
        id="hpcaa-versions"
        heading="Access agreement (HPCAA)"
        caption="HPCAA versions"
        who="people"
        rows={overview.hpcaa}
      >
        “Accepted” counts people who accepted this version or a later one, out of everyone who has
        accepted any version.
      </Versions>
      <Versions
        id="declaration-versions"
        heading="Privacy & Security Declaration"
        caption="Declaration versions"
        who="active worksites"
        rows={overview.declaration}
      >
        “Accepted” counts active worksites whose latest declaration is this version or a later one.
        A worksite stays active while it re-signs.
      </Versions>
      {can(me, 'agreement.publish') && (
        <PublishVersionForm nextVersion={next} today={pacificDateOf(clock.now())} />
      )}
    </>
  );
}
