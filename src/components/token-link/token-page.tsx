import type { ReactNode } from 'react';
import { SignInButton } from '@/components/auth/auth-buttons';
import { ButtonLink, Notice, PageHeader } from '@/components/ui';

/** A link from an email that cannot be used: the title is repeated as a warning, with a way on. */
export function TokenProblem({
  title,
  message,
  href,
  linkText,
}: {
  title: string;
  message: string;
  href: string;
  linkText: string;
}) {
  return (
    <>
      <PageHeader title={title} />
      <Notice tone="warning" title={title} headingLevel={2}>
        <p>{message}</p>
      </Notice>
      <ButtonLink href={href} variant="secondary">
        {linkText}
      </ButtonLink>
    </>
  );
}

/** A link from an email opened signed out: say what it is, then sign in and come back to it. */
export function TokenSignIn({
  title,
  path,
  firstVisitNote = false,
  children,
}: {
  title: string;
  /** The page to return to after signing in; the token in it must already be encoded. */
  path: string;
  /** Adds the reassurance that a first sign-in links the card, for people new to the portal. */
  firstVisitNote?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} />
      {children}
      {firstVisitNote && (
        <p className="mb-6 max-w-prose">
          If this is your first time, signing in links your BC Services Card with CareConnect.
        </p>
      )}
      <SignInButton callbackUrl={path} label="Sign in with BC Services Card to continue" />
    </>
  );
}
