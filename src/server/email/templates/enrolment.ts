import 'server-only';
import type { Profession } from '@/generated/prisma/enums';
import { pacificDateTime, pacificFullDate } from '@/lib/pacific';
import { env } from '@/server/env';
import type { Notice } from '@/server/notify';
import { professionLabel } from '@/server/professions/rules';
import { portalUrl } from '../worksite-email';

export const ENROLMENT_IN_REVIEW = 'enrolment.in-review';
export const PROFESSION_CHANGE_REQUESTED = 'enrolment.profession-change-requested';

type EnrolmentRef = {
  id: string;
  profession: Profession | null;
  college: string | null;
  licenceNumber: string | null;
};

// Filed under the person it is about, so their history shows what the team was told.
const toTeamAbout = (personId: string) => ({ to: env().TEAM_MAILBOX, personId });

const licenceLine = (college: string | null, licence: string | null) =>
  college && licence ? `${college} licence number ${licence}` : 'no licence number (not a licensed profession)';

/** Team mailbox: an enrolment has every step done and waits in the review queue (SPEC §7, §12). */
export function enrolmentInReviewNotice(p: {
  enrolment: EnrolmentRef;
  personId: string;
  personName: string;
  reviewStartedAt: Date;
  expected: { from: Date; to: Date };
  dedupeKey: string;
}): Notice {
  const what = p.enrolment.profession ? professionLabel(p.enrolment.profession) : 'Profession not given';
  const subject = `Enrolment ready for review: ${p.personName}`;
  const content = {
    heading: 'An enrolment is ready for review',
    paragraphs: [
      `${p.personName} (${what}, ${licenceLine(p.enrolment.college, p.enrolment.licenceNumber)}) has submitted the enrolment form, completed the privacy course and accepted the access agreement where their profession needs it.`,
      `It entered the review queue on ${pacificDateTime(p.reviewStartedAt)}. The person was told to expect a decision between ${pacificFullDate(p.expected.from)} and ${pacificFullDate(p.expected.to)}.`,
    ],
    action: { label: 'Open the enrolment', url: portalUrl(`/admin/enrolments/${p.enrolment.id}`) },
  };
  return { to: toTeamAbout(p.personId), email: { template: ENROLMENT_IN_REVIEW, subject, content }, dedupeKey: p.dedupeKey };
}

/** Team mailbox: a person asks for their locked profession or licence number to be changed. */
export function professionChangeRequestedNotice(p: {
  requestId: string;
  enrolmentId: string;
  personId: string;
  personName: string;
  from: { profession: Profession | null; college: string | null; licenceNumber: string | null };
  to: { profession: Profession; college: string | null; licenceNumber: string | null };
  reason: string;
}): Notice {
  const label = (x: Profession | null) => (x ? professionLabel(x) : 'none');
  const subject = `Profession change requested: ${p.personName}`;
  const content = {
    heading: 'A profession change is waiting for you',
    paragraphs: [
      `${p.personName} asks to change their profession. Check the new licence with the college before applying it.`,
      `Now: ${label(p.from.profession)}, ${licenceLine(p.from.college, p.from.licenceNumber)}.`,
      `Requested: ${label(p.to.profession)}, ${licenceLine(p.to.college, p.to.licenceNumber)}.`,
      `Their reason: ${p.reason}`,
    ],
    action: { label: 'Open the enrolment', url: portalUrl(`/admin/enrolments/${p.enrolmentId}`) },
  };
  return {
    to: toTeamAbout(p.personId),
    email: { template: PROFESSION_CHANGE_REQUESTED, subject, content },
    dedupeKey: `${PROFESSION_CHANGE_REQUESTED}:${p.requestId}`,
  };
}
