import type { Metadata } from 'next';
import { RoleRefusal } from '@/components/admin/role-refusal';
import { Button, ButtonLink, PageHeader, Table, TextField, type TableColumn } from '@/components/ui';
import { auditSealStatus, recordAuditView, searchAudit, type AuditRow, type AuditSealStatus } from '@/server/audit-viewer/queries';
import { shortHash, unsealedAgeText } from '@/server/audit-viewer/rules';
import { auditFilterSchema, type AuditFilterInput } from '@/server/audit-viewer/schema';
import { can, requireViewerPage } from '@/server/authz';
import { pacificMinute } from '@/server/decisions';
import { requestContext } from '@/server/request-context';
import { VerifyAuditChain } from './verify-button';

export const metadata: Metadata = { title: 'Audit log' };

type Search = Record<string, string | string[] | undefined>;

const actor = (r: AuditRow) =>
  r.actorName ?? r.actorLabel ?? (r.actorType === 'SYSTEM' ? 'System' : r.actorType === 'SERVICE' ? 'Service' : 'Unknown');

const columns: TableColumn<AuditRow>[] = [
  { key: 'time', header: 'Time (Pacific)', rowHeader: true, cell: (r) => pacificMinute(r.occurredAt).replace(' Pacific time', '') },
  { key: 'actor', header: 'Actor', cell: (r) => `${actor(r)} (${r.actorType.toLowerCase()})` },
  { key: 'action', header: 'Action', cell: (r) => <code className="font-mono">{r.action}</code> },
  {
    key: 'target',
    header: 'Target',
    cell: (r) => (
      <>
        {r.targetType}
        {r.targetId && <code className="block font-mono text-sm break-all">{r.targetId}</code>}
      </>
    ),
  },
  { key: 'worksite', header: 'Worksite', cell: (r) => r.worksiteCode ?? r.worksiteId ?? '—' },
  { key: 'sealed', header: 'Sealed', cell: (r) => (r.seq ? `#${r.seq}` : 'Waiting to be sealed') },
  { key: 'request', header: 'Request id', cell: (r) => (r.requestId ? <code className="font-mono text-sm break-all">{r.requestId}</code> : '—') },
];

const fields: { name: keyof AuditFilterInput; label: string; hint?: string }[] = [
  { name: 'actorId', label: 'Actor id' },
  { name: 'action', label: 'Action', hint: 'Matches the start, such as “staff.” or “worksite.approved”.' },
  { name: 'worksiteId', label: 'Worksite record id' },
  { name: 'personId', label: 'Person id' },
  { name: 'from', label: 'From (YYYY-MM-DD)' },
  { name: 'to', label: 'To (YYYY-MM-DD)' },
];

function SealStatus({ status }: { status: AuditSealStatus }) {
  const cp = status.checkpoint;
  return (
    <section aria-labelledby="audit-seal" className="mb-8">
      <h2 id="audit-seal" className="mb-3 text-2xl font-bold">Latest signed checkpoint</h2>
      {cp ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1" data-testid="audit-checkpoint">
          <dt className="font-bold">Sequence number</dt>
          <dd>{cp.seq}</dd>
          <dt className="font-bold">Chain head</dt>
          <dd>
            <code className="font-mono" title={cp.headHash}>{shortHash(cp.headHash)}</code>
          </dd>
          <dt className="font-bold">Signed at</dt>
          <dd>{pacificMinute(cp.signedAt)}</dd>
          <dt className="font-bold">Key id</dt>
          <dd>
            <code className="font-mono">{cp.keyId}</code>
          </dd>
        </dl>
      ) : (
        <p>No checkpoint has been signed yet.</p>
      )}
      <p className="mt-2" data-testid="audit-unsealed">{unsealedAgeText(status.oldestUnsealedSeconds)}.</p>
    </section>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await requireViewerPage();
  if (!can(me, 'team.area')) return null; // the area's layout explains; nothing is read
  if (!can(me, 'audit.read')) {
    return (
      <RoleRefusal title="Audit log" who="Only auditors and staff administrators read the audit log">
        Ask a staff administrator if you need the auditor role.
      </RoleRefusal>
    );
  }
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditFilterSchema.safeParse(raw);
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
  const filters = parsed.success ? parsed.data : {};
  await recordAuditView(me, filters, await requestContext());
  const [{ rows, nextCursor }, sealStatus] = await Promise.all([
    parsed.success ? searchAudit(me, filters) : { rows: [], nextCursor: null },
    auditSealStatus(me),
  ]);
  const next = new URLSearchParams(
    Object.entries({ ...filters, cursor: nextCursor ?? '' }).filter((e): e is [string, string] => !!e[1]),
  );

  return (
    <>
      <PageHeader title="Audit log" lead="Every change and every view of a person’s details, newest first. Times are Pacific." />
      <SealStatus status={sealStatus} />
      <VerifyAuditChain />
      <form method="get" className="mb-8" aria-labelledby="audit-filters">
        <h2 id="audit-filters" className="mb-3 text-2xl font-bold">Filter</h2>
        <div className="grid gap-x-6 sm:grid-cols-2">
          {fields.map((f) => (
            <TextField key={f.name} name={f.name} label={f.label} hint={f.hint} optional defaultValue={raw[f.name] ?? ''} error={errors[f.name]} />
          ))}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit">Apply filters</Button>
          <ButtonLink href="/admin/audit" variant="secondary">
            Clear
          </ButtonLink>
        </div>
      </form>
      <h2 className="mb-3 text-2xl font-bold">Events</h2>
      <Table caption="Audit events" captionHidden columns={columns} rows={rows} rowKey={(r) => r.id} emptyText="No events match these filters." />
      {nextCursor && (
        <p className="mt-4">
          <ButtonLink href={`/admin/audit?${next.toString()}`} variant="secondary" rel="next">
            Next page (older events)
          </ButtonLink>
        </p>
      )}
    </>
  );
}
