import Link from 'next/link';
import { PageHeader, StatusBadge } from '@/components/ui';

type Worksite = {
  id: string;
  operatingName: string;
  worksiteCode: string;
  status: string;
  statusLabel: string;
};

/** The heading of a page about one worksite: a way back to it above, its status below. */
export function WorksiteHeader({ worksite: w, title }: { worksite: Worksite; title: string }) {
  return (
    <PageHeader
      caption={
        <Link href={`/worksites/${w.id}`} className="underline">
          {w.operatingName} · Worksite ID {w.worksiteCode}
        </Link>
      }
      title={title}
      lead={<StatusBadge status={w.status} label={w.statusLabel} />}
    />
  );
}
