import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { ButtonLink, Notice, PageHeader } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { professionChangeData } from '@/server/enrolments/queries';
import { ProfessionChangeForm } from './profession-change-form';
import { SummaryList } from '../summary-list';

export const metadata: Metadata = { title: 'Request a profession change' };

export default async function ProfessionChangePage() {
  const me = await requireViewerPage();
  const data = await professionChangeData(me);

  return (
    <>
      <PageHeader
        title="Request a profession change"
        lead="Your profession and licence number were locked when you submitted your enrolment. The enrolment team checks a change with your college before applying it."
      />
      {data.lastDecision && (
        <Notice
          tone={data.lastDecision.status === 'APPLIED' ? 'success' : 'warning'}
          title={
            data.lastDecision.status === 'APPLIED'
              ? `Your change to ${data.lastDecision.toProfession} was applied on ${data.lastDecision.decidedOn}`
              : `Your request to change to ${data.lastDecision.toProfession} was declined on ${data.lastDecision.decidedOn}`
          }
        >
          {data.lastDecision.reason && <p className="whitespace-pre-line">{data.lastDecision.reason}</p>}
        </Notice>
      )}
      {data.notLockedYet ? (
        <>
          <Notice tone="info" title="You can still change your profession yourself">
            <p>You have not submitted your enrolment yet, so you can change your profession on the enrolment form.</p>
          </Notice>
          <ButtonLink href="/enrolment">Go to the enrolment form</ButtonLink>
        </>
      ) : data.open ? (
        <>
          <Notice tone="info" title="Your request is waiting">
            <p>
              You asked on {data.open.requestedOn} to change to {data.open.toProfession}
              {data.open.licenceNumber ? ` (${data.open.college} licence number ${data.open.licenceNumber})` : ''}. You can
              send another request once the enrolment team has answered this one.
            </p>
          </Notice>
          <ButtonLink href="/enrolment" variant="secondary">
            Back to your enrolment
          </ButtonLink>
        </>
      ) : !data.mayRequest ? (
        <>
          <Notice tone="info" title="A profession change is not possible">
            <p>Your enrolment was declined, so its profession can no longer be changed.</p>
          </Notice>
          <ButtonLink href="/enrolment" variant="secondary">
            Back to your enrolment
          </ButtonLink>
        </>
      ) : (
        <>
          <section aria-labelledby="on-record" className="mb-8 max-w-2xl">
            <h2 id="on-record" className="mb-3 text-2xl font-bold">
              On record now
            </h2>
            <SummaryList rows={data.current} />
          </section>
          <ProfessionChangeForm
            defaultValues={{ licenceNumber: '', reason: '', submissionKey: randomUUID() }}
          />
        </>
      )}
    </>
  );
}
