import Link from 'next/link';
import { Card } from '@/components/ui';
import { pacificMinute } from '@/server/decisions';
import type { myViewerAccount } from '@/server/viewer-accounts/queries';

/** The dashboard's panel: the viewer username and what to do about the password (the account
 * is read with the rest of the dashboard). */
export function ViewerAccountCard({ account }: { account: Awaited<ReturnType<typeof myViewerAccount>> }) {
  return (
    <Card title="CareConnect viewer account" headingLevel={2}>
      {!account ? (
        <p>Your viewer username is set up when your enrolment is approved.</p>
      ) : (
        <>
          <p>
            Username: <span className="font-mono font-semibold" data-testid="dashboard-viewer-username">{account.username}</span>
          </p>
          <p className="mt-1">
            {account.state === 'ACTIVE' && account.passwordExpiresAt
              ? `Password expires ${pacificMinute(account.passwordExpiresAt)}.`
              : `${account.stateLabel}.`}
          </p>
          <p className="mt-3">
            <Link className="font-semibold underline" href="/viewer-account">
              {account.state === 'PASSWORD_NOT_SET' ? 'Set your viewer password' : 'Reset your viewer password'}
            </Link>
          </p>
        </>
      )}
    </Card>
  );
}
