import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui';
import { requireUserPage } from '@/server/auth/session';
import { STAFF_ROLES } from '@/server/staff/rules';

export const metadata: Metadata = { title: 'Enrolment team' };

export default async function AdminHomePage() {
  const me = await requireUserPage();
  return (
    <>
      <PageHeader title="Enrolment team" lead="Review and decide worksite registrations, enrolments and memberships." />
      <p>
        Your staff roles:{' '}
        <strong data-testid="staff-roles">{me.staffRoles.map((r) => STAFF_ROLES[r].label).join(', ')}</strong>
      </p>
    </>
  );
}
