import Link from 'next/link';
import { Notice, PageHeader } from '@/components/ui';
import { can, requireViewerPage } from '@/server/authz';
import { helpHref } from '@/lib/help';

// Tells a visitor without a staff role that this area is not for them. It is not the guard:
// Next.js renders the page under a layout whatever the layout returns, so every page's reads
// check the policy table themselves (docs/decisions/017-data-access-layer.md).
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewerPage();
  if (!can(viewer, 'team.area')) {
    return (
      <>
        <PageHeader title="You do not have access to this page" />
        <Notice tone="warning" title="This area is for the CareConnect enrolment team">
          If you work for the enrolment team, ask a staff administrator to give you a staff role.{' '}
          <Link href={helpHref('teamArea')}>How staff roles are given</Link>
        </Notice>
      </>
    );
  }
  return <>{children}</>;
}
