import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, Notice, PageHeader } from '@/components/ui';
import { requireUserPage } from '@/server/auth/session';
import { pacificMinute } from '@/server/decisions';
import { myViewerAccount } from '@/server/viewer-accounts/queries';
import { MIN_PASSWORD_LENGTH } from '@/server/viewer-accounts/rules';
import { ViewerPasswordForm } from './viewer-password-form';

export const metadata: Metadata = { title: 'CareConnect viewer account' };

export default async function ViewerAccountPage() {
  const me = await requireUserPage();
  const account = await myViewerAccount(me.id);
  return (
    <>
      <PageHeader
        title="CareConnect viewer account"
        lead="The CareConnect eHealth Viewer has its own username and password. Set or reset the password here."
      />
      {!account ? (
        <Notice tone="info" title="You do not have a viewer account yet">
          Your viewer username is set up when the enrolment team approves your enrolment. It will then
          appear here and in your welcome email. <Link className="underline" href="/enrolment">See your enrolment</Link>
        </Notice>
      ) : (
        <>
          <Card title="Your account">
            <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
              <dt className="font-semibold">Username</dt>
              <dd className="font-mono" data-testid="viewer-username">{account.username}</dd>
              <dt className="font-semibold">State</dt>
              <dd data-testid="viewer-state">{account.stateLabel}</dd>
              {account.passwordSetAt && (
                <>
                  <dt className="font-semibold">Password set</dt>
                  <dd>{pacificMinute(account.passwordSetAt)}</dd>
                </>
              )}
              {account.passwordExpiresAt && (
                <>
                  <dt className="font-semibold">Password expires</dt>
                  <dd>{pacificMinute(account.passwordExpiresAt)}</dd>
                </>
              )}
            </dl>
            {account.state === 'LOCKED' && (
              <p className="mt-3">
                The account is locked for 15 minutes after 5 wrong passwords. Setting a new password
                below unlocks it now.
              </p>
            )}
          </Card>
          <Card title={account.state === 'PASSWORD_NOT_SET' ? 'Set your password' : 'Reset your password'}>
            <ul className="mb-4 list-disc pl-6">
              <li>At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words are easy to remember and hard to guess.</li>
              <li>Not a common password, and not your username or your name.</li>
              <li>It lasts {account.passwordDays} days; we remind you before it expires.</li>
            </ul>
            <ViewerPasswordForm username={account.username} />
          </Card>
        </>
      )}
    </>
  );
}
