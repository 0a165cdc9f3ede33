import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice, PageHeader } from '@/components/ui';
import { agreementPage } from '@/server/agreements/queries';
import { lastDayToAccept, longCalendarDate, pacificLongDate } from '@/server/agreements/rules';
import { requireViewerPage } from '@/server/authz';
import { AgreementForm } from './agreement-form';

export const metadata: Metadata = { title: 'Access agreement' };

export default async function AgreementPage() {
  const me = await requireViewerPage();
  const view = (await agreementPage(me))!;
  const { current, state, accepted, prompt } = view;
  // During a grace period the older acceptance still counts, but the new version is asked for.
  const inGrace = state === 'accepted' && prompt !== null && !prompt.overdue;
  const mustAccept = (state !== 'accepted' || inGrace) && view.needed !== false;

  return (
    <>
      <PageHeader
        title={current.title}
        lead={`Version ${current.version}, in effect since ${pacificLongDate(current.effectiveAt)}. Read it, then accept it with your full name.`}
      />

      {view.needed === false && (
        <Notice tone="info" title="Your profession does not need this agreement" role="none">
          As a {view.professionLabel}, you work on behalf of a health professional who has accepted it. You can still read it
          below.
        </Notice>
      )}
      {view.needed !== false && inGrace && accepted && prompt && (
        <Notice tone="warning" title={`A new version of the agreement took effect on ${pacificLongDate(prompt.effectiveAt)}`} role="none">
          You accepted version {accepted.version}. Accept version {current.version} below by {longCalendarDate(lastDayToAccept(prompt.acceptBy))} to
          keep your access to the CareConnect eHealth Viewer.
        </Notice>
      )}
      {state === 'accepted' && !inGrace && accepted && (
        <Notice tone="success" title={`You accepted version ${accepted.version} on ${pacificLongDate(accepted.acceptedAt)}`} role="none">
          It is valid for 12 months: you will be asked to accept it again on {longCalendarDate(accepted.expiresOn)}, or sooner if
          a new version is published. <Link href="/enrolment">Back to your enrolment</Link>
        </Notice>
      )}
      {view.needed !== false && state === 'expired' && accepted && (
        <Notice tone="warning" title="Please accept the agreement again" role="none">
          You accepted it on {pacificLongDate(accepted.acceptedAt)}, and an acceptance lasts 12 months. Until you accept it again,
          you cannot open the CareConnect eHealth Viewer.
        </Notice>
      )}
      {view.needed !== false && state === 'superseded' && accepted && (
        <Notice tone="warning" title="A new version of the agreement was published" role="none">
          You accepted version {accepted.version} on {pacificLongDate(accepted.acceptedAt)}. Version {current.version} replaces it
          and the time to accept it is over. Read the new version and accept it; until you do, you cannot open the CareConnect
          eHealth Viewer.
        </Notice>
      )}

      <section aria-labelledby="agreement-text" className="mb-8">
        <h2 id="agreement-text" className="mb-3 text-2xl font-bold">
          The agreement
        </h2>
        {/* Focusable so keyboard users can scroll it; named by its heading. */}
        <div
          role="region"
          aria-labelledby="agreement-text"
          tabIndex={0}
          className="max-h-[32rem] overflow-y-auto rounded border border-line bg-white p-5 focus:outline-4 focus:outline-offset-2"
        >
          {current.sections.map((s, i) => (
            <div key={i} className="mb-5 last:mb-0">
              {s.heading && <h3 className="mb-2 text-lg font-bold">{s.heading}</h3>}
              {s.paragraphs.map((p, j) => (
                <p key={j} className="mb-2 max-w-prose">
                  {p}
                </p>
              ))}
            </div>
          ))}
        </div>
      </section>

      {mustAccept && (
        <AgreementForm
          versionId={current.id}
          version={current.version}
          title={current.title}
          legalName={view.legalName}
          displayName={view.displayName}
        />
      )}
    </>
  );
}
