import type { Metadata } from 'next';
import { LiveStatus } from '@/components/admin/decision-outcome';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AssignmentControl } from '@/components/admin/assignment-control';
import { Facts } from '@/components/admin/facts';
import { RecordHistory, TableCard } from '@/components/admin/record-history';
import { Card, Notice, PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { requestContext } from '@/server/request-context';
import { worksiteForTeam, type TeamWorksiteView } from '@/server/worksites/team-queries';
import { pacificMediumDateTime } from '@/lib/pacific';
import { ageToneClass } from '@/components/ui/status-badge';
import { DecisionPanel } from './decision-panel';

export const metadata: Metadata = { title: 'Worksite — enrolment team' };

type View = TeamWorksiteView;

// What the state means for the team (the clinic-facing wording lives in the worksite rules).
const TEAM_HINT: Record<View['status'], string> = {
  INTAKE_SUBMITTED: 'Review the registration below, then accept it, request changes or decline it.',
  DECLARATION_SUBMITTED:
    'Review the declaration answers and the antivirus screenshot, then approve, request changes or decline.',
  AWAITING_DECLARATION:
    'Waiting for a site administrator to submit the Privacy & Security Declaration.',
  CHANGES_REQUESTED: 'Waiting for the clinic to make the requested changes and submit again.',
  ACTIVE: 'The worksite is active. It can be suspended or closed.',
  SUSPENDED: 'The worksite is suspended. It can be reinstated or closed.',
  DECLINED: 'The registration was declined. This is final.',
  CLOSED: 'The worksite is closed and every membership has ended. This is final.',
};

function IntakeSection({ w }: { w: View }) {
  return (
    <Card title="Registration">
      <Facts
        rows={[
          ['Legal name', w.legalName],
          ['Operating name', w.operatingName],
          ['Location type', w.locationTypeLabel],
          ['Role context', w.roleContextLabel],
          [
            'Address',
            `${w.address.street}\n${w.address.city}, ${w.address.province} ${w.address.postalCode}`,
          ],
          ['Phone', w.phone],
          ['Worksite email', w.email],
          ['EMR vendor', w.emrVendor ?? 'Not given'],
          ['Registered', `${pacificMediumDateTime(w.registeredAt)} by ${w.registeredBy}`],
        ]}
      />
      <div className="mt-6">
        <Table
          caption="Expected users"
          rows={w.expectedUsers}
          rowKey={(u) => u.id}
          emptyText="No expected users were listed."
          columns={[
            { key: 'name', header: 'Name', rowHeader: true, cell: (u) => u.name },
            { key: 'email', header: 'Email', cell: (u) => u.email },
            {
              key: 'profession',
              header: 'Profession',
              cell: (u) => u.profession ?? 'Not known yet',
            },
            {
              key: 'state',
              header: 'Invitation',
              cell: (u) =>
                u.isMember
                  ? 'Already a member'
                  : u.invitedAt
                    ? `Invited ${pacificMediumDateTime(u.invitedAt)}`
                    : 'Not invited yet',
            },
          ]}
        />
      </div>
      {w.intakeSnapshot && (
        <details className="mt-6">
          <summary className="cursor-pointer font-semibold text-link">
            Registration as submitted on {pacificMediumDateTime(w.intakeSnapshot.submittedAt)}
          </summary>
          <div className="mt-3">
            <Facts rows={w.intakeSnapshot.fields.map((f) => [f.label, f.value])} />
            <p className="mt-3 text-sm text-muted">
              Fingerprint (SHA-256):{' '}
              <span className="font-mono break-all">{w.intakeSnapshot.sha256}</span>
            </p>
          </div>
        </details>
      )}
    </Card>
  );
}

function DeclarationSection({ w }: { w: View }) {
  const d = w.declaration;
  if (!d) {
    return (
      <Card title="Privacy & Security Declaration">
        <p>No declaration has been submitted yet.</p>
      </Card>
    );
  }
  return (
    <Card title="Privacy & Security Declaration">
      {d.hasFlaggedAnswers && (
        <Notice tone="warning" title="Some safeguards were answered “No”" headingLevel={3}>
          The rows marked “No — flagged” below carry the worksite’s explanation. Read them before
          approving.
        </Notice>
      )}
      <Facts
        rows={[
          ['Declaration version', `Version ${d.version}`],
          ['Submitted', pacificMediumDateTime(d.submittedAt)],
          ['Signed by', `${d.signerName}, ${d.signerTitle}`],
          ['Typed signature', d.typedSignature],
          ['Signed on', d.signedOn],
          [
            'Antivirus screenshot',
            <a key="av" href={d.antivirusUrl} download>
              Download the antivirus screenshot
            </a>,
          ],
        ]}
      />
      <figure className="mt-6">
        {/* Served by the file route (same checks and audit as the download), not by next/image:
            it must never be cached or resized by a shared optimizer. */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img
          src={`${d.antivirusUrl}?inline=1`}
          alt={`The worksite's antivirus screenshot, submitted with the declaration signed by ${d.signerName} on ${d.signedOn}`}
          loading="lazy"
          className="h-auto max-h-[36rem] w-auto max-w-full border border-line-soft"
        />
        <figcaption className="mt-2 text-muted">
          Antivirus screenshot as stored (re-encoded, without its metadata). Check that it shows
          active antivirus protection.
        </figcaption>
      </figure>
      <div className="mt-6 overflow-x-auto">
        <table className="w-full border-collapse text-left">
          <caption className="mb-2 text-left text-lg font-bold caption-top">
            Safeguard answers
          </caption>
          <thead>
            <tr className="border-b-2 border-ink">
              <th scope="col" className="px-3 py-2">
                Safeguard
              </th>
              <th scope="col" className="px-3 py-2">
                Answer
              </th>
              <th scope="col" className="px-3 py-2">
                Explanation
              </th>
            </tr>
          </thead>
          <tbody>
            {d.answers.map((a) => {
              const flagged = a.answer === 'no';
              return (
                <tr
                  key={a.key}
                  className={
                    flagged ? 'border-b border-danger bg-danger-bg' : 'border-b border-line-soft'
                  }
                >
                  <th scope="row" className="px-3 py-3 align-top font-normal">
                    {a.text}
                  </th>
                  <td className="px-3 py-3 align-top font-semibold whitespace-nowrap">
                    {flagged ? <span className="text-danger-ink">No — flagged</span> : 'Yes'}
                  </td>
                  <td className="px-3 py-3 align-top">
                    {a.explanation ?? (flagged ? 'No explanation given' : '—')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

const memberColumns: TableColumn<View['members'][number]>[] = [
  {
    key: 'name',
    header: 'Name',
    rowHeader: true,
    cell: (m) => <Link href={`/admin/people/${m.personId}`}>{m.name}</Link>,
  },
  { key: 'email', header: 'Email', cell: (m) => m.email ?? '—' },
  {
    key: 'role',
    header: 'Role',
    cell: (m) => `${m.role}${m.isLocum ? ' (locum)' : ''} · ${m.kind}`,
  },
  { key: 'status', header: 'Status', cell: (m) => <StatusBadge status={m.status} /> },
];

const declarationColumns: TableColumn<View['declarationHistory'][number]>[] = [
  { key: 'at', header: 'Submitted', rowHeader: true, cell: (d) => pacificMediumDateTime(d.submittedAt) },
  { key: 'v', header: 'Version', cell: (d) => `Version ${d.version}` },
  { key: 's', header: 'Signed by', cell: (d) => d.signer },
  { key: 'f', header: 'Answers', cell: (d) => (d.flagged ? 'Some “No” answers' : 'All “Yes”') },
  {
    key: 'av',
    header: 'Antivirus screenshot',
    cell: (d) => (
      <a href={d.antivirusUrl} download>
        Download<span className="sr-only"> the screenshot submitted {pacificMediumDateTime(d.submittedAt)}</span>
      </a>
    ),
  },
];

const sponsorshipColumns: TableColumn<View['sponsorships'][number]>[] = [
  { key: 'obo', header: 'On behalf of', rowHeader: true, cell: (s) => <Link href={`/admin/people/${s.oboId}`}>{s.oboName}</Link> },
  { key: 'sponsor', header: 'Authorizer', cell: (s) => <Link href={`/admin/people/${s.sponsorId}`}>{s.sponsorName}</Link> },
  { key: 'status', header: 'Status', cell: (s) => <StatusBadge status={s.status} label={s.statusLabel} /> },
  { key: 'since', header: 'Since', cell: (s) => pacificMediumDateTime(s.since) },
];

function MembersSection({ w }: { w: View }) {
  return (
    <TableCard title="Members" caption="Members of this worksite" rows={w.members} rowKey={(m) => m.id} emptyText="Nobody belongs to this worksite." columns={memberColumns} />
  );
}

function DeclarationHistory({ w }: { w: View }) {
  if (w.declarationHistory.length < 2) return null;
  return (
    <TableCard title="Every declaration submitted" caption="Every declaration submitted, newest first" rows={w.declarationHistory} rowKey={(d) => d.id} columns={declarationColumns} />
  );
}

function SponsorshipsSection({ w }: { w: View }) {
  return (
    <TableCard title="Sponsorships" caption="On-behalf-of sponsorships at this worksite" rows={w.sponsorships} rowKey={(s) => s.id} emptyText="No sponsorships at this worksite." columns={sponsorshipColumns} />
  );
}

export default async function TeamWorksitePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ timeline?: string }> }) {
  const older = (await searchParams).timeline === 'all';
  const { id } = await params;
  const me = await requireViewerPage();
  if (!can(me, 'team.worksite.read')) return null; // the area's layout explains; nothing is read
  const w = await worksiteForTeam(me, id, { ...(await requestContext()), olderTimeline: older });
  if (!w) notFound();
  const inReview = w.status === 'INTAKE_SUBMITTED' || w.status === 'DECLARATION_SUBMITTED';

  return (
    <>
      <p className="mb-4">
        <Link href="/admin/worksites">← Back to the worksite queue</Link>
      </p>
      <PageHeader
        caption={`Worksite ID ${w.worksiteCode}`}
        title={w.operatingName}
        lead={
          <>
            <LiveStatus id={w.id} status={w.status} label={w.statusLabel} />{' '}
            <span>since {pacificMediumDateTime(w.statusChangedAt)}</span>
            {inReview && (
              <>
                {' — waiting '}
                <span className={ageToneClass[w.ageTone]}>{w.ageText}</span>
              </>
            )}
          </>
        }
      />
      {w.closureRequest && w.status !== 'CLOSED' && (
        <Notice tone="warning" title="A site administrator asked to close this worksite">
          <p>
            {w.closureRequest.byName} asked on {pacificMediumDateTime(w.closureRequest.requestedAt)}.
            {w.closureRequest.reason && <> Their reason: “{w.closureRequest.reason}”</>}
          </p>
        </Notice>
      )}
      <Card title="Assignment">
        <AssignmentControl kind="WORKSITE" id={w.id} assignee={w.assignee} meId={me.id} mayAssign={w.may.assign} />
      </Card>
      <Card title="Decision">
        <p className="mb-4">{TEAM_HINT[w.status]}</p>
        {w.viewerIsMember ? (
          <Notice tone="info" title="You belong to this worksite" headingLevel={3}>
            You cannot decide on a worksite you belong to. Ask another member of the enrolment team.
          </Notice>
        ) : (
          <DecisionPanel worksiteId={w.id} status={w.status} decisions={w.decisions} />
        )}
      </Card>
      <IntakeSection w={w} />
      <DeclarationSection w={w} />
      <DeclarationHistory w={w} />
      <MembersSection w={w} />
      <SponsorshipsSection w={w} />
      <RecordHistory targetType="WORKSITE" targetId={w.id} may={w.may} entries={w.mergedTimeline} showingAll={older} />
    </>
  );
}
