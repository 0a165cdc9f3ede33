import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card, EmptyState, Notice, StatusBadge, Table } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import {
  membersPage,
  type InvitationRow,
  type JoinRequestRow,
  type MemberRow,
} from '@/server/memberships/queries';
import { waitingForSponsorAt } from '@/server/sponsorships/wait-queries';
import { clock } from '@/lib/clock';
import { InviteForm } from './invite-form';
import { LocumForm } from './locum-form';
import { locumLabel } from './locum-label';
import { InvitationRowActions, MemberRowActions } from './row-actions';
import { TransferForm } from './transfer-form';
import { WorksiteHeader } from '../worksite-header';

export const metadata: Metadata = { title: 'Members and invitations' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ transferred?: string }> };

function Role({ m, now }: { m: MemberRow; now: Date }) {
  const parts = [m.isSiteAdmin ? 'Site administrator' : 'Member', m.kindLabel];
  const locum = locumLabel(m, now);
  if (locum) parts.push(locum);
  return <>{parts.join(' · ')}</>;
}

// Only independent users can be locums; ended memberships are history.
const mayMarkLocum = (m: MemberRow) =>
  m.kind === 'INDEPENDENT' && !m.isSelf && m.status !== 'ENDED' && m.status !== 'DECLINED';

export default async function MembersPage({ params, searchParams }: Props) {
  const me = await requireViewerPage();
  const { id } = await params;
  const page = await membersPage(me, id);
  if (!page) notFound();
  const waiting = await waitingForSponsorAt(me, id);
  const { worksite: w, can } = page;
  const admin = page.viewerIsSiteAdmin;
  const now = clock.now();
  // Members and people asking to join are answered through the same row of buttons.
  const rowActions = (r: MemberRow | JoinRequestRow) => (
    <MemberRowActions
      worksiteId={w.id}
      membershipId={r.membershipId}
      name={r.name}
      actions={r.actions}
    />
  );

  const memberColumns = [
    {
      key: 'name',
      header: 'Name',
      rowHeader: true,
      cell: (m: MemberRow) => (
        <>
          {m.name}
          {m.isSelf && <span className="font-normal text-muted"> (you)</span>}
        </>
      ),
    },
    { key: 'role', header: 'Role', cell: (m: MemberRow) => <Role m={m} now={now} /> },
    {
      key: 'status',
      header: 'Status',
      cell: (m: MemberRow) => <StatusBadge status={m.status} label={m.statusLabel} />,
    },
    ...(admin
      ? [
          {
            key: 'actions',
            header: 'Actions',
            cell: (m: MemberRow) => (
              <>
                {rowActions(m)}
                {can.manageMembers && mayMarkLocum(m) && (
                  <LocumForm
                    worksiteId={w.id}
                    membershipId={m.membershipId}
                    name={m.name}
                    isLocum={m.isLocum}
                    locumEndDate={m.locumEndDate}
                  />
                )}
              </>
            ),
          },
        ]
      : []),
  ];
  const requestColumns = [
    { key: 'name', header: 'Name', rowHeader: true, cell: (r: JoinRequestRow) => r.name },
    { key: 'when', header: 'Asked on', cell: (r: JoinRequestRow) => pacificDateTime(r.requestedAt) },
    { key: 'actions', header: 'Actions', cell: rowActions },
  ];
  const invitationColumns = [
    { key: 'email', header: 'Email', rowHeader: true, cell: (i: InvitationRow) => i.email },
    {
      key: 'status',
      header: 'Status',
      cell: (i: InvitationRow) => (
        <StatusBadge
          status={i.state}
          label={i.stateLabel}
          tone={i.state === 'EXPIRED' ? 'warning' : undefined}
        />
      ),
    },
    {
      key: 'sent',
      header: 'Times sent',
      align: 'end' as const,
      cell: (i: InvitationRow) => i.sentCount,
    },
    {
      key: 'expires',
      header: 'Link expires',
      cell: (i: InvitationRow) =>
        i.state === 'PENDING' || i.state === 'EXPIRED' ? pacificDateTime(i.expiresAt) : '—',
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (i: InvitationRow) => (
        <InvitationRowActions
          worksiteId={w.id}
          invitationId={i.id}
          email={i.email}
          actions={i.actions}
        />
      ),
    },
  ];

  return (
    <>
      <WorksiteHeader worksite={w} title="Members and invitations" />

      {(await searchParams).transferred === '1' && (
        <Notice tone="success" title="You transferred the site administrator role">
          You are still a member of {w.operatingName}, without the site administrator role.
        </Notice>
      )}
      {!admin && (
        <Notice tone="info" title="Only site administrators can change memberships">
          Ask a site administrator of this worksite if something here needs to change.
        </Notice>
      )}
      {waiting.length > 0 && (
        <Notice tone="info" title="Waiting for a sponsor">
          <ul className="list-disc pl-5" data-testid="waiting-for-sponsor">
            {waiting.map((m) => (
              <li key={m.membershipId}>
                {m.name}: {m.reasonText}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {admin && page.activeSiteAdmins === 1 && (
        <Notice tone="info" title="You are the only site administrator">
          A worksite always needs one. Before you step down or leave, make another member a site
          administrator, or use &ldquo;Transfer the site administrator role&rdquo; below.
        </Notice>
      )}

      {admin && can.decideJoinRequests && page.joinRequests.length > 0 && (
        <section aria-labelledby="join-requests" className="mb-10">
          <h2 id="join-requests" className="mb-2 text-2xl font-bold">
            Requests to join
          </h2>
          <p className="mb-4 max-w-prose">
            Confirm only people who work at this worksite. After you confirm, the enrolment team
            sets up their access.
          </p>
          <Table
            caption="People asking to join this worksite"
            captionHidden
            columns={requestColumns}
            rows={page.joinRequests}
            rowKey={(r) => r.membershipId}
          />
        </section>
      )}

      <section aria-labelledby="members" className="mb-10">
        <h2 id="members" className="mb-4 text-2xl font-bold">
          Members
        </h2>
        <Table
          caption={`Members of ${w.operatingName}`}
          captionHidden
          columns={memberColumns}
          rows={page.members}
          rowKey={(m) => m.membershipId}
          emptyText="No members yet."
        />
      </section>

      {admin && can.manageAdmins && (
        <section aria-labelledby="transfer" className="mb-10">
          <h2 id="transfer" className="mb-2 text-2xl font-bold">
            Transfer the site administrator role
          </h2>
          <p className="mb-4 max-w-prose">
            Make another active member a site administrator and step down yourself, in one step.
          </p>
          {page.transferCandidates.length ? (
            <TransferForm
              worksiteId={w.id}
              worksiteName={w.operatingName}
              candidates={page.transferCandidates}
            />
          ) : (
            <p className="text-muted">
              No active member can take over yet. Invite a colleague first; once their access is set
              up, they can.
            </p>
          )}
        </section>
      )}

      {admin && (
        <section aria-labelledby="invitations" className="mb-10">
          <h2 id="invitations" className="mb-2 text-2xl font-bold">
            Invitations
          </h2>
          {can.invite ? (
            <Card title="Invite someone by email" headingLevel={3}>
              <InviteForm worksiteId={w.id} />
            </Card>
          ) : (
            <p className="mb-4 text-muted">Invitations can be sent once the worksite is active.</p>
          )}
          {page.invitations.length ? (
            <Table
              caption="Invitations sent"
              columns={invitationColumns}
              rows={page.invitations}
              rowKey={(i) => i.id}
            />
          ) : (
            <EmptyState
              title="No invitations yet"
              headingLevel={3}
              text="Invitations you send appear here, with their status."
            />
          )}
        </section>
      )}
    </>
  );
}
