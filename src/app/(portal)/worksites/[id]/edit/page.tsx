import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ButtonLink, Notice, PageHeader } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { intakeForEdit } from '@/server/worksites/queries';
import { IntakeForm } from '../../new/intake-form';

export const metadata: Metadata = { title: 'Correct the registration' };

export default async function EditIntakePage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireViewerPage();
  const { id } = await params;
  const edit = await intakeForEdit(me, id);
  if (!edit) notFound();
  const header = (
    <PageHeader
      caption={`${edit.operatingName} · Worksite ID ${edit.worksiteCode}`}
      title="Correct the registration"
    />
  );

  if (!edit.canResubmit) {
    return (
      <>
        {header}
        <Notice tone="info" title="There is nothing to correct now">
          Only a site administrator can correct the registration, and only after the enrolment team
          asks for changes to it.
        </Notice>
        <ButtonLink variant="secondary" href={`/worksites/${edit.worksiteId}`}>
          Back to the worksite
        </ButtonLink>
      </>
    );
  }

  return (
    <>
      {header}
      {edit.reason && (
        <Notice tone="warning" title="What the enrolment team asked for">
          <p className="whitespace-pre-line">{edit.reason.text}</p>
          <p className="mt-2 text-muted">{pacificDateTime(edit.reason.at)} (Pacific time)</p>
        </Notice>
      )}
      <p className="mb-6 max-w-prose">
        Change what the team asked for, then resubmit. The registration goes back to the enrolment
        team for review.
      </p>
      <IntakeForm
        defaultValues={{ ...edit.values, submissionKey: randomUUID() }}
        resubmit={{ worksiteId: edit.worksiteId, expectedStatus: edit.status }}
      />
    </>
  );
}
