import { Notice, PageHeader } from '@/components/ui';
import { hasStaffRole, requireUserPage } from '@/server/auth/session';

// Guards every page under /admin. Actions re-check with requireStaff: a page guard alone
// does not protect a server action, which is its own POST endpoint.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const me = await requireUserPage();
  if (!hasStaffRole(me)) {
    return (
      <>
        <PageHeader title="You do not have access to this page" />
        <Notice tone="warning" title="This area is for the CareConnect enrolment team">
          If you work for the enrolment team, ask a staff administrator to give you a staff role.
        </Notice>
      </>
    );
  }
  return <>{children}</>;
}
