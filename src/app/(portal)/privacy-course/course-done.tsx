import Link from 'next/link';
import type { ReactNode } from 'react';
import { Notice } from '@/components/ui';
import { pacificLongDate } from '@/server/agreements/rules';

/** The course is behind the person: when, what that means, and the way back to the enrolment. */
export function CourseDone({ completedAt, children }: { completedAt: Date; children: ReactNode }) {
  return (
    <Notice tone="success" title={`Completed on ${pacificLongDate(completedAt)}`} role="none">
      <p>{children}</p>
      <p className="mt-2">
        <Link href="/enrolment">Back to your enrolment</Link>
      </p>
    </Notice>
  );
}
