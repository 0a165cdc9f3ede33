import Link from 'next/link';
import { Notice } from '@/components/ui';
import type { AgreementNoticeView } from '@/server/agreements/queries';
import { lastDayToAccept, longCalendarDate, pacificLongDate } from '@/server/agreements/rules';

/** On the dashboard: a new HPCAA version the person must accept, and by when (SPEC §15).
 * The dashboard's loader reads it with the checklist (practitionerDashboard). */
export function AgreementNotice({ notice: p }: { notice: AgreementNoticeView | null }) {
  if (!p) return null;
  const effective = pacificLongDate(p.effectiveAt);
  return (
    <div data-testid="agreement-notice">
      {p.overdue ? (
        <Notice tone="danger" title="Accept the new access agreement to open CareConnect again">
          Version {p.version} of the access agreement took effect on {effective} and the time to
          accept it is over. Until you accept it, you cannot open the CareConnect eHealth Viewer.{' '}
          <Link href="/agreement">Read and accept the agreement</Link>
        </Notice>
      ) : (
        <Notice tone="warning" title="A new version of the access agreement">
          A new version of the access agreement took effect on {effective}; accept it by{' '}
          {longCalendarDate(lastDayToAccept(p.acceptBy))} to keep access.{' '}
          <Link href="/agreement">Read and accept the new version</Link>
        </Notice>
      )}
    </div>
  );
}
