import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { ButtonLink, Card, Notice, PageHeader, StatusBadge, Table } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { worksitePage, type WorksitePage } from '@/server/worksites/queries';
import { DeclarationNotice } from '../../agreement/declaration-notice';

export const metadata: Metadata = { title: 'Worksite' };

type Params = { params: Promise<{ id: string }> };

const REASON_TITLE: Partial<Record<WorksitePage['status'], string>> = {
  CHANGES_REQUESTED: 'The enrolment team asked for changes',
  DECLINED: 'The enrolment team declined the registration',
  SUSPENDED: 'The worksite is suspended',
};

function Links({ w }: { w: WorksitePage }) {
  const links: ReactNode[] = [];
  const may = (a: WorksitePage['actions'][number]) => w.actions.includes(a);
  if (may('EDIT_AND_RESUBMIT')) {
    links.push(
      <ButtonLink key="edit" href={`/worksites/${w.id}/edit`}>
        Edit and resubmit the registration
      </ButtonLink>,
    );
  }
  if (may('COMPLETE_DECLARATION')) {
    links.push(
      w.status === 'ACTIVE' ? (
        <ButtonLink key="decl" variant="secondary" href={`/worksites/${w.id}/declaration`}>
          Privacy &amp; Security Declaration
        </ButtonLink>
      ) : (
        <ButtonLink key="decl" href={`/worksites/${w.id}/declaration`}>
          Complete the Privacy &amp; Security Declaration
        </ButtonLink>
      ),
    );
  }
  if (may('FIND_SPONSOR')) {
    links.push(
      <ButtonLink key="sponsor" href={`/worksites/${w.id}/sponsor`}>
        Your authorizer (sponsor)
      </ButtonLink>,
    );
  }
  if (may('REMOTE_ACCESS')) {
    links.push(
      <ButtonLink key="remote" variant="secondary" href={`/worksites/${w.id}/remote-access`}>
        Remote access
      </ButtonLink>,
    );
  }
  if (may('PHARMANET')) {
    links.push(
      <ButtonLink key="pharmanet" variant="secondary" href={`/worksites/${w.id}/pharmanet`}>
        PharmaNet
      </ButtonLink>,
    );
  }
  if (may('VIEW_MEMBERS')) {
    links.push(
      <ButtonLink key="members" variant="secondary" href={`/worksites/${w.id}/members`}>
        Members and invitations
      </ButtonLink>,
    );
  }
  if (may('EDIT_DETAILS') || may('REQUEST_CLOSURE')) {
    links.push(
      <ButtonLink key="settings" variant="secondary" href={`/worksites/${w.id}/settings`}>
        Worksite settings
      </ButtonLink>,
    );
  }
  return links.length ? <div className="mb-8 flex flex-wrap gap-3">{links}</div> : null;
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-semibold">{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

export default async function WorksitePageView({ params }: Params) {
  const me = await requireViewerPage();
  const { id } = await params;
  const w = await worksitePage(me, id);
  if (!w) notFound();
  const reasonTitle = REASON_TITLE[w.status];

  return (
    <>
      <PageHeader
        caption="Worksite"
        title={w.operatingName}
        lead={<StatusBadge status={w.status} label={w.statusLabel} />}
      />

      <Card className="mb-6">
        <p className="text-lg">Worksite ID</p>
        <p className="font-mono text-4xl font-bold tracking-widest" data-testid="worksite-id">
          {w.worksiteCode}
        </p>
        <p className="mt-2 text-muted">
          Give this ID to colleagues who want to join, and quote it when you contact the enrolment
          team.
        </p>
      </Card>

      <h2 className="mb-2 text-2xl font-bold">What happens next</h2>
      <p className="mb-6 max-w-prose" data-testid="next-step">
        {w.nextStep}
      </p>

      {w.status === 'ACTIVE' && <DeclarationNotice viewer={me} worksiteId={w.id} />}
      {w.reason && reasonTitle && (
        <Notice tone={w.status === 'CHANGES_REQUESTED' ? 'warning' : 'danger'} title={reasonTitle}>
          <p className="whitespace-pre-line" data-testid="status-reason">
            {w.reason.text}
          </p>
          <p className="mt-2 text-muted">{pacificDateTime(w.reason.at)} (Pacific time)</p>
        </Notice>
      )}
      {w.closureRequestedAt && (w.status === 'ACTIVE' || w.status === 'SUSPENDED') && (
        <Notice tone="info" title="Closure requested">
          A site administrator asked the enrolment team to close this worksite on{' '}
          {pacificDateTime(w.closureRequestedAt)} (Pacific time).
        </Notice>
      )}
      {!w.needsDeclaration && (
        <Notice tone="info" title="BC Services Card registration only">
          This worksite is registered as &ldquo;No Clinical Apps&rdquo;. It never gives access to
          the CareConnect eHealth Viewer and needs no Privacy &amp; Security Declaration.
        </Notice>
      )}

      <Links w={w} />

      <h2 className="mb-2 text-2xl font-bold">Details</h2>
      <dl className="mb-8 grid gap-x-6 gap-y-2 rounded border border-line p-4 sm:grid-cols-[max-content_1fr]">
        <Detail term="Legal name">{w.legalName}</Detail>
        <Detail term="Operating name">{w.operatingName}</Detail>
        <Detail term="Type of location">{w.locationTypeLabel}</Detail>
        <Detail term="Role context">{w.roleContextLabel}</Detail>
        <Detail term="Address">
          {w.street}, {w.city}, {w.province} {w.postalCode}
        </Detail>
        <Detail term="Phone">{w.phone}</Detail>
        <Detail term="Worksite email">{w.email}</Detail>
        <Detail term="EMR vendor">{w.emrVendor ?? 'None given'}</Detail>
        <Detail term="Your role">{w.myRole}</Detail>
        <Detail term="Active members">{w.memberCount}</Detail>
      </dl>

      {w.expectedUsers && (
        <>
          <h2 className="mb-2 text-2xl font-bold">People listed at registration</h2>
          <p className="mb-4 max-w-prose text-muted">
            When the worksite becomes active, each of them who is not a member yet receives an
            invitation.
          </p>
          <Table
            caption="People listed at registration"
            captionHidden
            columns={[
              { key: 'name', header: 'Name', rowHeader: true, cell: (u) => u.name },
              { key: 'email', header: 'Email', cell: (u) => u.email },
              {
                key: 'profession',
                header: 'Profession',
                cell: (u) => u.professionLabel ?? 'Not given',
              },
              {
                key: 'invited',
                header: 'Invitation',
                cell: (u) => (u.invited ? 'Sent' : 'Not sent yet'),
              },
            ]}
            rows={w.expectedUsers}
            rowKey={(u) => u.id}
            emptyText="Nobody was listed."
          />
        </>
      )}
    </>
  );
}
