import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui';
import { ageText } from '@/lib/business-days';
import { requireUserPage } from '@/server/auth/session';
import { STAFF_ROLES } from '@/server/staff/rules';
import { enrolmentQueueCounts } from '@/server/enrolments/team-queries';
import { worksiteQueueCounts, type QueueCount } from '@/server/worksites/team-queries';
import { ageToneClass } from './worksites/format';

export const metadata: Metadata = { title: 'Enrolment team' };

function QueueLine({ href, label, q }: { href: string; label: string; q: QueueCount }) {
  return (
    <li className="py-2">
      <Link href={href} className="font-semibold">
        {label}: {q.count}
      </Link>
      {q.oldestDays !== null && (
        <>
          {' '}
          — oldest waiting{' '}
          <span className={ageToneClass[q.oldestTone]}>{ageText(q.oldestDays)}</span>
        </>
      )}
    </li>
  );
}

export default async function AdminHomePage() {
  const me = await requireUserPage();
  const [counts, people] = await Promise.all([worksiteQueueCounts(), enrolmentQueueCounts()]);
  return (
    <>
      <PageHeader
        title="Enrolment team"
        lead="Review and decide worksite registrations, enrolments and memberships."
      />
      <p className="mb-6">
        Your staff roles:{' '}
        <strong data-testid="staff-roles">
          {me.staffRoles.map((r) => STAFF_ROLES[r].label).join(', ')}
        </strong>
      </p>
      <Card title="Worksites">
        <ul className="divide-y divide-line-soft">
          <QueueLine
            href="/admin/worksites?status=INTAKE_SUBMITTED"
            label="Registrations waiting"
            q={counts.intakes}
          />
          <QueueLine
            href="/admin/worksites?status=DECLARATION_SUBMITTED"
            label="Declarations waiting"
            q={counts.declarations}
          />
          <QueueLine
            href="/admin/worksites?status=closure"
            label="Closure requests waiting"
            q={counts.closureRequests}
          />
        </ul>
        <p className="mt-4">
          <Link href="/admin/worksites">All worksites waiting for the team</Link>
        </p>
      </Card>
      <Card title="People">
        <ul className="divide-y divide-line-soft">
          <QueueLine href="/admin/enrolments" label="Enrolments in review" q={people.enrolments} />
          <QueueLine href="/admin/enrolments" label="Profession change requests" q={people.professionChanges} />
        </ul>
        <p className="mt-4 flex flex-wrap gap-6">
          <Link href="/admin/memberships">Memberships waiting to be set up</Link>
          <Link href="/admin/remote-access">Remote access requests</Link>
          <Link href="/admin/pharmanet">PharmaNet requests</Link>
          <Link href="/admin/api-keys">Service API keys</Link>
          <Link href="/admin/staff">Staff roles</Link>
          <Link href="/admin/audit">Audit trail</Link>
        </p>
      </Card>
    </>
  );
}
