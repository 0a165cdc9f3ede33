import type { Metadata } from 'next';
import { Notice, PageHeader, Table, type TableColumn } from '@/components/ui';
import { requireUserPage } from '@/server/auth/session';
import { pacificMinute } from '@/server/decisions';
import { listStaff, type StaffMember } from '@/server/staff/queries';
import { STAFF_ROLES } from '@/server/staff/rules';
import { GrantStaffRoleForm } from './grant-form';
import { RevokeStaffRole } from './revoke-button';

export const metadata: Metadata = { title: 'Staff roles' };

const roleOptions = Object.entries(STAFF_ROLES).map(([value, r]) => ({ value, label: r.label }));

const columns: TableColumn<StaffMember>[] = [
  {
    key: 'name',
    header: 'Name',
    rowHeader: true,
    cell: (m) => (
      <>
        {m.name}
        {m.email && <span className="block text-sm">{m.email}</span>}
      </>
    ),
  },
  {
    key: 'roles',
    header: 'Roles',
    cell: (m) => (
      <ul className="space-y-3">
        {m.roles.map((r) => (
          <li key={r.role}>
            <strong>{STAFF_ROLES[r.role].label}</strong>
            <span className="block text-sm">
              Granted {pacificMinute(r.grantedAt)} by {r.grantedByName ?? 'the command line'}
            </span>
            <RevokeStaffRole personId={m.personId} role={r.role} roleLabel={STAFF_ROLES[r.role].label} name={m.name} />
          </li>
        ))}
      </ul>
    ),
  },
];

export default async function StaffPage() {
  const me = await requireUserPage(); // the admin layout already refused non-staff
  if (!me.staffRoles.includes('STAFF_ADMIN')) {
    return (
      <>
        <PageHeader title="Staff roles" />
        <Notice tone="warning" title="Only staff administrators manage staff roles">
          Ask a staff administrator if someone needs a role given or removed.
        </Notice>
      </>
    );
  }
  const staff = await listStaff();
  return (
    <>
      <PageHeader
        title="Staff roles"
        lead="Who may work in the admin area. Removing a role signs that person out everywhere at once."
      />
      <GrantStaffRoleForm roles={roleOptions} />
      <h2 className="mb-3 text-2xl font-bold">Staff</h2>
      <Table caption="Staff and their roles" captionHidden columns={columns} rows={staff} rowKey={(m) => m.personId} emptyText="No staff yet." />
    </>
  );
}
