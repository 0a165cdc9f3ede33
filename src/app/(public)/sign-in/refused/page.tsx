import type { Metadata } from 'next';
import Link from 'next/link';
import { SignInButton } from '@/components/auth/auth-buttons';
import { Notice, PageHeader } from '@/components/ui';
import { helpHref } from '@/lib/help';
import { env } from '@/server/env';

export const metadata: Metadata = { title: 'Sign-in not accepted' };

export default async function RefusedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  return (
    <>
      <PageHeader title="We could not sign you in" />
      {reason === 'inactive' ? (
        <Notice tone="danger" title="Your account is not active">
          Your access to {env().APP_NAME} has been suspended or made inactive. Contact the
          CareConnect enrolment team to find out why and what to do next.
        </Notice>
      ) : (
        <Notice tone="warning" title="Your BC Services Card needs a higher level of identity check">
          <p>
            CareConnect shows patients&apos; health records, so it only accepts a BC Services Card that
            has been verified in person or by video (identity assurance level {env().OIDC_MIN_ASSURANCE}).
          </p>
          <p className="mt-2">
            To fix this, open the BC Services Card app and complete the identity verification, or
            visit a Service BC office. Then come back and sign in again.
          </p>
          <p className="mt-2">
            <Link href={helpHref('bcServicesCard')}>More about the BC Services Card and the identity check</Link>
            . If the app says your account is out of sync,{' '}
            <Link href={helpHref('outOfSync')}>call the Service BC help desk</Link>.
          </p>
        </Notice>
      )}
      <div className="mt-6">
        <SignInButton label="Try signing in again" />
      </div>
    </>
  );
}
