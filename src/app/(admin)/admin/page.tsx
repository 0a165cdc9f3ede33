import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui';
import { ageText } from '@/lib/business-days';
import { can, requireViewerPage } from '@/server/authz';
import { STAFF_ROLES } from '@/server/staff/rules';
import { dashboardCounts, type QueueCount } from '@/server/team/dashboard-queries';
import { noSiteAdminCount } from '@/server/team/no-site-admin-queries';
import type { QueueType } from '@/server/team/list-rules';
import { ageToneClass } from '@/components/ui/status-badge';

export const metadata: Metadata = { title: 'Enrolment team' };

const QUEUE_LABEL: Record<QueueType, string> = {
  intake: 'Worksite registrations',
  declaration: 'Declarations',
  closure: 'Closure requests',
  enrolment: 'Enrolments in review',
  membership: 'Memberships to set up',
  'waiting-sponsor': 'Office staff waiting for a sponsor',
  'remote-access': 'Remote access requests',
  'pharmanet-worksite': 'PharmaNet requests from worksites',
  'pharmanet-user': 'PharmaNet requests from people',
  'profession-change': 'Profession change requests',
  worksite: 'Worksites', // listed by status only; never counted here
};

function QueueLine({ href, label, q }: { href: string; label: string; q: QueueCount }) {
  return (
    <li className="py-2">
      <Link href={href} className="font-semibold">
        {label}: {q.count}
      </Link>
      {q.oldestDays !== null && (
        <>
          {' '}
          — oldest waiting <span className={ageToneClass[q.oldestTone]}>{ageText(q.oldestDays)}</span>
        </>
      )}
    </li>
  );
}

export default async function AdminHomePage() {
  const me = await requireViewerPage();
  if (!can(me, 'team.queue.read')) return null; // the area's layout explains; nothing is read
  const [d, withoutAdmin] = await Promise.all([dashboardCounts(me), noSiteAdminCount(me)]);
  return (
    <>
      <PageHeader title="Enrolment team" lead="What is waiting for the team, and for how long (BC business days)." />
      <p className="mb-6">
        Your staff roles:{' '}
        <strong data-testid="staff-roles">{me.staffRoles.map((r) => STAFF_ROLES[r].label).join(', ')}</strong>
      </p>
      <Card title="Waiting for the team">
        <ul className="divide-y divide-line-soft" data-testid="queue-counts">
          {d.queues.map((q) => (
            <QueueLine key={q.type} href={`/admin/queue?type=${q.type}`} label={QUEUE_LABEL[q.type]} q={q} />
          ))}
          <QueueLine href="/admin/worksites/without-site-admin" label="Worksites with no active site admin" q={withoutAdmin} />
        </ul>
      </Card>
      <Card title="Assigned to you">
        <ul>
          <QueueLine href="/admin/queue?assignee=me" label="Items assigned to you" q={d.assignedToMe} />
        </ul>
      </Card>
      <Card title="Lists and tools">
        <p className="flex flex-wrap gap-6">
          <Link href="/admin/queue">Work list (every queue)</Link>
          <Link href="/admin/search">Search people and worksites</Link>
          <Link href="/admin/worksites">Worksite queue</Link>
          <Link href="/admin/enrolments">Enrolments and profession changes</Link>
          <Link href="/admin/memberships">Memberships to set up</Link>
          <Link href="/admin/remote-access">Remote access requests</Link>
          <Link href="/admin/pharmanet">PharmaNet requests</Link>
          <Link href="/admin/agreements">Agreement versions</Link>
          {can(me, 'apiKeys.read') && <Link href="/admin/api-keys">Service API keys</Link>}
          {can(me, 'staff.read') && <Link href="/admin/staff">Staff roles</Link>}
          {can(me, 'audit.read') && <Link href="/admin/audit">Audit trail</Link>}
        </p>
      </Card>
    </>
  );
}
