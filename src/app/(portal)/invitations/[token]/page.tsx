import type { Metadata } from 'next';
import { TokenProblem, TokenSignIn } from '@/components/token-link/token-page';
import { ButtonLink, Card, PageHeader } from '@/components/ui';
import { getViewer } from '@/server/authz';
import { invitationForPage } from '@/server/invitations/queries';
import {
  EXPIRED_INVITATION_MESSAGE,
  REVOKED_INVITATION_MESSAGE,
  UNKNOWN_INVITATION_MESSAGE,
  USED_INVITATION_MESSAGE,
} from '@/server/invitations/rules';
import { AcceptForm } from './accept-form';

// The token is in the path. The app-wide strict-origin-when-cross-origin policy already sends
// other sites only our origin; no-referrer here also keeps the path out of same-origin requests'
// Referer headers (and so out of any access log that records them). This page logs nothing.
export const metadata: Metadata = { title: 'Invitation', referrer: 'no-referrer' };

type Props = { params: Promise<{ token: string }> };

function Problem(p: { title: string; message: string }) {
  return <TokenProblem {...p} href="/" linkText="Go to the dashboard" />;
}

export default async function InvitationPage({ params }: Props) {
  const { token } = await params;
  const me = await getViewer();

  if (!me) {
    return (
      <TokenSignIn
        title="You are invited to join a worksite"
        path={`/invitations/${encodeURIComponent(token)}`}
        firstVisitNote
      >
        <p className="mb-4 max-w-prose">
          A site administrator invited you to join their worksite on my.CareConnect. Sign in with
          your BC Services Card to see the invitation and accept it. The email address on your card
          does not need to match the one the invitation was sent to.
        </p>
      </TokenSignIn>
    );
  }

  const view = await invitationForPage(me, token);
  switch (view.state) {
    case 'UNKNOWN':
      return (
        <Problem title="This invitation link is not valid" message={UNKNOWN_INVITATION_MESSAGE} />
      );
    case 'THROTTLED':
      return <Problem title="Too many invitation links that are not valid" message={view.message} />;
    case 'EXPIRED':
      return <Problem title="This invitation has expired" message={EXPIRED_INVITATION_MESSAGE} />;
    case 'REVOKED':
      return <Problem title="This invitation was withdrawn" message={REVOKED_INVITATION_MESSAGE} />;
    case 'ACCEPTED':
      if (!view.acceptedByViewer)
        return (
          <Problem title="This invitation was already used" message={USED_INVITATION_MESSAGE} />
        );
      return (
        <>
          <PageHeader title={`You have joined ${view.worksite.operatingName}`} />
          <p className="mb-6 max-w-prose">
            You already accepted this invitation. The enrolment team will set up your access.
          </p>
          <ButtonLink href={`/worksites/${view.worksite.id}`} variant="secondary">
            Go to the worksite
          </ButtonLink>
        </>
      );
    case 'PENDING':
      break;
  }
  const w = view.worksite;
  if (!w.active) {
    return (
      <Problem
        title="This worksite is not taking new members"
        message={`${w.operatingName} cannot accept new members right now. Contact its site administrator.`}
      />
    );
  }
  return (
    <>
      <PageHeader
        title={`Join ${w.operatingName}`}
        lead="You were invited to join this worksite on my.CareConnect."
      />
      <Card>
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Worksite</dt>
          <dd>{w.operatingName}</dd>
          <dt className="font-semibold">Worksite ID</dt>
          <dd className="font-mono font-bold tracking-widest">{w.worksiteCode}</dd>
        </dl>
      </Card>
      <p className="mb-6 max-w-prose">
        When you accept, you become a member of this worksite and the enrolment team sets up your
        access. The link then stops working.
      </p>
      <AcceptForm token={token} worksiteName={w.operatingName} />
    </>
  );
}
