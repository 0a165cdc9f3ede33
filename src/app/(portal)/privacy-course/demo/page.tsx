import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PageHeader } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { courseCompletion, demoCourseAvailable } from '@/server/privacy-course/queries';
import { DEMO_QUESTIONS } from '@/server/privacy-course/schema';
import { CourseDone } from '../course-done';
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
        <CourseDone completedAt={done.completedAt}>You have already completed the privacy course.</CourseDone>
      ) : (
        <DemoCourseForm questions={DEMO_QUESTIONS} />
      )}
    </>
  );
}
