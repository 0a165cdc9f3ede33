import Link from 'next/link';
import { Card } from '@/components/ui';
import type { PendingItems as Items } from '@/server/sponsorships/queries';

/** The dashboard's "waiting for you" list; renders nothing when nothing waits. Pass it the
 * result of `pendingItems(personId)`. */
export function PendingItems({ items, headingLevel = 2 }: { items: Items; headingLevel?: 2 | 3 }) {
  const total = items.sponsorRequests + items.joinRequests.length;
  if (total === 0) return null;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    <Card title="Waiting for you" headingLevel={headingLevel}>
      <ul className="list-disc space-y-2 pl-6">
        {items.sponsorRequests > 0 && (
          <li>
            <Link href="/sponsorships">
              {plural(items.sponsorRequests, 'sponsorship request', 'sponsorship requests')} to answer
            </Link>
          </li>
        )}
        {items.joinRequests.map((j) => (
          <li key={j.worksiteId}>
            <Link href={j.href}>
              {plural(j.count, 'request', 'requests')} to join {j.worksiteName}
            </Link>{' '}
            <span className="text-muted">(Worksite ID {j.worksiteCode})</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
