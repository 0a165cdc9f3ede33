import type { Metadata } from 'next';
import { RoleRefusal } from '@/components/admin/role-refusal';
import { PageHeader, StatusBadge, Table, type TableColumn } from '@/components/ui';
import { listApiKeys, type ApiKeyRow } from '@/server/api-keys/queries';
import { can, requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { CreateApiKeyForm } from './create-form';
import { ApiKeyLimit } from './limit-form';
import { RevokeApiKey } from './revoke-button';

export const metadata: Metadata = { title: 'API keys' };

const columns: TableColumn<ApiKeyRow>[] = [
  { key: 'name', header: 'Name', rowHeader: true, cell: (r) => r.name },
  { key: 'prefix', header: 'Starts with', cell: (r) => <code className="font-mono">{r.prefix}…</code> },
  { key: 'created', header: 'Created', cell: (r) => `${pacificDateTime(r.createdAt)} by ${r.createdByName}` },
  { key: 'used', header: 'Last used', cell: (r) => (r.lastUsedAt ? pacificDateTime(r.lastUsedAt) : 'Never') },
  { key: 'limit', header: 'Calls per minute', cell: (r) => r.requestsPerMinute.toLocaleString('en-CA') },
  {
    key: 'status',
    header: 'Status',
    cell: (r) =>
      r.revokedAt ? (
        <StatusBadge status="REVOKED" label={`Revoked ${pacificDateTime(r.revokedAt)}`} />
      ) : (
        <StatusBadge status="ACTIVE" label="In use" />
      ),
  },
];

export default async function ApiKeysPage() {
  const me = await requireViewerPage();
  if (!can(me, 'team.area')) return null; // the area's layout explains; nothing is read
  if (!can(me, 'apiKeys.read')) {
    return (
      <RoleRefusal title="API keys" who="Only auditors and staff administrators see the API keys">
        Ask a staff administrator if you need to know which systems hold a key.
      </RoleRefusal>
    );
  }
  const mayManage = can(me, 'apiKeys.manage');
  const keys = await listApiKeys(me);
  const all: TableColumn<ApiKeyRow>[] = mayManage
    ? [
        ...columns,
        {
          key: 'actions',
          header: 'Actions',
          cell: (r) =>
            r.revokedAt ? (
              '—'
            ) : (
              <div className="space-y-2">
                <ApiKeyLimit id={r.id} name={r.name} requestsPerMinute={r.requestsPerMinute} />
                <RevokeApiKey id={r.id} name={r.name} />
              </div>
            ),
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
