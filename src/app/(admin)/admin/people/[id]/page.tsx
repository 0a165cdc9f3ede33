import type { Metadata } from 'next';
import { LiveStatus } from '@/components/admin/decision-outcome';
import { Facts } from '@/components/admin/facts';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { RecordHistory, SubmittedSnapshot, TableCard } from '@/components/admin/record-history';
import { Card, Notice, PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { pacificMinute } from '@/server/decisions';
import { personForTeam, type TeamPersonView } from '@/server/people/team-queries';
import { requestContext } from '@/server/request-context';
import { PersonStatusPanel } from './status-panel';
import { ViewerAccountPanel } from './viewer-account-panel';

export const metadata: Metadata = { title: 'Person — enrolment team' };

type V = TeamPersonView;

const plain = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

const membershipColumns: TableColumn<V['memberships'][number]>[] = [
  { key: 'w', header: 'Worksite', rowHeader: true, cell: (m) => <Link href={`/admin/worksites/${m.worksiteId}`}>{m.worksiteName}</Link> },
  { key: 'code', header: 'Worksite ID', cell: (m) => <span className="font-mono">{m.worksiteCode}</span> },
  {
    key: 's',
    header: 'Status',
    cell: (m) => (
      <>
        <StatusBadge status={m.status} label={m.statusLabel} />
        {m.effectiveLabel && <span className="block text-sm">Counts as: {m.effectiveLabel}</span>}
      </>
    ),
  },
  { key: 'k', header: 'Kind', cell: (m) => `${m.kind}${m.siteAdmin ? ', site administrator' : ''}${m.locum ? ', locum' : ''}` },
];

const sponsorshipColumns: TableColumn<V['sponsorships'][number]>[] = [
  { key: 'r', header: 'Relation', rowHeader: true, cell: (s) => `${s.role} ${s.otherName}` },
  { key: 'o', header: 'Other person', cell: (s) => <Link href={`/admin/people/${s.otherId}`}>{s.otherName}</Link> },
  { key: 'w', header: 'Worksite', cell: (s) => <Link href={`/admin/worksites/${s.worksiteId}`}>{s.worksite}</Link> },
  { key: 's', header: 'Status', cell: (s) => <StatusBadge status={s.status} label={s.statusLabel} /> },
  { key: 'd', header: 'Since', cell: (s) => pacificMinute(s.since) },
];

function EnrolmentCard({ v }: { v: V }) {
  const e = v.enrolment;
  return (
    <Card title="Enrolment">
      {!e ? (
        <p>No enrolment started.</p>
      ) : (
        <>
          <Facts
            rows={[
              ['Status', <StatusBadge key="s" status={e.status} label={e.statusLabel} />],
              ['Profession', e.profession],
              ['Licence', e.licence ? <span className="font-mono">{e.licence}</span> : null],
              ...(e.jobTitle ? ([['Job title', e.jobTitle]] as [string, ReactNode][]) : []),
              ...(e.residency ? ([['Residency', e.residency]] as [string, ReactNode][]) : []),
              ['Submitted', e.submittedAt ? pacificMinute(e.submittedAt) : 'Not yet'],
            ]}
          />
          <p className="mt-4">
            <Link href={`/admin/enrolments/${e.id}`}>Open the enrolment to review or decide</Link>
          </p>
        </>
      )}
      {v.snapshots.map((s) => (
        <SubmittedSnapshot
          key={s.id}
          className="mt-4"
          summary={`Enrolment form as submitted ${pacificMinute(s.at)}`}
          rows={Object.entries((s.data ?? {}) as Record<string, unknown>).map(([k, val]) => [k, plain(val)] as [string, ReactNode])}
          sha256={s.sha256}
        />
      ))}
    </Card>
  );
}

export default async function TeamPersonPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ timeline?: string }> }) {
  const older = (await searchParams).timeline === 'all';
  const me = await requireViewerPage();
  // The layout tells a non-staff visitor this area is not for them; nothing is read or audited.
  if (!can(me, 'team.person.read')) return null;
  const { id } = await params;
  const v = await personForTeam(me, id, { ...(await requestContext()), olderTimeline: older });
  if (!v) notFound();

  return (
    <>
      <PageHeader
        caption="Person"
        title={v.legalName}
        lead={
          <span className="flex flex-wrap items-center gap-3">
            <LiveStatus id={v.id} status={v.status} label={v.statusLabel} />
            {v.preferredName && <span>Goes by {v.preferredName}</span>}
          </span>
        }
      />
      {v.own && (
        <Notice tone="warning" title="This is your own record" role="none">
          Another member of the team must decide on it.
        </Notice>
      )}

      <Card title="Identity and contact">
        <Facts
          rows={[
            ['Legal name (from the BC Services Card)', v.legalName],
            ['Preferred name', v.preferredName ?? 'None'],
            ['Birthdate', v.birthdate],
            ['Sign-in email', v.signInEmail],
            ['Contact email', v.contactEmail],
            ['Phone', v.contactPhone],
            ['Identity assurance level', String(v.assuranceLevel)],
            ['Last sign-in', v.lastSignInAt ? pacificMinute(v.lastSignInAt) : 'Never'],
            ['Card linked', pacificMinute(v.linkedAt)],
            ['Staff roles', v.staffRoles.length ? v.staffRoles.join(', ') : 'None'],
          ]}
        />
      </Card>

      {(v.may.suspend || v.may.reinstate) && (
        <Card title={v.may.suspend ? 'Suspend this person' : 'Reinstate this person'}>
          <PersonStatusPanel personId={v.id} decision={v.may.suspend ? 'suspend' : 'reinstate'} />
        </Card>
      )}

      <EnrolmentCard v={v} />

      <ViewerAccountPanel me={me} personId={v.id} />

      <Card title="Privacy course and access agreement">
        <Facts
          rows={[
            ['Privacy course', v.courses[0] ? `Completed ${pacificMinute(v.courses[0].completedAt)} (${v.courses[0].source.toLowerCase()})${v.courses[0].reason ? `: ${v.courses[0].reason}` : ''}` : 'Not completed'],
            ['HPCAA', v.hpcaa.label],
            ['HPCAA accepted', v.hpcaa.accepted ? `Version ${v.hpcaa.accepted.versionNumber} on ${pacificMinute(v.hpcaa.accepted.acceptedAt)} (current version ${v.hpcaa.currentVersion})` : 'Never'],
          ]}
        />
      </Card>

      <TableCard title="Worksite memberships" caption="Memberships" rows={v.memberships} rowKey={(m) => m.id} emptyText="No memberships." columns={membershipColumns} />

      <TableCard title="Sponsorships" caption="Sponsorships" rows={v.sponsorships} rowKey={(s) => s.id} emptyText="No sponsorships." columns={sponsorshipColumns} />

      <Card title="Profession change requests">
        <Table
          caption="Profession change requests"
          captionHidden
          rows={v.professionChanges}
          rowKey={(r) => r.id}
          emptyText="None."
          columns={[
            { key: 'c', header: 'Change', rowHeader: true, cell: (r) => `${r.from} → ${r.to}` },
            { key: 'at', header: 'Requested', cell: (r) => pacificMinute(r.requestedAt) },
            { key: 's', header: 'Status', cell: (r) => <StatusBadge status={r.status} /> },
            { key: 'why', header: 'Reason', cell: (r) => r.decisionReason ?? r.reason },
          ]}
        />
        {v.enrolment && v.professionChanges.some((r) => r.status === 'REQUESTED') && (
          <p className="mt-3">
            <Link href={`/admin/enrolments/${v.enrolment.id}#profession-changes`}>Decide on the request from the enrolment page</Link>
          </p>
        )}
      </Card>

      <RecordHistory targetType="PERSON" targetId={v.id} may={v.may} entries={v.timeline} showingAll={older} />
    </>
  );
}
