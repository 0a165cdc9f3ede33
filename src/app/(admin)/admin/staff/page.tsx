import type { Metadata } from 'next';
import { Button, Notice, PageHeader, Table, TextField, type TableColumn } from '@/components/ui';
import { requireUserPage } from '@/server/auth/session';
import { pacificMinute } from '@/server/decisions';
import {
  findStaffRoleCandidates,
  listOpenStaffInvitations,
  type OpenStaffInvitation,
  type StaffRoleCandidate,
} from '@/server/staff/invitation-queries';
import { STAFF_INVITATION_TTL_DAYS } from '@/server/staff/invitation-rules';
import { listStaff, type StaffMember } from '@/server/staff/queries';
import { STAFF_ROLES } from '@/server/staff/rules';
import { GrantRoleToPerson } from './grant-form';
import { InviteStaffForm } from './invite-form';
import { RevokeStaffInvitation } from './revoke-invitation-button';
import { RevokeStaffRole } from './revoke-button';

export const metadata: Metadata = { title: 'Staff roles' };

const roleOptions = Object.entries(STAFF_ROLES).map(([value, r]) => ({ value, label: r.label }));

const staffColumns: TableColumn<StaffMember>[] = [
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

const invitationColumns: TableColumn<OpenStaffInvitation>[] = [
  { key: 'email', header: 'Sent to', rowHeader: true, cell: (i) => i.email },
  { key: 'role', header: 'Role', cell: (i) => i.roleLabel },
  {
    key: 'sent',
    header: 'Sent',
    cell: (i) => (
      <>
        {pacificMinute(i.sentAt)}
        <span className="block text-sm">by {i.invitedByName}</span>
      </>
    ),
  },
  {
    key: 'state',
    header: 'Status',
    cell: (i) => (
      <>
        {i.stateLabel}
        <span className="block text-sm">
          {i.state === 'EXPIRED' ? 'Expired' : 'Expires'} {pacificMinute(i.expiresAt)}
        </span>
      </>
    ),
  },
  { key: 'revoke', header: 'Action', cell: (i) => <RevokeStaffInvitation invitationId={i.id} email={i.email} /> },
];

const candidateColumns: TableColumn<StaffRoleCandidate>[] = [
  {
    key: 'name',
    header: 'Person',
    rowHeader: true,
    cell: (c) => (
      <>
        {c.name}
        {c.legalName !== c.name && <span className="block text-sm">Legal name: {c.legalName}</span>}
        {!c.active && <span className="block text-sm font-semibold">Suspended or inactive</span>}
      </>
    ),
  },
  {
    key: 'identity',
    header: 'Signs in as',
    cell: (c) => (
      <>
        <span className="block">{c.idpEmail ?? 'No email from the identity provider'}</span>
        {c.identities.map((id) => (
          <span key={`${id.issuer} ${id.subject}`} className="block break-all font-mono text-sm">
            {id.subject} <span className="font-sans">at</span> {id.issuer}
          </span>
        ))}
      </>
    ),
  },
  { key: 'roles', header: 'Staff roles now', cell: (c) => (c.roles.length ? c.roles.map((r) => STAFF_ROLES[r].label).join(', ') : 'None') },
  { key: 'grant', header: 'Give a role', cell: (c) => <GrantRoleToPerson personId={c.personId} name={c.name} roles={roleOptions} /> },
];

type Props = { searchParams?: Promise<Record<string, string | string[] | undefined>> };

export default async function StaffPage({ searchParams }: Props = {}) {
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
  const raw = (await searchParams)?.q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100) ?? '';
  const [staff, invitations, candidates] = await Promise.all([
    listStaff(me),
    listOpenStaffInvitations(me),
    findStaffRoleCandidates(me, q),
  ]);
  return (
    <>
      <PageHeader
        title="Staff roles"
        lead="Who may work in the admin area. Removing a role signs that person out everywhere at once."
      />
      <InviteStaffForm roles={roleOptions} ttlDays={STAFF_INVITATION_TTL_DAYS} />

      <section aria-labelledby="open-invitations" className="mb-10">
        <h2 id="open-invitations" className="mb-3 text-2xl font-bold">Invitations not yet accepted</h2>
        <Table
          caption="Staff invitations not yet accepted"
          captionHidden
          columns={invitationColumns}
          rows={invitations}
          rowKey={(i) => i.id}
          emptyText="No invitations are waiting."
        />
      </section>

      <section aria-labelledby="grant-role" className="mb-10">
        <h2 id="grant-role" className="mb-3 text-2xl font-bold">Give a role to someone who has signed in</h2>
        <form method="get" role="search" aria-label="Find a person who has signed in" className="mb-4 flex max-w-xl flex-wrap items-end gap-3">
          <TextField
            name="q"
            label="Name, sign-in email or subject"
            hint="Check the subject with the person: it is the identity their BC Services Card signs in with."
            defaultValue={q}
            maxLength={100}
            className="grow"
          />
          <Button type="submit" variant="secondary" className="mb-6">
            Find
          </Button>
        </form>
        {q.length >= 2 && (
          <Table
            caption={`People matching “${q}”`}
            columns={candidateColumns}
            rows={candidates}
            rowKey={(c) => c.personId}
            emptyText="Nobody who has signed in matches. Send an invitation instead."
          />
        )}
      </section>

      <h2 className="mb-3 text-2xl font-bold">Staff</h2>
      <Table caption="Staff and their roles" captionHidden columns={staffColumns} rows={staff} rowKey={(m) => m.personId} emptyText="No staff yet." />
    </>
  );
}
