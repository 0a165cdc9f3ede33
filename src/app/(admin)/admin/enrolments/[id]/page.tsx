import type { Metadata } from 'next';
import { LiveStatus } from '@/components/admin/decision-outcome';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { AssignmentControl } from '@/components/admin/assignment-control';
import { Facts } from '@/components/admin/facts';
import { RecordHistory, SubmittedSnapshot, TableCard } from '@/components/admin/record-history';
import { Card, Notice, PageHeader, StatusBadge, type TableColumn } from '@/components/ui';
import { longCalendarDate, pacificDateOf } from '@/server/agreements/rules';
import { can, requireViewerPage } from '@/server/authz';
import { enrolmentForTeam, type TeamEnrolmentView } from '@/server/enrolments/team-queries';
import { requestContext } from '@/server/request-context';
import { pacificMediumDate, pacificMediumDateTime } from '@/lib/pacific';
import { CourseForm } from './course-form';
import { DecisionPanel } from './decision-panel';
import { ProfessionChangeForms } from './profession-change-forms';
import { clock } from '@/lib/clock';

export const metadata: Metadata = { title: 'Enrolment' };

type Membership = TeamEnrolmentView['memberships'][number];

const membershipColumns: TableColumn<Membership>[] = [
  { key: 'name', header: 'Worksite', rowHeader: true, cell: (m) => <Link href={`/admin/worksites/${m.worksiteId}`}>{m.worksiteName}</Link> },
  { key: 'code', header: 'Worksite ID', cell: (m) => <span className="font-mono">{m.worksiteCode}</span> },
  { key: 'status', header: 'Membership', cell: (m) => <StatusBadge status={m.status} /> },
  { key: 'worksite', header: 'Worksite status', cell: (m) => <StatusBadge status={m.worksiteStatus} /> },
  { key: 'admin', header: 'Site administrator', cell: (m) => (m.siteAdmin ? 'Yes' : 'No') },
];

const SOURCE: Record<string, string> = { WEBHOOK: 'learning platform', MANUAL: 'recorded by the team', DEMO: 'demo course' };

export default async function EnrolmentDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ timeline?: string }> }) {
  const older = (await searchParams).timeline === 'all';
  const me = await requireViewerPage();
  // The layout tells a non-staff visitor this area is not for them; nothing is read or audited.
  if (!can(me, 'team.enrolment.read')) return null;
  const { id } = await params;
  const v = await enrolmentForTeam(me, id, { ...(await requestContext()), olderTimeline: older });
  if (!v) notFound();

  const a = v.agreement;
  return (
    <>
      <PageHeader
        caption={<Link href="/admin/enrolments">Enrolments in review</Link>}
        title={v.person.legalName}
        lead={
          <span className="flex flex-wrap items-center gap-3">
            <LiveStatus id={v.id} status={v.status} label={v.statusLabel} />
            <span>since {pacificMediumDateTime(v.statusChangedAt)}</span>
          </span>
        }
      />

      {v.own && (
        <Notice tone="warning" title="This is your own enrolment" role="none">
          Another member of the team must decide on it.
        </Notice>
      )}

      <Card title="Assignment">
        <AssignmentControl kind="ENROLMENT" id={v.id} assignee={v.assignee} meId={me.id} mayAssign={v.may.assign} />
      </Card>

      <Card title="Decision">
        <DecisionPanel
          enrolmentId={v.id}
          status={v.status}
          decisions={v.decisions}
          emptyText={v.own ? 'You cannot decide on your own enrolment.' : 'There is no decision for you to make while the enrolment is in this state.'}
        />
      </Card>

      <Card title="Person">
        <Facts
          rows={[
            ['Legal name', <Link key="p" href={`/admin/people/${v.person.id}`}>{v.person.legalName}</Link>],
            ['Preferred name', v.person.preferredName ?? 'None'],
            ['Birthdate', v.person.birthdate],
            ['Contact email', v.person.contactEmail],
            ['Sign-in email', v.person.signInEmail],
            ['Phone', v.person.contactPhone],
          ]}
        />
      </Card>

      <Card title="Enrolment">
        <Facts
          rows={[
            ['Profession', v.profession],
            ['College', v.college],
            ['Licence number', v.licenceNumber ? <span className="font-mono">{v.licenceNumber}</span> : null],
            ...(v.jobTitle ? ([['Job title', v.jobTitle]] as [string, ReactNode][]) : []),
            ...(v.residency ? ([['Residency', `${v.residency.start ?? '—'} to ${v.residency.end ?? '—'}`]] as [string, ReactNode][]) : []),
            ['Submitted', v.submittedAt ? pacificMediumDateTime(v.submittedAt) : 'Not yet'],
            ['Decided', v.decided ? `${pacificMediumDateTime(v.decided.at)} by ${v.decided.by ?? 'someone'}` : 'Not yet'],
          ]}
        />
      </Card>

      <Card title="Privacy course">
        {v.course ? (
          <Facts
            rows={[
              ['Completed', `${pacificMediumDate(v.course.completedAt)} (${SOURCE[v.course.source] ?? v.course.source})`],
              ...(v.course.recordedBy ? ([['Recorded by', v.course.recordedBy]] as [string, ReactNode][]) : []),
              ...(v.course.reason ? ([['Reason', v.course.reason]] as [string, ReactNode][]) : []),
            ]}
          />
        ) : (
          <p className="mb-4">Not completed yet.</p>
        )}
        {v.mayRecordCourse && <CourseForm personId={v.person.id} today={pacificDateOf(clock.now())} />}
      </Card>

      <Card title="Access agreement (HPCAA)">
        <Facts
          rows={[
            ['State', a.label],
            ['Current version', String(a.currentVersion)],
            [
              'Last accepted',
              a.accepted
                ? `Version ${a.accepted.version} on ${pacificMediumDateTime(a.accepted.acceptedAt)}, typed name “${a.accepted.typedName}”; expires ${longCalendarDate(a.accepted.expiresOn)}`
                : 'Never',
            ],
          ]}
        />
      </Card>

      <Card title="Profession change requests">
        <div id="profession-changes">
          {v.professionChanges.length === 0 ? (
            <p>None.</p>
          ) : (
            <ul className="space-y-6">
              {v.professionChanges.map((r) => (
                <li key={r.id} className="rounded border border-line-soft p-4">
                  <p className="mb-2 flex flex-wrap items-center gap-3">
                    <StatusBadge status={r.status} />
                    <span>
                      {r.from} → <strong>{r.to}</strong>
                      {r.licenceNumber ? ` (${r.college} ${r.licenceNumber})` : ''}, requested {pacificMediumDateTime(r.requestedAt)}
                    </span>
                  </p>
                  <p className="mb-3">Their reason: {r.reason}</p>
                  {r.decision && (
                    <p className="mb-3">
                      Decided {pacificMediumDateTime(r.decision.at)} by {r.decision.by ?? 'someone'}
                      {r.decision.reason ? `: ${r.decision.reason}` : ''}
                    </p>
                  )}
                  {r.status === 'REQUESTED' && (
                    <div className="mb-3">
                      <AssignmentControl kind="PROFESSION_CHANGE_REQUEST" id={r.id} assignee={r.assignee} meId={me.id} mayAssign={v.may.assign} />
                    </div>
                  )}
                  {r.status === 'REQUESTED' && v.mayDecideProfessionChanges && <ProfessionChangeForms requestId={r.id} />}
                </li>
              ))}
            </ul>
          )}
        </div>
      </Card>

      <TableCard title="Worksites" caption="Memberships" columns={membershipColumns} rows={v.memberships} rowKey={(m) => m.id} emptyText="No memberships yet." />

      <Card title="Submitted forms">
        {v.snapshots.length === 0 ? (
          <p>No form submitted yet.</p>
        ) : (
          v.snapshots.map((s) => (
            <SubmittedSnapshot
              key={s.id}
              className="mb-4"
              summary={`Submitted ${pacificMediumDateTime(s.at)}`}
              rows={s.fields.map((f) => [f.label, f.value] as [string, ReactNode])}
              sha256={s.sha256}
            />
          ))
        )}
      </Card>

      <RecordHistory targetType="ENROLMENT" targetId={v.id} may={v.may} entries={v.timeline} showingAll={older} />
    </>
  );
}
