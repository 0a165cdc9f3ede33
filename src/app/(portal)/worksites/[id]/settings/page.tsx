import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card, Notice } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { pacificDateTime } from '@/lib/pacific';
import { env } from '@/server/env';
import { worksiteSettings } from '@/server/worksites/settings-queries';
import { ClosureForm } from './closure-form';
import { DetailsForm } from './details-form';
import { WorksiteHeader } from '../worksite-header';

export const metadata: Metadata = { title: 'Worksite settings' };

export default async function WorksiteSettingsPage({
  params,
}: {
  params: Promise<{ id: string }>;
}) {
  const me = await requireViewerPage();
  const { id } = await params;
  const s = await worksiteSettings(me, id);
  if (!s) notFound();
  const w = s.worksite;

  return (
    <>
      <WorksiteHeader worksite={w} title="Worksite settings" />

      <Card title="Legal name and address">
        <dl className="mb-4 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-semibold">Legal name</dt>
          <dd>{w.legalName}</dd>
          <dt className="font-semibold">Address</dt>
          <dd>{w.address}</dd>
        </dl>
        <p className="max-w-prose">
          The enrolment team verified these, so only they can change them. Email{' '}
          <a className="underline" href={`mailto:${env().TEAM_MAILBOX}`}>
            {env().TEAM_MAILBOX}
          </a>{' '}
          with your Worksite ID ({w.worksiteCode}) and the new legal name or address.
        </p>
      </Card>

      <section aria-labelledby="details" className="mb-10">
        <h2 id="details" className="mb-4 text-2xl font-bold">
          Contact details
        </h2>
        {s.canEdit ? (
          <DetailsForm
            defaultValues={{
              worksiteId: w.id,
              operatingName: w.operatingName,
              phone: w.phone,
              email: w.email,
            }}
          />
        ) : (
          <p className="text-muted">
            These cannot be changed while the worksite is {w.statusLabel.toLowerCase()}.
          </p>
        )}
      </section>

      <section aria-labelledby="closure" className="mb-10">
        <h2 id="closure" className="mb-2 text-2xl font-bold">
          Close the worksite
        </h2>
        {s.closureRequest ? (
          <Notice tone="info" title="Closure requested" headingLevel={3}>
            <p>
              {s.closureRequest.byName ?? 'A site administrator'} asked the enrolment team on{' '}
              {pacificDateTime(s.closureRequest.at)} (Pacific time) to close this worksite.
            </p>
            {s.closureRequest.reason && (
              <p className="mt-2 whitespace-pre-line">Reason: {s.closureRequest.reason}</p>
            )}
          </Notice>
        ) : s.canRequestClosure ? (
          <>
            <p className="mb-4 max-w-prose">
              When a worksite closes, every membership there ends and nobody can open CareConnect at
              it. The enrolment team makes the decision; your request tells them why.
            </p>
            <ClosureForm worksiteId={w.id} />
          </>
        ) : (
          <p className="text-muted">A closure can be requested once the worksite is active.</p>
        )}
      </section>
    </>
  );
}
