import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Notice, PageHeader } from '@/components/ui';
import { pacificLongDate } from '@/server/agreements/rules';
import { requireViewerPage } from '@/server/authz';
import { courseCompletion, demoCourseAvailable } from '@/server/privacy-course/queries';
import { DEMO_QUESTIONS } from '@/server/privacy-course/schema';
import { DemoCourseForm } from './demo-course-form';

export const metadata: Metadata = { title: 'Demo privacy course' };

// Only in demo mode and development: elsewhere the real course is on the learning platform.
export default async function DemoCoursePage() {
  if (!demoCourseAvailable()) notFound();
  const me = await requireViewerPage();
  const done = await courseCompletion(me.id);
  return (
    <>
      <PageHeader
        title="Demo privacy course"
        lead="Three questions stand in for the real course in this demonstration. Answer all three correctly to complete it."
      />
      {done ? (
        <Notice tone="success" title={`Completed on ${pacificLongDate(done.completedAt)}`} role="none">
          <p>You have already completed the privacy course.</p>
          <p className="mt-2">
            <Link href="/enrolment">Back to your enrolment</Link>
          </p>
        </Notice>
      ) : (
        <DemoCourseForm questions={DEMO_QUESTIONS} />
      )}
    </>
  );
}
