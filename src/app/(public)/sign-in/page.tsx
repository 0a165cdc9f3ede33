import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInButton } from '@/components/auth/auth-buttons';
import { Notice, PageHeader } from '@/components/ui';
import { currentPerson } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

// Only same-site paths: an open redirect here would send people off to a look-alike site.
const safeCallback = (v: string | undefined) => (v && /^\/(?!\/)/.test(v) ? v : '/');

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const { callbackUrl, error } = await searchParams;
  // next-auth sends a refused callback (bad state, nonce, code or issuer) back to the sign-in page
  // with ?error=…; without this the person would land on a plain sign-in page with no reason.
  if (error) redirect(`/sign-in/error?error=${encodeURIComponent(error)}`);
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
