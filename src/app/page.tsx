import Link from 'next/link';
import type { ReactNode } from 'react';
import { SignInButton } from '@/components/auth/auth-buttons';
import { PendingItems } from '@/components/pending-items/pending-items';
import { Card, PageHeader, StatusBadge } from '@/components/ui';
import { CanIOpenPanel } from '@/components/access/can-i-open';
import { Checklist } from '@/components/checklist/checklist';
import { currentPerson } from '@/server/auth/session';
import { practitionerDashboard, type PractitionerDashboard } from '@/server/dashboard/queries';
import { env } from '@/server/env';
import { ViewerAccountCard } from './(portal)/viewer-account/viewer-account-card';
import { AgreementNotice } from './(portal)/agreement/agreement-notice';
import { AccessJourneys } from '@/components/help/access-journeys';
import { ViewerLink } from '@/components/help/viewer-link';

export default async function HomePage() {
  const me = await currentPerson();
  if (!me) {
    // Anonymous visitors get a page built from configuration alone: no database read, so it
    // stays up (with the viewer link) when the rest of the portal cannot reach its data.
    return (
      <>
        <PageHeader
          title={`Welcome to ${env().APP_NAME}`}
          lead="Register your clinic and enrol for access to the CareConnect eHealth Viewer, a view-only window on your patients' provincial health records."
        />
        <ViewerLink url={env().VIEWER_URL} />
        <div className="mb-8 space-y-4">
          <p>Clinic managers register worksites here. Practitioners and office staff enrol and join their worksites.</p>
          <SignInButton />
        </div>
        <AccessJourneys />
        <p>
          Questions about eligibility, your BC Services Card or how long decisions take?{' '}
          <a className="font-semibold underline" href="/help">
            Read the answers in Help
          </a>
          .
        </p>
      </>
    );
  }
  // Everything the page shows, read in one call (src/server/dashboard/queries.ts).
  const { checklist, notice, pending, memberships, access, viewerAccount } = await practitionerDashboard(me);
  return (
    <>
      <PageHeader title={`Welcome, ${me.displayName}`} lead="Your BC Services Card is linked with CareConnect." />
      <ViewerLink url={env().VIEWER_URL} />
      <AgreementNotice notice={notice} />
      <div className="mb-8">
        <Checklist checklist={checklist} />
      </div>
      <div className="mb-8">
        <CanIOpenPanel items={access} />
      </div>
      <div className="mb-8">
        <PendingItems items={pending} />
      </div>
      <MembershipList memberships={memberships} />
      <div className="grid gap-4 md:grid-cols-2">
        <LinkCard title="Your profile" href="/profile" linkText="Go to your profile">
          Check your legal name and set your preferred name and contact details.
        </LinkCard>
        <ViewerAccountCard account={viewerAccount} />
        <LinkCard title="Your worksites" href="/worksites" linkText="Go to your worksites">
          Register a clinic, or see the worksites you belong to.
        </LinkCard>
        {me.staffRoles.length > 0 && (
          <LinkCard title="Enrolment team" href="/admin" linkText="Open the enrolment team area">
            Review worksites, enrolments and memberships.
          </LinkCard>
        )}
      </div>
    </>
  );
}

/** One place to go from the dashboard: what it is for, then the link there. */
function LinkCard(p: { title: string; href: string; linkText: string; children: ReactNode }) {
  return (
    <Card title={p.title} headingLevel={2}>
      <p>{p.children}</p>
      <p className="mt-3">
        <Link className="font-semibold underline" href={p.href}>
          {p.linkText}
        </Link>
      </p>
    </Card>
  );
}

function MembershipList({ memberships }: { memberships: PractitionerDashboard['memberships'] }) {
  return (
    <section aria-labelledby="my-memberships" className="mb-8">
      <h2 id="my-memberships" className="mb-3 text-2xl font-bold">
        Your worksite memberships
      </h2>
      {memberships.length === 0 ? (
        <p>
          You are not a member of any worksite yet.{' '}
          <Link className="font-semibold underline" href="/worksites/join">
            Join a worksite
          </Link>
        </p>
      ) : (
        <ul className="divide-y divide-line-soft rounded border border-line-soft">
          {memberships.map((m) => (
            <li key={m.worksiteId} className="p-3" data-testid={`membership-${m.worksiteCode}`}>
              <Link className="font-semibold underline" href={`/worksites/${m.worksiteId}`}>
                {m.operatingName}
              </Link>{' '}
              <span className="text-muted">(Worksite ID {m.worksiteCode})</span>{' '}
              <StatusBadge status={m.status} label={m.statusLabel} />
              {m.why && <p className="mt-1">{m.why}</p>}
              {m.onBehalfOf && m.status !== 'ENDED' && (
                <p className="mt-1">
                  <Link className="underline" href={`/worksites/${m.worksiteId}/sponsor`}>
                    Your authorizer at this worksite
                  </Link>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
