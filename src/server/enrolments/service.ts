import 'server-only';
import type { Enrolment, EnrolmentStatus } from '@/generated/prisma/client';
import { clock } from '@/lib/clock';
import { END_DATE_IN_PAST, endDateInPast } from '@/lib/end-date';
import { DomainError } from '@/lib/errors';
import { displayName } from '@/lib/names';
import { audit, byPerson, changedFields } from '../audit';
import { db, type Tx } from '../db';
import { professionChangeRequestedNotice } from '../email/templates/enrolment';
import { enqueueNotices } from '../notify';
import { collegeOf } from '../professions/rules';
import { saveContactDetails } from '../people/service';
import type { RequestContext } from '../request-context';
import { writeSubmissionSnapshot } from '../submission-snapshot';
import { claimKey, completeKey, usedKey } from './idempotency';
import { maybeStartReview } from './progress';
import {
  lockedFieldChanges,
  mayRequestProfessionChange,
  personMayEditForm,
  PROFESSION_LOCKED_MESSAGE,
  professionLocked,
  submitEvent,
} from './rules';
import type { EnrolmentFormValues, ProfessionChangeValues } from './schema';
import { changeEnrolmentStatus, lockEnrolmentOf } from './status';

const SAVE = 'enrolment.save';
const PROFESSION_CHANGE = 'enrolment.profession-change';

export type SaveEnrolmentResult = {
  enrolmentId: string;
  status: EnrolmentStatus;
  submitted: boolean;
  reviewStarted: boolean;
  replayed: boolean;
};

const toDate = (v: string | null) => (v ? new Date(`${v}T00:00:00Z`) : null);
const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** The enrolment columns the form writes, as comparable plain values. */
function enrolmentFields(v: EnrolmentFormValues) {
  return {
    profession: v.profession,
    college: collegeOf(v.profession),
    licenceNumber: v.licenceNumber,
    jobTitle: v.jobTitle,
    residencyStart: v.residencyStart,
    residencyEnd: v.residencyEnd,
  };
}

function currentFields(e: Enrolment) {
  return {
    profession: e.profession,
    college: e.college,
    licenceNumber: e.licenceNumber,
    jobTitle: e.jobTitle,
    residencyStart: isoDay(e.residencyStart),
    residencyEnd: isoDay(e.residencyEnd),
  };
}

const contactFields = (v: EnrolmentFormValues) => ({
  preferredGivenName: v.preferredGivenName,
  preferredFamilyName: v.preferredFamilyName,
  contactEmail: v.contactEmail,
  contactPhone: v.contactPhone,
});


function notOpenMessage(status: EnrolmentStatus): string {
  switch (status) {
    case 'DECLINED':
      return 'Your enrolment was declined, so the form can no longer be changed.';
    case 'SUSPENDED':
      return 'Your enrolment is suspended, so the form cannot be changed.';
    default:
      return 'Your enrolment form is already submitted. To change your contact details, use your profile; to change your profession or licence number, request a profession change.';
  }
}

/**
 * SPEC §7 step 2: saves the enrolment form as a draft, or submits it (first time, or again after
 * the team asked for changes). Submitting locks profession and licence number, keeps an immutable
 * snapshot, and starts the review at once if the other steps are already done.
 */
export async function saveEnrolment(
  personId: string,
  input: EnrolmentFormValues,
  ctx: RequestContext,
  now = clock.now(),
): Promise<SaveEnrolmentResult> {
  return db().$transaction(async (tx) => {
    const key = `${SAVE}:${input.submissionKey}`;
    const claim = await claimKey(tx, key, personId, SAVE);
    if (!claim.claimed) {
      const e = await tx.enrolment.findUnique({ where: { id: claim.resultId } });
      if (!e || e.personId !== personId) throw usedKey();
      return { enrolmentId: e.id, status: e.status, submitted: input.intent === 'submit', reviewStarted: false, replayed: true };
    }

    // One enrolment per person: a concurrent first save waits here and then finds the row.
    const { count: created } = await tx.enrolment.createMany({ data: [{ personId }], skipDuplicates: true });
    const enrolment = (await lockEnrolmentOf(tx, personId))!;
    if (created === 1) {
      await tx.enrolmentStatusChange.create({
        data: { enrolmentId: enrolment.id, fromStatus: null, toStatus: 'DRAFT', actorId: personId },
      });
    }
    if (!personMayEditForm(enrolment.status)) throw new DomainError('INVALID_TRANSITION', notOpenMessage(enrolment.status));
    // A past end date would end the resident's access the moment the enrolment is approved.
    if (input.residencyEnd && endDateInPast(input.residencyEnd, now)) {
      throw new DomainError('VALIDATION', 'Please correct the highlighted fields.', { residencyEnd: END_DATE_IN_PAST });
    }

    const fields = enrolmentFields(input);
    if (professionLocked(enrolment)) {
      const changed = lockedFieldChanges(enrolment, fields);
      if (changed.length) {
        throw new DomainError(
          'INVALID_TRANSITION',
          PROFESSION_LOCKED_MESSAGE,
          Object.fromEntries(changed.map((f) => [f, 'This is locked. Request a profession change to change it.'])),
        );
      }
    }

    const diff = changedFields(currentFields(enrolment), fields);
    if (Object.keys(diff.after).length) {
      await tx.enrolment.update({
        where: { id: enrolment.id },
        data: { ...fields, residencyStart: toDate(fields.residencyStart), residencyEnd: toDate(fields.residencyEnd) },
      });
    }
    await saveContactDetails(tx, personId, contactFields(input), ctx);

    if (input.intent === 'save') {
      if (created === 1 || Object.keys(diff.after).length) {
        await audit(tx, {
          ...byPerson(personId, ctx),
          action: 'enrolment.draft_saved',
          target: { type: 'ENROLMENT', id: enrolment.id },
          personId,
          before: diff.before,
          after: diff.after,
        });
      }
      await completeKey(tx, key, enrolment.id);
      return { enrolmentId: enrolment.id, status: enrolment.status, submitted: false, reviewStarted: false, replayed: false };
    }

    const event = submitEvent(enrolment.status)!;
    const change = await changeEnrolmentStatus(tx, enrolment, event, 'PERSON', { actorId: personId });
    const snapshot = await snapshotEnrolment(tx, enrolment.id, personId, {
      ...fields,
      ...contactFields(input),
      status: change.to,
      submittedAt: change.at.toISOString(),
    });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: event === 'SUBMIT' ? 'enrolment.submitted' : 'enrolment.resubmitted',
      target: { type: 'ENROLMENT', id: enrolment.id },
      personId,
      before: { status: enrolment.status, ...diff.before },
      after: { status: change.to, ...diff.after, snapshotId: snapshot.id, snapshotSha256: snapshot.sha256 },
    });
    const { started } = await maybeStartReview(tx, personId, ctx);
    await completeKey(tx, key, enrolment.id);
    return {
      enrolmentId: enrolment.id,
      status: started ? 'IN_REVIEW' : change.to,
      submitted: true,
      reviewStarted: started,
      replayed: false,
    };
  });
}

const snapshotEnrolment = (tx: Tx, enrolmentId: string, personId: string, data: Record<string, unknown>) =>
  writeSubmissionSnapshot(tx, { kind: 'ENROLMENT', targetId: enrolmentId, personId, submittedById: personId, data });

export const OPEN_CHANGE_REQUEST_MESSAGE = 'You already have a profession change request waiting';

/**
 * SPEC §3: after submitting, a person cannot change their own profession; they ask the team,
 * who check it with the college and apply it. One request waits at a time.
 */
export async function requestProfessionChange(
  personId: string,
  input: ProfessionChangeValues,
  ctx: RequestContext,
): Promise<{ requestId: string; replayed: boolean }> {
  return db().$transaction(async (tx) => {
    const key = `${PROFESSION_CHANGE}:${input.submissionKey}`;
    const claim = await claimKey(tx, key, personId, PROFESSION_CHANGE);
    if (!claim.claimed) return { requestId: claim.resultId, replayed: true };

    // The enrolment row lock queues two requests from the same person.
    const enrolment = await lockEnrolmentOf(tx, personId);
    if (!enrolment || !professionLocked(enrolment)) {
      throw new DomainError(
        'INVALID_TRANSITION',
        'You have not submitted your enrolment yet, so you can still change your profession on the enrolment form.',
      );
    }
    if (!mayRequestProfessionChange(enrolment)) {
      throw new DomainError('INVALID_TRANSITION', 'Your enrolment was declined, so its profession can no longer be changed.');
    }
    const open = await tx.professionChangeRequest.findFirst({ where: { personId, status: 'REQUESTED' } });
    if (open) throw new DomainError('CONFLICT', `${OPEN_CHANGE_REQUEST_MESSAGE}. The enrolment team will answer it first.`);

    const to = { profession: input.toProfession, college: collegeOf(input.toProfession), licenceNumber: input.licenceNumber };
    if (lockedFieldChanges(enrolment, to).length === 0) {
      throw new DomainError('VALIDATION', 'Nothing would change.', {
        toProfession: 'This is already your profession and licence number',
      });
    }
    const request = await tx.professionChangeRequest.create({
      data: {
        personId,
        fromProfession: enrolment.profession,
        toProfession: to.profession,
        college: to.college,
        licenceNumber: to.licenceNumber,
        reason: input.reason,
      },
    });
    await audit(tx, {
      ...byPerson(personId, ctx),
      action: 'enrolment.profession_change_requested',
      target: { type: 'PROFESSION_CHANGE_REQUEST', id: request.id },
      personId,
      before: { profession: enrolment.profession, college: enrolment.college, licenceNumber: enrolment.licenceNumber },
      after: { ...to, reason: input.reason, enrolmentId: enrolment.id },
    });
    const person = await tx.person.findUniqueOrThrow({ where: { id: personId } });
    await enqueueNotices(tx, [professionChangeRequestedNotice({
      requestId: request.id,
      enrolmentId: enrolment.id,
      personId,
      personName: displayName(person),
      from: { profession: enrolment.profession, college: enrolment.college, licenceNumber: enrolment.licenceNumber },
      to,
      reason: input.reason,
    })]);
    await completeKey(tx, key, request.id);
    return { requestId: request.id, replayed: false };
  });
}
