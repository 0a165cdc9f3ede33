import 'server-only';
import type { Profession } from '@/generated/prisma/enums';
import type { Tx } from '@/server/db';
import { env } from '@/server/env';
import { enqueueEmail } from '@/server/outbox/enqueue';
import { professionLabel } from '@/server/professions/rules';
import { renderEmail } from '../render';
import { portalUrl } from '../worksite-email';
import { formatPacific } from './contact-email-changed';

export const ENROLMENT_IN_REVIEW = 'enrolment.in-review';
export const PROFESSION_CHANGE_REQUESTED = 'enrolment.profession-change-requested';

type EnrolmentRef = {
  id: string;
  profession: Profession | null;
  college: string | null;
  licenceNumber: string | null;
};

const licenceLine = (college: string | null, licence: string | null) =>
  college && licence ? `${college} licence number ${licence}` : 'no licence number (not a licensed profession)';

const pacificDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', { dateStyle: 'full', timeZone: 'America/Vancouver' }).format(d);

/** Team mailbox: an enrolment has every step done and waits in the review queue (SPEC §7, §12). */
export function enrolmentInReviewEmail(p: {
  enrolment: EnrolmentRef;
  personName: string;
  reviewStartedAt: Date;
  expected: { from: Date; to: Date };
}) {
  const what = p.enrolment.profession ? professionLabel(p.enrolment.profession) : 'Profession not given';
  const subject = `Enrolment ready for review: ${p.personName}`;
  const { text, html } = renderEmail({
    heading: 'An enrolment is ready for review',
    paragraphs: [
      `${p.personName} (${what}, ${licenceLine(p.enrolment.college, p.enrolment.licenceNumber)}) has submitted the enrolment form, completed the privacy course and accepted the access agreement where their profession needs it.`,
      `It entered the review queue on ${formatPacific(p.reviewStartedAt)}. The person was told to expect a decision between ${pacificDay(p.expected.from)} and ${pacificDay(p.expected.to)}.`,
    ],
    action: { label: 'Open the enrolment', url: portalUrl(`/admin/enrolments/${p.enrolment.id}`) },
  });
  return { subject, text, html };
}

export async function enqueueEnrolmentInReview(
  tx: Tx,
  p: Parameters<typeof enrolmentInReviewEmail>[0] & { personId: string; dedupeKey: string },
) {
  await enqueueEmail(tx, {
    template: ENROLMENT_IN_REVIEW,
    to: env().TEAM_MAILBOX,
    personId: p.personId,
    dedupeKey: p.dedupeKey,
    ...enrolmentInReviewEmail(p),
  });
}

/** Team mailbox: a person asks for their locked profession or licence number to be changed. */
export function professionChangeRequestedEmail(p: {
  requestId: string;
  enrolmentId: string;
  personName: string;
  from: { profession: Profession | null; college: string | null; licenceNumber: string | null };
  to: { profession: Profession; college: string | null; licenceNumber: string | null };
  reason: string;
}) {
  const label = (x: Profession | null) => (x ? professionLabel(x) : 'none');
  const subject = `Profession change requested: ${p.personName}`;
  const { text, html } = renderEmail({
    heading: 'A profession change is waiting for you',
    paragraphs: [
      `${p.personName} asks to change their profession. Check the new licence with the college before applying it.`,
      `Now: ${label(p.from.profession)}, ${licenceLine(p.from.college, p.from.licenceNumber)}.`,
      `Requested: ${label(p.to.profession)}, ${licenceLine(p.to.college, p.to.licenceNumber)}.`,
      `Their reason: ${p.reason}`,
    ],
    action: { label: 'Open the enrolment', url: portalUrl(`/admin/enrolments/${p.enrolmentId}`) },
  });
  return { subject, text, html };
}

export async function enqueueProfessionChangeRequested(
  tx: Tx,
  p: Parameters<typeof professionChangeRequestedEmail>[0] & { personId: string },
) {
  await enqueueEmail(tx, {
    template: PROFESSION_CHANGE_REQUESTED,
    to: env().TEAM_MAILBOX,
    personId: p.personId,
    dedupeKey: `${PROFESSION_CHANGE_REQUESTED}:${p.requestId}`,
    ...professionChangeRequestedEmail(p),
  });
}
