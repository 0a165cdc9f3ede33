import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ButtonLink, Notice, PageHeader, StatusBadge } from '@/components/ui';
import { requireViewerPage } from '@/server/authz';
import { declarationForm } from '@/server/declarations/queries';
import { pacificDate } from '@/server/declarations/rules';
import { DeclarationForm } from './declaration-form';
import { clock } from '@/lib/clock';

export const metadata: Metadata = { title: 'Privacy & Security Declaration' };

export default async function DeclarationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const me = await requireViewerPage();
  const view = await declarationForm(me, id);
  if (!view) notFound();
  const { worksite, version } = view;
  const back = `/worksites/${worksite.id}`;

  return (
    <>
      <PageHeader
        caption={`${worksite.operatingName} · Worksite ID ${worksite.worksiteCode}`}
        title={version?.title ?? 'Privacy & Security Declaration'}
        lead={
          <p>
            Worksite status: <StatusBadge status={worksite.status} label={worksite.statusLabel} />
          </p>
        }
      />
      {view.changesRequestedReason && (
        <Notice tone="warning" title="The enrolment team asked for changes" className="mb-8">
          <p className="whitespace-pre-line">{view.changesRequestedReason}</p>
        </Notice>
      )}
      {!view.canSubmit.ok || !version ? (
        <>
          <Notice tone="info" title="There is nothing to sign right now" className="mb-8">
            <p>{view.canSubmit.ok ? 'The declaration is not available right now.' : view.canSubmit.reason}</p>
          </Notice>
          <ButtonLink href={back} variant="secondary">
            Back to the worksite
          </ButtonLink>
        </>
      ) : (
        <>
          <section aria-labelledby="about-declaration" className="mb-10 max-w-3xl space-y-4">
            <h2 id="about-declaration" className="text-2xl font-bold">
              About this declaration
            </h2>
            {version.body.split(/\n{2,}/).map((p) => (
              <p key={p}>{p}</p>
            ))}
            <p className="text-muted">Declaration text version {version.version}.</p>
          </section>
          <DeclarationForm
            worksiteId={worksite.id}
            expectedStatus={worksite.status}
            versionId={version.id}
            safeguards={version.safeguards}
            defaults={view.defaults}
            today={pacificDate(clock.now())}
          />
        </>
      )}
    </>
  );
}
