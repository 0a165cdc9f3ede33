// The two journeys of "How to request access" (SPEC §17), on the landing page and on /help.
// Static on purpose: the landing page must render without the database.

type Step = { title: string; time?: string; text: string };

export const WORKSITE_STEPS: readonly Step[] = [
  {
    title: 'Express interest',
    time: 'about 15 minutes',
    text: 'A clinic manager signs in and registers the worksite: its names, address, contact details and the people who will use CareConnect there.',
  },
  {
    title: 'Receive instructions',
    text: 'The enrolment team reviews the registration and emails the enrolment instructions, with the Worksite ID.',
  },
  {
    title: 'Privacy & Security Declaration',
    text: 'A site administrator with signing authority completes the declaration online and attaches a screenshot of the worksite’s active antivirus. Once the team approves it, the worksite is active and its people are invited.',
  },
];

export const USER_STEPS: readonly Step[] = [
  {
    title: 'Set up your BC Services Card account',
    time: 'about 15 minutes',
    text: 'Set up the BC Services Card app and verify your identity (in person or by video).',
  },
  {
    title: 'Link it with CareConnect',
    time: 'about 1 minute',
    text: 'Sign in here with your BC Services Card. The first sign-in links your card with CareConnect.',
  },
  {
    title: 'Online enrolment',
    time: 'about 10 minutes',
    text: 'Fill in the enrolment form: your profession, college licence number and contact details.',
  },
  {
    title: 'Privacy course',
    time: 'about 15 minutes',
    text: 'Take the online privacy course.',
  },
  {
    title: 'Health Professional CareConnect Access Agreement (HPCAA)',
    time: 'about 15 minutes',
    text: 'Read and accept the access agreement. Medical office assistants and clinical support staff skip this step.',
  },
];

type Journey = { key: string; heading: string; lead: string; steps: readonly Step[]; after: string };

const JOURNEYS: readonly Journey[] = [
  {
    key: 'worksite',
    heading: 'For a worksite',
    lead: 'Done once, by the clinic manager or a site administrator.',
    steps: WORKSITE_STEPS,
    after: 'Start by signing in and choosing Worksites, then Register a worksite.',
  },
  {
    key: 'user',
    heading: 'For each person',
    lead: 'Done by everyone who will open CareConnect.',
    steps: USER_STEPS,
    after: 'Then join your worksite with its Worksite ID, or accept the invitation it emailed you.',
  },
];

type StepsProps = Omit<Journey, 'key'> & { id: string };

function Steps({ id, heading, lead, steps, after }: StepsProps) {
  return (
    <section aria-labelledby={id} className="rounded border border-line-soft bg-white p-5 shadow-sm">
      <h3 id={id} className="text-xl font-bold text-ink">
        {heading}
      </h3>
      <p className="mt-1 text-muted">{lead}</p>
      <ol className="mt-4 list-decimal space-y-3 pl-6">
        {steps.map((s) => (
          <li key={s.title}>
            <span className="font-semibold">{s.title}</span>
            {s.time && <span> ({s.time})</span>}
            <p>{s.text}</p>
          </li>
        ))}
      </ol>
      <p className="mt-4">{after}</p>
    </section>
  );
}

export function AccessJourneys({ headingId = 'how-to-request-access' }: { headingId?: string }) {
  return (
    <section aria-labelledby={headingId} className="mb-8">
      <h2 id={headingId} className="mb-2 text-2xl font-bold">
        How to request access
      </h2>
      <p className="mb-4 max-w-prose">
        First the worksite is registered and approved; then each person who will use CareConnect
        there enrols. The enrolment team decides each step within 5 to 7 business days.
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        {JOURNEYS.map(({ key, ...journey }) => (
          <Steps key={key} id={`${headingId}-${key}`} {...journey} />
        ))}
      </div>
    </section>
  );
}
