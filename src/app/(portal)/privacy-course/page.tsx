import type { Metadata } from 'next';
import { ButtonLink, Card, PageHeader } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { env } from '@/server/env';
import { courseCompletion, demoCourseAvailable } from '@/server/privacy-course/queries';
import { CourseDone } from './course-done';

export const metadata: Metadata = { title: 'Privacy course' };

const SOURCE_NOTE = {
  WEBHOOK: 'The learning platform told us when you passed.',
  MANUAL: 'The enrolment team recorded it for you.',
  DEMO: 'You passed the demo course.',
} as const;

export default async function PrivacyCoursePage() {
  const me = await requireViewerPage();
  const done = await courseCompletion(me.id);
  const demo = demoCourseAvailable();
  return (
    <>
      <PageHeader
        title="Privacy course"
        lead="Everyone who uses the CareConnect eHealth Viewer takes a short online course on protecting patients’ privacy."
      />
      {done ? (
        <CourseDone completedAt={done.completedAt}>
          {SOURCE_NOTE[done.source]} This step of your enrolment is done.
        </CourseDone>
      ) : (
        <>
          <Card title="How to take the course">
            <ol className="list-decimal space-y-2 pl-6">
              <li>Open the course on the provincial learning platform and sign in there.</li>
              <li>Work through the modules and pass the short test at the end. It takes about 45 minutes.</li>
              <li>
                The learning platform tells us when you pass, usually within a few minutes. This page then shows the date you
                completed it; you do not need to send us a certificate.
              </li>
            </ol>
            <p className="mt-4">
              Completed the course more than a day ago and this page still does not show it? Email the enrolment team at{' '}
              <a href={`mailto:${env().TEAM_MAILBOX}`}>{env().TEAM_MAILBOX}</a> with your certificate; they can record it for
              you.
            </p>
          </Card>
          {demo && (
            <Card title="Demo course">
              <p className="mb-4">
                This is a demonstration system, so a three-question demo course stands in for the learning platform. Passing
                it records your completion the same way the platform would.
              </p>
              <ButtonLink href="/privacy-course/demo">Take the demo course</ButtonLink>
            </Card>
          )}
        </>
      )}
    </>
  );
}
