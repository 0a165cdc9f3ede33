import { Facts } from '@/components/admin/facts';
import { Card } from '@/components/ui';
import type { Subject } from '@/server/authz/policy';
import { pacificMinute } from '@/server/decisions';
import { viewerAccountForTeam } from '@/server/viewer-accounts/queries';
import { UnlockViewerAccountButton } from './unlock-viewer-account';

/** The person's CareConnect viewer account as the team sees it: its state, never the password. */
export async function ViewerAccountPanel({ me, personId }: { me: Subject; personId: string }) {
  const a = await viewerAccountForTeam(me, personId);
  return (
    <Card title="CareConnect viewer account">
      {!a ? (
        <p>No viewer account yet: it is issued when the enrolment is approved.</p>
      ) : (
        <>
          <Facts
            rows={[
              ['Username', <span key="u" className="font-mono">{a.username}</span>],
              ['State', a.stateLabel],
              ['Issued', pacificMinute(a.issuedAt)],
              ['Password set', a.passwordSetAt ? pacificMinute(a.passwordSetAt) : 'Not yet'],
              ['Password expires', a.passwordExpiresAt ? pacificMinute(a.passwordExpiresAt) : '—'],
              ['Recent wrong passwords', String(a.failedAttempts)],
              ['Locked until', a.lockedUntil ? pacificMinute(a.lockedUntil) : 'Not locked'],
            ]}
          />
          {a.mayUnlock && (
            <div className="mt-4">
              <UnlockViewerAccountButton personId={personId} />
            </div>
          )}
        </>
      )}
    </Card>
  );
}
