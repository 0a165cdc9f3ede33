import type { Metadata } from 'next';
import { TokenProblem, TokenSignIn } from '@/components/token-link/token-page';
import { PageHeader } from '@/components/ui';
import { currentPerson } from '@/server/auth/session';
import { contactEmailLinkForPage } from '@/server/people/contact-email-queries';
import { confirmRefusal, UNKNOWN_CONTACT_LINK_MESSAGE } from '@/server/people/contact-email-rules';
import { ConfirmContactEmailForm } from './confirm-form';

// The token is in the path: no-referrer keeps it out of every Referer header. Nothing is logged.
export const metadata: Metadata = { title: 'Confirm your contact email', referrer: 'no-referrer' };

type Props = { params: Promise<{ token: string }> };

const TITLES = {
  EXPIRED: 'This confirmation link has expired',
  CONFIRMED: 'This confirmation link was already used',
  CANCELLED: 'This change was cancelled',
  SUPERSEDED: 'A newer confirmation link was sent',
} as const;

function Problem(p: { title: string; message: string }) {
  return <TokenProblem {...p} href="/profile" linkText="Go to your profile" />;
}

export default async function ConfirmContactEmailPage({ params }: Props) {
  const { token } = await params;
  const me = await currentPerson();
  if (!me) {
    return (
      <TokenSignIn title="Confirm your contact email" path={`/profile/confirm-email/${encodeURIComponent(token)}`}>
        <p className="mb-6 max-w-prose">
          Sign in with the BC Services Card of the person who asked for this change. The new address is used only
          after you confirm it while signed in.
        </p>
      </TokenSignIn>
    );
  }
  const view = await contactEmailLinkForPage(me, token);
  if (view.state === 'UNKNOWN') return <Problem title="This confirmation link is not valid" message={UNKNOWN_CONTACT_LINK_MESSAGE} />;
  if (view.state !== 'PENDING') return <Problem title={TITLES[view.state]} message={confirmRefusal(view.state)!} />;
  return (
    <>
      <PageHeader title="Confirm your contact email" />
      <p className="mb-6 max-w-prose">
        Use <strong>{view.email}</strong> as the contact email for {me.displayName}? Notices about your enrolment
        and worksites will go there from now on.
      </p>
      <ConfirmContactEmailForm token={token} email={view.email} />
    </>
  );
}
