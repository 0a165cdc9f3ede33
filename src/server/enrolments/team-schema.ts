import { z } from 'zod';
import { EnrolmentStatus } from '@/generated/prisma/enums';
import { optionalReason, requiredReason } from '@/lib/decision-reason';

// Inputs of the enrolment team's decisions on a person's enrolment. `expectedStatus` is the
// status the deciding page showed: if it is no longer the status, someone else decided first.

const enrolmentId = z.uuid('That enrolment reference is not valid. Reload the page.');
const requestId = z.uuid('That request reference is not valid. Reload the page.');
const expectedStatus = z.enum(EnrolmentStatus, 'Reload the page and try again.');

/** Read by the person: said plainly, long enough to be useful. */
export const enrolmentDecisionReason = requiredReason('the person');

/** Approve, reinstate: a note is optional. */
export const enrolmentDecisionSchema = z.strictObject({ enrolmentId, expectedStatus, reason: optionalReason });

/** Decline, request changes, suspend: the reason is required. */
export const reasonedEnrolmentDecisionSchema = z.strictObject({ enrolmentId, expectedStatus, reason: enrolmentDecisionReason });

export type EnrolmentDecisionInput = z.input<typeof enrolmentDecisionSchema>;
export type EnrolmentDecisionValues = z.output<typeof enrolmentDecisionSchema>;
export type ReasonedEnrolmentDecisionInput = z.input<typeof reasonedEnrolmentDecisionSchema>;
export type ReasonedEnrolmentDecisionValues = z.output<typeof reasonedEnrolmentDecisionSchema>;

/** Apply a profession change (a note is optional) … */
export const applyProfessionChangeSchema = z.strictObject({ requestId, reason: optionalReason });
/** … or decline it (the person reads why). */
export const declineProfessionChangeSchema = z.strictObject({ requestId, reason: enrolmentDecisionReason });

export type ApplyProfessionChangeInput = z.input<typeof applyProfessionChangeSchema>;
export type ApplyProfessionChangeValues = z.output<typeof applyProfessionChangeSchema>;
export type DeclineProfessionChangeInput = z.input<typeof declineProfessionChangeSchema>;
export type DeclineProfessionChangeValues = z.output<typeof declineProfessionChangeSchema>;

/** The decisions the team's enrolment page can offer; it shows only those that would work. */
export type EnrolmentDecision = 'approve' | 'requestChanges' | 'decline' | 'suspend' | 'reinstate';
