import type { Metadata } from 'next';
import { PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { listApiKeys, type ApiKeyRow } from '@/server/api-keys/queries';
import { requireUserPage } from '@/server/auth/session';
import { formatPacific } from '@/server/email/templates/contact-email-changed';
import { CreateApiKeyForm } from './create-form';
import { RevokeApiKey } from './revoke-button';

export const metadata: Metadata = { title: 'API keys' };

const columns: TableColumn<ApiKeyRow>[] = [
  { key: 'name', header: 'Name', rowHeader: true, cell: (r) => r.name },
  { key: 'prefix', header: 'Starts with', cell: (r) => <code className="font-mono">{r.prefix}…</code> },
  { key: 'created', header: 'Created', cell: (r) => `${formatPacific(r.createdAt)} by ${r.createdByName}` },
  { key: 'used', header: 'Last used', cell: (r) => (r.lastUsedAt ? formatPacific(r.lastUsedAt) : 'Never') },
  {
    key: 'status',
    header: 'Status',
    cell: (r) =>
      r.revokedAt ? (
        <StatusBadge status="REVOKED" label={`Revoked ${formatPacific(r.revokedAt)}`} />
      ) : (
        <StatusBadge status="ACTIVE" label="In use" />
      ),
  },
];

export default async function ApiKeysPage() {
  const me = await requireUserPage(); // the admin layout already refused non-staff
  const mayManage = me.staffRoles.includes('STAFF_ADMIN');
  const keys = await listApiKeys();
  const all: TableColumn<ApiKeyRow>[] = mayManage
    ? [
        ...columns,
        {
          key: 'actions',
          header: 'Actions',
          cell: (r) => (r.revokedAt ? '—' : <RevokeApiKey id={r.id} name={r.name} />),
        },
      ]
    : columns;
  return (
    <>
      <PageHeader
        title="API keys"
        lead="The CareConnect viewer and EMRs use these keys to ask whether a person may open CareConnect. Revoke a key as soon as it is no longer needed or may have been seen by someone else."
      />
      {mayManage && <CreateApiKeyForm />}
      <h2 className="mb-3 text-2xl font-bold">Keys</h2>
      <Table caption="API keys" captionHidden columns={all} rows={keys} rowKey={(r) => r.id} emptyText="No API keys yet." />
    </>
  );
}
