import type { Metadata } from 'next';
import { SignInButton } from '@/components/auth/auth-buttons';
import { Notice, PageHeader } from '@/components/ui';
import { currentPerson } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

// Only same-site paths: an open redirect here would send people off to a look-alike site.
const safeCallback = (v: string | undefined) => (v && /^\/(?!\/)/.test(v) ? v : '/');

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const me = await currentPerson();
  return (
    <>
      <PageHeader
        title="Sign in"
        lead="Use your BC Services Card to sign in. The first time you do, we link your card with CareConnect."
      />
      {me ? (
        <Notice tone="info" title={`You are signed in as ${me.displayName}`}>
          To sign in as someone else, sign out first.
        </Notice>
      ) : (
        <div className="space-y-4">
          <p>You will need your BC Services Card app or card reader. We use your legal name and birthdate from the card.</p>
          <SignInButton callbackUrl={safeCallback(callbackUrl)} />
        </div>
      )}
    </>
  );
}
