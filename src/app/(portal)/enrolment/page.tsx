import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ButtonLink, Notice, PageHeader, StatusBadge } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { enrolmentFormData } from '@/server/enrolments/queries';
import { EnrolmentForm } from './enrolment-form';
import { SummaryList } from './summary-list';

export const metadata: Metadata = { title: 'Your enrolment' };

const SAVED: Record<string, { title: string; body: string }> = {
  submitted: {
    title: 'Your enrolment form is submitted',
    body: 'Your profession and licence number are now locked. Your checklist on the home page shows what is left to do.',
  },
  draft: { title: 'Your form is saved', body: 'It is not submitted yet. Come back and submit it when you are ready.' },
  'change-requested': {
    title: 'Your profession change request is sent',
    body: 'The enrolment team checks it with your college. You will get an email when they decide.',
  },
};

export default async function EnrolmentPage({ searchParams }: { searchParams: Promise<{ saved?: string }> }) {
  const me = await requireViewerPage();
  const data = (await enrolmentFormData(me))!;
  const saved = SAVED[(await searchParams).saved ?? ''];
  const teamReasonTitle =
    data.status === 'CHANGES_REQUESTED'
      ? 'The enrolment team asked for changes'
      : data.status === 'DECLINED'
        ? 'Why your enrolment was declined'
        : 'Why your enrolment was suspended';

  return (
    <>
      <PageHeader
        title="Your enrolment"
        lead={
          <>
            <p>
              Status: <StatusBadge status={data.status ?? 'DRAFT'} label={data.statusLabel} />
            </p>
            <p className="mt-2">{data.statusDescription}</p>
          </>
        }
      />
      {saved && (
        <Notice tone="success" title={saved.title}>
          <p>{saved.body}</p>
        </Notice>
      )}
      {data.teamReason && (
        <Notice tone="warning" title={teamReasonTitle}>
          <p className="whitespace-pre-line">{data.teamReason}</p>
        </Notice>
      )}
      {data.openProfessionChange && (
        <Notice tone="info" title="Your profession change request is waiting">
          <p>
            You asked on {data.openProfessionChange.requestedOn} to change to {data.openProfessionChange.toProfession}
            {data.openProfessionChange.licenceNumber
              ? ` (${data.openProfessionChange.college} licence number ${data.openProfessionChange.licenceNumber})`
              : ''}
            . The enrolment team checks it with your college.
          </p>
        </Notice>
      )}

      {data.canEdit ? (
        <EnrolmentForm
          defaultValues={{
            ...data.values,
            profession: data.values.profession || undefined,
            // New on every render of this page: submitting the same rendered form twice saves once.
            submissionKey: randomUUID(),
            intent: 'submit',
          }}
          locked={data.locked}
          lockedSummary={data.summary}
          resubmitting={data.status === 'CHANGES_REQUESTED'}
        />
      ) : (
        <section aria-labelledby="what-you-submitted" className="max-w-2xl">
          <h2 id="what-you-submitted" className="mb-3 text-2xl font-bold">
            What you submitted
          </h2>
          {data.submittedOn && <p className="mb-3">Submitted on {data.submittedOn}.</p>}
          <SummaryList className="mb-6" rows={data.summary} />
          <p className="mb-4">
            To change your preferred name, contact email or phone, go to{' '}
            <Link href="/profile" className="font-semibold underline">
              your profile
            </Link>
            .
          </p>
          {data.mayRequestProfessionChange && !data.openProfessionChange && (
            <ButtonLink href="/enrolment/profession-change" variant="secondary">
              Request a profession change
            </ButtonLink>
          )}
        </section>
      )}
    </>
  );
}
