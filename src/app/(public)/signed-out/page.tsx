import type { Metadata } from 'next';
import { SignInButton } from '@/components/auth/auth-buttons';
import { PageHeader } from '@/components/ui';

export const metadata: Metadata = { title: 'Signed out' };

export default function SignedOutPage() {
  return (
    <>
      <PageHeader title="You are signed out" lead="Your session has ended on this device." />
      <SignInButton label="Sign in again" />
    </>
  );
}
