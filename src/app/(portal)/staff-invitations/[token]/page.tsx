import type { Metadata } from 'next';
import { TokenProblem, TokenSignIn } from '@/components/token-link/token-page';
import { ButtonLink, PageHeader } from '@/components/ui';
import { currentPerson } from '@/server/auth/session';
import { staffInvitationForPage } from '@/server/staff/invitation-queries';
import {
  EXPIRED_STAFF_INVITATION_MESSAGE,
  REVOKED_STAFF_INVITATION_MESSAGE,
  UNKNOWN_STAFF_INVITATION_MESSAGE,
  USED_STAFF_INVITATION_MESSAGE,
} from '@/server/staff/invitation-rules';
import { AcceptStaffInvitationForm } from './accept-form';

// The token is in the path: no-referrer keeps it out of every Referer header. Nothing is logged.
export const metadata: Metadata = { title: 'Staff invitation', referrer: 'no-referrer' };

type Props = { params: Promise<{ token: string }> };

function Problem(p: { title: string; message: string }) {
  return <TokenProblem {...p} href="/" linkText="Go to the dashboard" />;
}

export default async function StaffInvitationPage({ params }: Props) {
  const { token } = await params;
  const me = await currentPerson();
  if (!me) {
    return (
      <TokenSignIn
        title="You are invited to join the enrolment staff"
        path={`/staff-invitations/${encodeURIComponent(token)}`}
        firstVisitNote
      >
        <p className="mb-4 max-w-prose">
          A staff administrator invited you to work in the my.CareConnect admin area. Sign in with your own BC
          Services Card to see the invitation and accept it. The role goes to the card you sign in with.
        </p>
      </TokenSignIn>
    );
  }

  const view = await staffInvitationForPage(me, token);
  switch (view.state) {
    case 'THROTTLED':
      return <Problem title="Too many invitation links that are not valid" message={view.message} />;
    case 'UNKNOWN':
      return <Problem title="This staff invitation link is not valid" message={UNKNOWN_STAFF_INVITATION_MESSAGE} />;
    case 'EXPIRED':
      return <Problem title="This staff invitation has expired" message={EXPIRED_STAFF_INVITATION_MESSAGE} />;
    case 'REVOKED':
      return <Problem title="This staff invitation was withdrawn" message={REVOKED_STAFF_INVITATION_MESSAGE} />;
    case 'ACCEPTED':
      if (!view.acceptedByViewer)
        return <Problem title="This staff invitation was already used" message={USED_STAFF_INVITATION_MESSAGE} />;
      return (
        <>
          <PageHeader title={`You have the role ${view.roleLabel}`} />
          <p className="mb-6 max-w-prose">You accepted this invitation; its link no longer works.</p>
          <ButtonLink href="/admin" variant="secondary">
            Go to the admin area
          </ButtonLink>
        </>
      );
    case 'PENDING':
      break;
  }
  return (
    <>
      <PageHeader title="Join the enrolment staff" lead={`${view.inviterName} invited you to work in the admin area.`} />
      <dl className="mb-6 grid gap-x-6 gap-y-2 rounded border border-gray-300 p-4 sm:grid-cols-[max-content_1fr]">
        <dt className="font-semibold">Role</dt>
        <dd>{view.roleLabel}</dd>
        <dt className="font-semibold">Signed in as</dt>
        <dd>{me.displayName}</dd>
      </dl>
      <p className="mb-6 max-w-prose">
        When you accept, {me.displayName} — the person signed in with this BC Services Card — gets this role. If
        that is not you, sign out instead. The link then stops working.
      </p>
      <AcceptStaffInvitationForm token={token} roleLabel={view.roleLabel} />
    </>
  );
}
