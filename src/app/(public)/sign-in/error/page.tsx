import type { Metadata } from 'next';
import { SignInButton } from '@/components/auth/auth-buttons';
import { Notice, PageHeader } from '@/components/ui';

export const metadata: Metadata = { title: 'Sign-in problem' };

const messages: Record<string, string> = {
  AccessDenied: 'The sign-in was cancelled or not allowed.',
  OAuthAccountNotLinked: 'You are already signed in as someone else. Sign out first, then sign in again.',
  Callback: 'The sign-in could not be completed. It may have expired or been used already.',
  OAuthCallback: 'The sign-in could not be completed. It may have expired or been used already.',
  Configuration: 'Sign-in is not available right now. Please try again later.',
};

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <>
      <PageHeader title="Sign-in problem" />
      <Notice tone="danger" title="You are not signed in">
        {messages[error ?? ''] ?? 'Something went wrong while signing you in. Please try again.'}
      </Notice>
      <div className="mt-6">
        <SignInButton label="Sign in again" />
      </div>
    </>
  );
}
