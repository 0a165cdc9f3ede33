import { z } from 'zod';

// Inputs about the privacy course: the learning platform's webhook payload, the team's manual
// record, and the demo course's answers.

export const PRIVACY_COURSE_ID = 'careconnect-privacy';

/** What the learning platform sends. Strict: an unexpected field means a contract change that a
 * person should look at, not something to guess about. */
// Control characters (NUL above all: PostgreSQL refuses it in text) make a payload invalid, a
// 400 the platform will not retry, instead of a failed write answered with 503 forever.
const noControl = (s: z.ZodString) =>
  s.refine((v) => !/\p{Cc}/u.test(v), 'must not contain control characters');

export const webhookPayloadSchema = z.strictObject({
  eventId: noControl(z.string().min(1).max(200)),
  subject: noControl(z.string().min(1).max(255)), // the person's BC Services Card subject
  completedAt: z.iso.datetime({ offset: true }),
  course: z.literal(PRIVACY_COURSE_ID),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** Read by other staff and auditors: long enough to say where the proof came from. */
const staffReason = z
  .string('Give a reason.')
  .trim()
  .min(5, 'Give a reason of at least 5 characters, e.g. where the certificate came from.')
  .max(2000, 'Keep the reason to 2000 characters or fewer.');

export const manualCompletionSchema = z.strictObject({
  personId: z.uuid('That person reference is not valid. Reload the page.'),
  completedAt: z.iso.date('Enter the date the course was completed, like 2026-11-22.'),
  reason: staffReason,
});
export type ManualCompletionInput = z.input<typeof manualCompletionSchema>;
export type ManualCompletionValues = z.output<typeof manualCompletionSchema>;

// ───────────────────────── Demo course ─────────────────────────

export type DemoQuestion = {
  key: 'purpose' | 'sharing' | 'breach';
  question: string;
  options: { value: string; label: string }[];
};

export const DEMO_QUESTIONS: readonly DemoQuestion[] = [
  {
    key: 'purpose',
    question: 'When may you look up a person’s record in CareConnect?',
    options: [
      { value: 'caring', label: 'When I am providing or supporting care to that person' },
      { value: 'asked', label: 'Whenever a colleague asks me to' },
      { value: 'self', label: 'To check my own or my family’s results' },
    ],
  },
  {
    key: 'sharing',
    question: 'A colleague forgot their BC Services Card. What should you do?',
    options: [
      { value: 'share-session', label: 'Let them use my open CareConnect session' },
      { value: 'sign-in-for-them', label: 'Sign in for them with my card' },
      {
        value: 'own-account',
        label: 'Neither: they use their own account, once they have their card',
      },
    ],
  },
  {
    key: 'breach',
    question:
      'You think patient information was seen by someone who should not have seen it. What do you do?',
    options: [
      { value: 'nothing', label: 'Nothing, if it was an accident' },
      {
        value: 'report',
        label: 'Report it right away to my privacy contact and the enrolment team',
      },
      { value: 'wait', label: 'Wait to see whether the patient complains' },
    ],
  },
];

const answer = (q: DemoQuestion) =>
  z.enum(q.options.map((o) => o.value) as [string, ...string[]], 'Choose an answer.');

// Only "an answer was chosen" is checked here; whether it is right is decided on the server
// (demo.ts), so the page sent to the browser does not carry the answers.
export const demoCourseSchema = z.strictObject({
  purpose: answer(DEMO_QUESTIONS[0]!),
  sharing: answer(DEMO_QUESTIONS[1]!),
  breach: answer(DEMO_QUESTIONS[2]!),
});
export type DemoCourseInput = z.input<typeof demoCourseSchema>;
export type DemoCourseValues = z.output<typeof demoCourseSchema>;
