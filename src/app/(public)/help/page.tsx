import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccessJourneys } from '@/components/help/access-journeys';
import { PageHeader } from '@/components/ui';
import { HELP_ANCHOR, SERVICE_BC_HELP_DESK, type HelpTopic } from '@/lib/help';
import { env } from '@/server/env';
import { PROFESSION_ORDER, PROFESSIONS } from '@/server/professions/rules';

export const metadata: Metadata = { title: 'Help' };

// Public and built from configuration and the policy table only: people who cannot sign in
// are the ones who need it most.

type Policy = (typeof PROFESSIONS)[keyof typeof PROFESSIONS];
const professions = (pick: (p: Policy) => boolean, plural = true) =>
  PROFESSION_ORDER.filter((p) => pick(PROFESSIONS[p])).map((p) => {
    const label = PROFESSIONS[p].label.toLowerCase();
    return plural && !label.endsWith('staff') ? `${label}s` : label;
  });
const list = (items: string[], conjunction = 'and') =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;

const tel = (n: string) => <a href={`tel:+1-${n.replace(/^1-/, '')}`}>{n}</a>;

type Answer = { topic: HelpTopic; question: string; body: ReactNode };

function answers(appName: string): Answer[] {
  // From the policy table, so a rule change there changes these answers too.
  const independent = professions((p) => p.enrolsAs === 'INDEPENDENT');
  const onBehalf = professions((p) => p.enrolsAs === 'ON_BEHALF_OF');
  const authorizers = professions((p) => p.mayBeAuthorizer, false);
  const remote = professions((p) => p.remoteAccessPossible);
  return [
    {
      topic: 'eligibility',
      question: 'Who can get access to CareConnect through this portal?',
      body: (
        <>
          <p>
            People who work at a community worksite in British Columbia — a private practice clinic, a
            community health service organization, a pharmacy, or a long-term care or assisted-living
            site — and need to see patients&apos; health records to care for them. The worksite must be
            registered here and active.
          </p>
          <p>
            {capitalize(list(independent))} enrol on their own, with their college licence number.{' '}
            {capitalize(list(onBehalf))} enrol &ldquo;on behalf of&rdquo; a {list(authorizers, 'or')} at
            the same worksite who agrees to sponsor them.
          </p>
          <p>
            A worksite registered as &ldquo;No Clinical Apps (Service Card Registration Only)&rdquo; never
            gives access to CareConnect.
          </p>
        </>
      ),
    },
    {
      topic: 'remoteAccess',
      question: 'Can I open CareConnect from outside the worksite?',
      body: (
        <p>
          Only {list(remote)} can have remote access (for example from a home office), and only after
          their access at the worksite itself is active. Ask for it from the worksite&apos;s page; the
          enrolment team decides. Everyone else opens CareConnect while at the worksite.
        </p>
      ),
    },
    {
      topic: 'healthAuthority',
      question: 'I already use CareConnect at a health authority. Is this the same account?',
      body: (
        <>
          <p>
            No. Access inside a health authority (for example at a hospital) comes from that health
            authority, with its own account, and is not managed here. {appName} gives community access:
            at worksites outside the health authorities.
          </p>
          <p>
            They are separate accounts, and one does not give you the other. If you work in both
            places, you need both: use the one that belongs to where you are working.
          </p>
        </>
      ),
    },
    {
      topic: 'bcServicesCard',
      question: 'Why do I need a BC Services Card, and why was my sign-in refused?',
      body: (
        <>
          <p>
            You sign in to {appName} with the BC Services Card app. It proves who you are, so we never
            ask for a password here. The first time you sign in, your card is linked with CareConnect.
          </p>
          <p>
            Because CareConnect shows patients&apos; health records, your card must be verified to the
            highest level: in person or by video. If sign-in was refused for that reason, finish the
            identity check in the BC Services Card app or at a Service BC office, then sign in again.
          </p>
        </>
      ),
    },
    {
      topic: 'outOfSync',
      question: 'The BC Services Card app says my account is “out of sync”. What do I do?',
      body: (
        <>
          <p>
            Call the Service BC help desk: the BC Services Card is theirs, and the enrolment team cannot
            fix it. They are open {SERVICE_BC_HELP_DESK.hours}.
          </p>
          <ul className="list-disc pl-6">
            <li>Toll free: {tel(SERVICE_BC_HELP_DESK.tollFree)}</li>
            <li>In the Lower Mainland, or from outside Canada and the USA: {tel(SERVICE_BC_HELP_DESK.local)}</li>
          </ul>
        </>
      ),
    },
    {
      topic: 'privacyBreach',
      question: 'What is a privacy breach?',
      body: (
        <>
          <p>
            A privacy breach is any time personal information is seen, collected, used, shared or thrown
            away without authorization, on purpose or by mistake. For example:
          </p>
          <ul className="list-disc pl-6">
            <li>looking up a patient you are not caring for, including yourself, family, friends or colleagues;</li>
            <li>letting someone else use your account, or leaving CareConnect open on an unattended screen;</li>
            <li>printing, photographing or sending a record to someone who should not have it.</li>
          </ul>
          <p>
            Every look-up in CareConnect is recorded. If you think a breach has happened, report it at
            once through your worksite&apos;s breach reporting process (your site administrator knows it).
            The privacy course covers this in detail.
          </p>
        </>
      ),
    },
    {
      topic: 'platforms',
      question: 'Which computers and devices can I use?',
      body: (
        <p>
          Open the CareConnect eHealth Viewer on a desktop or laptop computer with a current, supported
          web browser. The viewer is not supported on phones or tablets. Keep your operating system and
          browser up to date and lock your screen when you step away.
        </p>
      ),
    },
    {
      topic: 'decisionTimes',
      question: 'How long do decisions take?',
      body: (
        <p>
          The enrolment team decides within 5 to 7 business days (Monday to Friday, not counting BC
          statutory holidays) once it has everything it needs: for a worksite, the registration and
          then the Privacy &amp; Security Declaration; for you, the enrolment form, the privacy course
          and, if your profession needs it, the HPCAA. Your dashboard shows the expected dates, and you
          get an email when the team decides.
        </p>
      ),
    },
    {
      topic: 'preferredName',
      question: 'How do I change the name the portal shows?',
      body: (
        <p>
          Your legal name comes from your BC Services Card and is updated each time you sign in; it
          cannot be edited here. If you go by another name — for example the one on your college
          licence — open <Link href="/profile">Your profile</Link> and set a preferred first and last
          name. It is shown throughout the portal and in emails. To change your legal name, change it
          with your BC Services Card first.
        </p>
      ),
    },
    {
      topic: 'worksiteCloses',
      question: 'What happens when a worksite closes?',
      body: (
        <>
          <p>
            A site administrator asks for closure from the worksite&apos;s settings page, or the
            enrolment team closes it. When it closes, every membership there ends, each member gets an
            email, and nobody can open CareConnect through that worksite any more.
          </p>
          <p>
            Your own enrolment stays. If you work somewhere else, join that worksite with its Worksite
            ID (Worksites, then Join a worksite); if your clinic reopens under another name or address,
            a site administrator registers it as a new worksite. On-behalf-of users also need an
            authorizer at the new worksite to sponsor them.
          </p>
        </>
      ),
    },
    {
      topic: 'teamArea',
      question: 'I work for the enrolment team. Why can I not open the team area?',
      body: (
        <p>
          The team area is only for people with a staff role, which a staff administrator gives by
          invitation. Ask a staff administrator to invite you, then accept the invitation after signing
          in. Clinic staff manage their worksite from Worksites instead.
        </p>
      ),
    },
  ];
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export default function HelpPage() {
  const { APP_NAME } = env();
  const all = answers(APP_NAME);
  return (
    <>
      <PageHeader title="Help" lead={`Answers to the questions people ask most about ${APP_NAME} and CareConnect.`} />
      <nav aria-labelledby="questions" className="mb-8">
        <h2 id="questions" className="mb-2 text-xl font-bold">
          Questions on this page
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>
            <a href={`#${HELP_ANCHOR.requestAccess}`}>How do I request access?</a>
          </li>
          {all.map((a) => (
            <li key={a.topic}>
              <a href={`#${HELP_ANCHOR[a.topic]}`}>{a.question}</a>
            </li>
          ))}
        </ul>
      </nav>
      <AccessJourneys headingId={HELP_ANCHOR.requestAccess} />
      {all.map((a) => (
        <section key={a.topic} aria-labelledby={HELP_ANCHOR[a.topic]} className="mb-8 max-w-prose">
          <h2 id={HELP_ANCHOR[a.topic]} className="mb-2 scroll-mt-4 text-2xl font-bold">
            {a.question}
          </h2>
          <div className="space-y-3">{a.body}</div>
        </section>
      ))}
    </>
  );
}
